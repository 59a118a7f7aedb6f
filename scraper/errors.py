"""The one exception hierarchy users catch: fetch errors here, parse errors re-exported.

    TrialwatchError
    ├── FetchError
    │   ├── StudyNotFound       the source says the trial does not exist (404)
    │   ├── UpstreamError       a 5xx / unexpected status after retries, or a transport failure
    │   │   ├── RateLimited     429 still returned after retries
    │   │   ├── HostUnavailable the run's circuit breaker stopped asking a host that kept failing
    │   │   └── RedirectRefused the source redirected to another host
    │   └── ResponseTooLarge    the body passed the size cap while streaming
    ├── StoreError              the store is locked, corrupt, unreachable or not ours
    ├── NotTracked              the store holds no version of the trial asked about
    ├── BrokerError             the distributed runs' broker (Redis) cannot be reached
    └── ParseError (parser.errors)
        ├── InvalidNctId, MalformedRecord, PageLayoutChanged
"""

from parser.errors import (
    InvalidNctId,
    InvalidPatient,
    MalformedCriteria,
    MalformedRecord,
    PageLayoutChanged,
    ParseError,
    TrialwatchError,
    UnsupportedSchemaVersion,
)

__all__ = [
    "TrialwatchError",
    "FetchError",
    "StudyNotFound",
    "UpstreamError",
    "RateLimited",
    "HostUnavailable",
    "RedirectRefused",
    "ResponseTooLarge",
    "StoreError",
    "NotTracked",
    "BrokerError",
    "ParseError",
    "InvalidNctId",
    "MalformedRecord",
    "PageLayoutChanged",
    "InvalidPatient",
    "MalformedCriteria",
    "UnsupportedSchemaVersion",
]


class FetchError(TrialwatchError):
    """Fetching a body from a source failed."""


class StudyNotFound(FetchError):
    """The source answered that the trial does not exist."""


class UpstreamError(FetchError):
    """The source failed (5xx, unexpected status, timeout, reset) after the allowed retries."""


class RateLimited(UpstreamError):
    """The source kept answering 429 Too Many Requests after the allowed retries."""


class HostUnavailable(UpstreamError):
    """The host failed so many times in a row (429, 5xx, timeouts) that this run stopped asking it."""


class RedirectRefused(UpstreamError):
    """The source redirected to another host: the body would not come from the configured source."""


class ResponseTooLarge(FetchError):
    """The response body, decoded, exceeded the configured size cap; nothing of it is kept."""


class StoreError(TrialwatchError):
    """The store cannot be used: locked by another process, corrupt, or not a trialwatch store."""


class NotTracked(TrialwatchError):
    """The store holds no version of the trial asked about: it was never tracked (or tracked into another store)."""


class BrokerError(TrialwatchError):
    """The broker that distributed runs share (Redis: task queue, results, the shared rate limit) is out of reach."""
