"""ClinicalTrials.gov study JSON → `Trial`.

Takes every shape the scraper stores: a bare API v2 study, a search response (`{"studies": [...]}`), and
a history-endpoint version (`{"studyVersion": 3, "study": {...}}`, text fields rendered as HTML). Reads
by key, never by order or layout, and turns every missing or mistyped required part into
`MalformedRecord` with one line naming the path, so a bad body never surfaces as a KeyError.
"""

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from parser.errors import MalformedRecord
from parser.ids import normalize_nct_id
from parser.models.trial import (
    Age,
    Arm,
    Contact,
    DateStruct,
    Design,
    Eligibility,
    Enrollment,
    Intervention,
    Location,
    Official,
    Outcome,
    SecondaryId,
    Sponsor,
    Trial,
    UcumTimeUnit,
)
from parser.text import html_to_text, unescape_markdown

_AGE = re.compile(r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>[A-Za-z]+)")
_AGE_UNITS: dict[str, UcumTimeUnit] = {
    "year": "a",
    "years": "a",
    "month": "mo",
    "months": "mo",
    "week": "wk",
    "weeks": "wk",
    "day": "d",
    "days": "d",
    "hour": "h",
    "hours": "h",
    "minute": "min",
    "minutes": "min",
}
_NO_AGE_LIMIT = frozenset({"N/A", "NA", ""})
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_STRUCT_DATES = {  # Trial field -> statusModule key holding {"date", "type"}
    "start_date": "startDateStruct",
    "primary_completion_date": "primaryCompletionDateStruct",
    "completion_date": "completionDateStruct",
    "first_posted": "studyFirstPostDateStruct",
    "last_update_posted": "lastUpdatePostDateStruct",
}
_PLAIN_DATES = {  # Trial field -> statusModule key holding a bare date string
    "first_submitted": "studyFirstSubmitDate",
    "last_update_submitted": "lastUpdateSubmitDate",
    "status_verified": "statusVerifiedDate",
}

TextRenderer = Callable[[str], str]
M = TypeVar("M", bound=BaseModel)


class _Node:
    """A JSON object read with type checks; every error names the dotted path it happened at."""

    def __init__(self, data: Mapping[str, Any], path: str) -> None:
        self._data = data
        self._path = path

    def _get(self, key: str, kind: type | tuple[type, ...], expected: str) -> Any:
        value = self._data.get(key)
        wrong = not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool)  # bool is an int
        if value is not None and wrong:
            raise MalformedRecord(f"{self._path}.{key}: expected {expected}, got {type(value).__name__}")
        return value

    def node(self, key: str) -> "_Node":
        return _Node(self._get(key, dict, "an object") or {}, f"{self._path}.{key}")

    def nodes(self, key: str) -> list["_Node"]:
        items = self._get(key, list, "a list") or []
        path = f"{self._path}.{key}"
        for item in items:
            if not isinstance(item, dict):
                raise MalformedRecord(f"{path}[]: expected an object, got {type(item).__name__}")
        return [_Node(item, f"{path}[{index}]") for index, item in enumerate(items)]

    def text(self, key: str) -> str | None:
        value: str | None = self._get(key, str, "a string")
        return value

    def required_text(self, key: str) -> str:
        value = self.text(key)
        if value is None:
            raise MalformedRecord(f"{self._path}.{key}: missing")
        return value

    def texts(self, key: str) -> list[str]:
        items = self._get(key, list, "a list") or []
        for item in items:
            if not isinstance(item, str):
                raise MalformedRecord(f"{self._path}.{key}[]: expected a string, got {type(item).__name__}")
        return items

    def flag(self, key: str) -> bool | None:
        value: bool | None = self._get(key, bool, "true or false")
        return value

    def integer(self, key: str) -> int | None:
        value: int | None = self._get(key, int, "an integer")
        return value

    def has(self, key: str) -> bool:
        return key in self._data


def parse_study(body: bytes | str | dict[str, Any]) -> Trial:
    """Parse one study from any stored ClinicalTrials.gov body; a search body must hold exactly one."""
    studies = _studies(body)
    if len(studies) != 1:
        raise MalformedRecord(f"expected one study, got {len(studies)} (use parse_studies for many)")
    return studies[0]


def parse_studies(body: bytes | str | dict[str, Any]) -> list[Trial]:
    """Parse every study of a search/batch response (or the single study of any other shape)."""
    return _studies(body)


