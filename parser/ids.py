"""NCT identifiers, validated before they reach a URL or a file path."""

import re

from parser.errors import InvalidNctId

_NCT_ID = re.compile(r"NCT[0-9]{8}")


def normalize_nct_id(value: str) -> str:
    """Return `value` as a canonical NCT id (`NCT` + 8 digits), tolerating case and surrounding space.

    Anything else (`NCT123`, `../etc`, an id with a path suffix) raises `InvalidNctId`, so no
    caller can build a URL or a path from unchecked input.
    """
    candidate = value.strip().upper() if isinstance(value, str) else ""
    if not _NCT_ID.fullmatch(candidate):
        raise InvalidNctId(f"not an NCT id: {value!r} (expected NCT followed by 8 digits)")
    return candidate