def parse_age(text: str | None) -> Age | None:
    """`"18 Years"` → Age(18, "a"); `"N/A"` or absent → None (no limit). Other text is a malformed record."""
    if text is None or text.strip().upper() in _NO_AGE_LIMIT:
        return None
    match = _AGE.fullmatch(text.strip())
    unit = _AGE_UNITS.get(match["unit"].lower()) if match else None
    if match is None or unit is None:
        raise MalformedRecord(
            f"unreadable age {text!r:.60} (expected a number and Years/Months/Weeks/Days/Hours/Minutes)")
    value = float(match["value"])
    if not math.isfinite(value):  # 400 digits: `inf`, which no JSON reader (nor PostgreSQL's jsonb) takes back
        raise MalformedRecord(f"unreadable age {text!r:.60}: not a finite number")
    return Age(value=value, unit=unit, text=text)


def _studies(body: bytes | str | dict[str, Any]) -> list[Trial]:
    document = body if isinstance(body, dict) else load_json(body)
    if not isinstance(document, dict):
        raise MalformedRecord(f"expected a JSON object, got {type(document).__name__}")
    root = _Node(document, "$")
    if root.has("studies"):
        return [_trial(study, unescape_markdown) for study in root.nodes("studies")]
    if root.has("study"):  # history endpoints: text fields come as HTML
        return [_trial(root.node("study"), html_to_text)]
    return [_trial(root, unescape_markdown)]


def load_json(body: bytes | str) -> Any:
    """JSON from a body, or `MalformedRecord` saying why not: never a bare ValueError or RecursionError, which
    hostile input raises from deep nesting or from a number longer than Python's int-string limit. A string
    holding a lone surrogate (`"\\ud800"`) is refused too: no store, JSON writer or spaCy takes it."""
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise MalformedRecord(f"body is not UTF-8 text: {error.reason} at byte {error.start}") from None
    if not isinstance(body, str):
        raise MalformedRecord(f"expected bytes, text or a dict, got {type(body).__name__}")
    text = body.strip()
    if text.startswith("<"):
        raise MalformedRecord("got HTML, expected JSON")
    if not text:
        raise MalformedRecord("empty body, expected JSON")
    try:
        document = json.loads(text)
        if _SURROGATE_ESCAPE.search(text):  # rare: only then is the whole document checked
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        return document
    except UnicodeEncodeError:
        raise MalformedRecord(
            "not JSON we can read: a \\u escape names half a UTF-16 pair (not Unicode text)") from None
    except json.JSONDecodeError as error:
        if error.pos >= len(text) or error.msg.startswith("Unterminated string"):  # input ended mid-value
            raise MalformedRecord(f"truncated JSON ({len(text)} characters, ends mid-value)") from None
        raise MalformedRecord(f"not JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    except ValueError as error:  # e.g. an integer of 5,000 digits (Python's int-string limit)
        raise MalformedRecord(f"not JSON we can read: {' '.join(str(error).split(';')[0].split())}") from None
    except RecursionError:
        raise MalformedRecord("not JSON we can read: nested too deeply") from None


def _trial(study: _Node, render: TextRenderer) -> Trial:
    protocol = study.node("protocolSection")
    identification = protocol.node("identificationModule")
    nct_id = identification.text("nctId")
    if nct_id is None:
        raise MalformedRecord("no protocolSection.identificationModule.nctId: not a study record")
    status = protocol.node("statusModule")
    sponsors = protocol.node("sponsorCollaboratorsModule")
    design = protocol.node("designModule")
    description = protocol.node("descriptionModule")
    contacts = protocol.node("contactsLocationsModule")
    outcomes = protocol.node("outcomesModule")

    def markup(node: _Node, key: str) -> str | None:
        value = node.text(key)
        return None if value is None else render(value)

    fields: dict[str, Any] = {
        "nct_id": normalize_nct_id(nct_id),
        "org_study_id": identification.node("orgStudyIdInfo").text("id"),
        "secondary_ids": [
            SecondaryId(id=item.required_text("id"), type=item.text("type"), domain=item.text("domain"))
            for item in identification.nodes("secondaryIdInfos")
        ],
        "acronym": identification.text("acronym"),
        "brief_title": identification.text("briefTitle"),
        "official_title": identification.text("officialTitle"),
        "sponsor": _sponsor(sponsors.node("leadSponsor")),
        "collaborators": [_sponsor(item) for item in sponsors.nodes("collaborators")],
        "overall_status": status.text("overallStatus"),
        "why_stopped": status.text("whyStopped"),
        "phases": design.texts("phases"),
        "study_type": design.text("studyType"),
        "design": _design(design),
        "conditions": protocol.node("conditionsModule").texts("conditions"),
        "keywords": protocol.node("conditionsModule").texts("keywords"),
        "arms": [
            Arm(
                label=arm.required_text("label"),
                type=arm.text("type"),
                description=markup(arm, "description"),
                intervention_names=arm.texts("interventionNames"),
            )
            for arm in protocol.node("armsInterventionsModule").nodes("armGroups")
        ],
        "interventions": [
            Intervention(
                type=item.text("type"),
                name=item.required_text("name"),
                description=markup(item, "description"),
                arm_labels=item.texts("armGroupLabels"),
                other_names=item.texts("otherNames"),
            )
            for item in protocol.node("armsInterventionsModule").nodes("interventions")
        ],
        "primary_outcomes": [_outcome(item, markup) for item in outcomes.nodes("primaryOutcomes")],
        "secondary_outcomes": [_outcome(item, markup) for item in outcomes.nodes("secondaryOutcomes")],
        "eligibility": _eligibility(protocol.node("eligibilityModule"), markup),
        "locations": [
            Location(
                facility=item.text("facility"),
                city=item.text("city"),
                state=item.text("state"),
                country=item.text("country"),
                status=item.text("status"),
                zip=item.text("zip"),
            )
            for item in contacts.nodes("locations")
        ],
        "central_contacts": [
            Contact(
                name=item.text("name"),
                role=item.text("role"),
                phone=item.text("phone"),
                phone_ext=item.text("phoneExt"),
                email=item.text("email"),
            )
            for item in contacts.nodes("centralContacts")
        ],
        "officials": [
            Official(name=item.required_text("name"), role=item.text("role"), affiliation=item.text("affiliation"))
            for item in contacts.nodes("overallOfficials")
        ],
        "brief_summary": markup(description, "briefSummary"),
        "detailed_description": markup(description, "detailedDescription"),
        "version_holder": study.node("derivedSection").node("miscInfoModule").text("versionHolder"),
    }
    for field, key in _STRUCT_DATES.items():
        struct = status.node(key)
        fields[field] = _date(struct.text("date"), struct.text("type"), f"statusModule.{key}")
    for field, key in _PLAIN_DATES.items():
        fields[field] = _date(status.text(key), None, f"statusModule.{key}")
    return _validated(Trial, fields, nct_id)


def _sponsor(node: _Node) -> Sponsor | None:
    name = node.text("name")
    return None if name is None else Sponsor(name=name, agency_class=node.text("class"))


def _design(node: _Node) -> Design:
    info = node.node("designInfo")
    enrollment = node.node("enrollmentInfo")
    return _validated(
        Design,
        {
            "allocation": info.text("allocation"),
            "intervention_model": info.text("interventionModel"),
            "masking": info.node("maskingInfo").text("masking"),
            "primary_purpose": info.text("primaryPurpose"),
            "enrollment": _validated(
                Enrollment, {"count": enrollment.integer("count"), "type": enrollment.text("type")}, "enrollmentInfo"
            )
            if node.has("enrollmentInfo")
            else None,
        },
        "designModule",
    )


def _outcome(node: _Node, markup: Callable[[_Node, str], str | None]) -> Outcome:
    return Outcome(
        measure=node.required_text("measure"),
        description=markup(node, "description"),
        time_frame=node.text("timeFrame"),
    )


def _eligibility(node: _Node, markup: Callable[[_Node, str], str | None]) -> Eligibility:
    return _validated(
        Eligibility,
        {
            "sex": node.text("sex"),
            "minimum_age": parse_age(node.text("minimumAge")),
            "maximum_age": parse_age(node.text("maximumAge")),
            "healthy_volunteers": node.flag("healthyVolunteers"),
            "std_ages": node.texts("stdAges"),
            "criteria_text": markup(node, "eligibilityCriteria"),
        },
        "eligibilityModule",
    )


def _date(value: str | None, kind: str | None, where: str) -> DateStruct | None:
    return None if value is None else _validated(DateStruct, {"date": value, "type": kind}, where)


def _validated(model: type[M], fields: dict[str, Any], where: str) -> M:
    """Build a model, reporting a value outside the contract (a sex "X", a date "soon") as one line."""
    try:
        return model(**fields)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        raise MalformedRecord(f"{where}: {location}: {first['msg']} (got {first.get('input')!r})") from None
