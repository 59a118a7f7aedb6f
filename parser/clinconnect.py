"""ClinConnect trial page → `ListingPage`.

Three inputs are accepted and told apart: the HTML page with its Next.js data script, the HTML page
without it, and the page's visible text as a user would paste it. The data script is read first;
when it is absent or does not have the shape below, the page is rendered to its visible text and
read by its headings and landmarks, in page order ("Trial Information", "Current as of …",
"Eligibility criteria", …), never by generated class names. A missing landmark raises
`PageLayoutChanged` naming it, so a redesign fails loudly instead of yielding a half-empty record.

Only the page's visible text is known (`shared/seed/`); the data script's shape
(`props.pageProps.trial`, keys in `_NextTrial`) is our reconstruction, and anything else falls back
to the visible text.
"""

import re
from datetime import date

import lxml.etree
import lxml.html
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from parser.ctgov import load_json
from parser.errors import MalformedRecord, PageLayoutChanged
from parser.ids import normalize_nct_id
from parser.models.trial import ListingPage, Official, SponsorProfile, TimelineField
from parser.text import element_to_text, normalize_space, split_criteria

_LOOKS_LIKE_HTML = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body|main|div)\b", re.I | re.S)
_BULLET = re.compile(r"^(?:[•◦▪*\-])\s+")
_MONTH_NAMES = "january february march april may june july august september october november december".split()
_MONTHS = {key: number for number, name in enumerate(_MONTH_NAMES, start=1) for key in (name, name[:3])} | {"sept": 9}
_DATE = re.compile(r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})")
_NOT_REPORTED = "not reported"
_PATIENTS_APPLIED = re.compile(r"(?P<count>\d[\d,]*)\s+patients?\s+applied", re.I)
_MAX_COUNT_DIGITS = 15
_TIMELINE_LABELS: dict[str, TimelineField] = {
    "first submit": "first_submitted",
    "trial launched": "launched",
    "trial updated": "updated",
    "estimated completion": "estimated_completion",
}

# The page's landmarks, in page order: (name used in errors, pattern a whole line must match).
_LANDMARKS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        ("Trial NCT…", r".*\bTrial\s+(?P<nct_id>NCT\d{8})\b.*"),
        ("Launched by", r"Launched by (?P<sponsor>.+?)\s*[·•|]\s*(?P<launched>.+)"),
        ("Trial Information", r"Trial Information"),
        ("Current as of", r"Current as of (?P<current_as_of>.+)"),
        ("Keywords", r"Keywords"),
        ("ClinConnect Summary", r"ClinConnect Summary"),
        ("Gender", r"Gender"),
        ("Eligibility criteria", r"Eligibility criteria"),
        ("About <sponsor>", r"About (?P<about>.+)"),
        ("Locations", r"Locations"),
        ("Patients applied", r"Patients applied"),
        ("Trial Officials", r"Trial Officials"),
        ("Timeline", r"Timeline"),
    )
)
_PAGE_END = re.compile(r"Similar Trials", re.I)  # optional: a pasted page may stop before it


class _NextTrial(BaseModel):
    """The trial object of the page's `__NEXT_DATA__` script (our reconstruction of its shape)."""

    model_config = ConfigDict(alias_generator=to_camel, extra="ignore", frozen=True)

    nct_id: str
    title: str
    sponsor: str
    launched_at: date | None = None
    current_as_of: date | None = None
    status: str
    keywords: list[str] = []
    summary: str | None = None
    gender: str | None = None
    eligibility_criteria: list[str]
    locations: list[str] = []
    patients_applied: int | None = None
    officials: list[Official] = []
    timeline: dict[str, date | None] = {}
    about_sponsor: SponsorProfile | None = None


def parse_page(body: bytes | str) -> ListingPage:
    """Parse a ClinConnect trial page given as HTML (with or without its data script) or as pasted text."""
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    if not _LOOKS_LIKE_HTML.match(text):
        return _from_text(text)
    try:
        document = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        raise PageLayoutChanged("ClinConnect page: not readable HTML") from None
    return _from_next_data(document) or _from_text(element_to_text(document))


def _from_next_data(document: lxml.html.HtmlElement) -> ListingPage | None:
    """The page from its embedded JSON, or None when there is none or it has another shape."""
    scripts = document.xpath('//script[@id="__NEXT_DATA__"]/text()')
    if not scripts:
        return None
    try:
        trial = _NextTrial.model_validate(load_json(scripts[0])["props"]["pageProps"]["trial"])
        criteria = split_criteria([normalize_space(item) for item in trial.eligibility_criteria])
        return ListingPage(
            nct_id=normalize_nct_id(trial.nct_id),
            title=trial.title,
            sponsor=trial.sponsor,
            launched=trial.launched_at,
            current_as_of=trial.current_as_of,
            status=trial.status,
            keywords=trial.keywords,
            summary=trial.summary,
            gender=trial.gender,
            inclusion=criteria["inclusion"],
            exclusion=criteria["exclusion"],
            unlabelled_criteria=criteria["unlabelled"],
            locations=trial.locations,
            patients_applied=trial.patients_applied,
            officials=trial.officials,
            timeline={
                _TIMELINE_LABELS[label]: value
                for key, value in trial.timeline.items()
                if value is not None and (label := _words(key)) in _TIMELINE_LABELS
            },
            about_sponsor=trial.about_sponsor,
        )
    except (MalformedRecord, ValueError, KeyError, TypeError, ValidationError):  # not JSON we read, or not our shape
        return None


def _from_text(text: str) -> ListingPage:
    lines = [line for line in map(normalize_space, text.splitlines()) if line]  # NBSP → space; ×, ≥, µ kept
    if not lines:
        raise PageLayoutChanged("ClinConnect page: empty")
    found = _find_landmarks(lines)
    sections = _sections(lines, found)
    captured = {key: value for _, match in found for key, value in match.groupdict().items()}
    title = " ".join(sections["Trial NCT…"])
    if not title:
        raise PageLayoutChanged("ClinConnect page: missing landmark 'title' (the line before 'Launched by')")
    status = sections["Current as of"][:1]
    if not status:
        raise PageLayoutChanged("ClinConnect page: missing landmark 'status line' (after 'Current as of')")
    criteria = split_criteria([_unbullet(line) for line in sections["Eligibility criteria"]])
    return ListingPage(
        nct_id=normalize_nct_id(captured["nct_id"]),
        title=title,
        sponsor=captured["sponsor"],
        launched=_date(captured["launched"], "Launched by"),
        current_as_of=_date(captured["current_as_of"], "Current as of"),
        status=status[0],
        keywords=[_unbullet(line) for line in sections["Keywords"]],
        summary="\n\n".join(sections["ClinConnect Summary"]) or None,
        gender=next(iter(sections["Gender"]), None),
        inclusion=criteria["inclusion"],
        exclusion=criteria["exclusion"],
        unlabelled_criteria=criteria["unlabelled"],
        locations=[_unbullet(line) for line in sections["Locations"]],
        patients_applied=_patients_applied(sections["Patients applied"]),
        officials=_officials(sections["Trial Officials"]),
        timeline=_timeline(sections["Timeline"]),
        about_sponsor=SponsorProfile(name=captured["about"], text="\n\n".join(sections["About <sponsor>"]) or None),
    )


def _find_landmarks(lines: list[str]) -> list[tuple[int, re.Match[str]]]:
    """Each landmark's line index and match, searched in page order after the previous one."""
    found: list[tuple[int, re.Match[str]]] = []
    start = 0
    for name, pattern in _LANDMARKS:
        hit = next(
            ((index, match) for index in range(start, len(lines)) if (match := pattern.fullmatch(lines[index]))),
            None,
        )
        if hit is None:
            raise PageLayoutChanged(f"ClinConnect page: missing landmark {name!r}")
        found.append(hit)
        start = hit[0] + 1
    return found


def _sections(lines: list[str], found: list[tuple[int, re.Match[str]]]) -> dict[str, list[str]]:
    """The lines under each landmark, up to the next one (the last stops at "Similar Trials")."""
    end = next((i for i in range(found[-1][0], len(lines)) if _PAGE_END.fullmatch(lines[i])), len(lines))
    bounds = [index for index, _ in found] + [end]
    return {name: lines[bounds[i] + 1 : bounds[i + 1]] for i, (name, _) in enumerate(_LANDMARKS)}


def _unbullet(line: str) -> str:
    return _BULLET.sub("", line, count=1)


def _words(key: str) -> str:
    """`firstSubmit` / `first_submit` / `First submit` → `first submit`, to look labels up in one table."""
    return normalize_space(re.sub(r"(?<=[a-z])(?=[A-Z])|_", " ", key)).lower()


def _date(text: str, landmark: str) -> date:
    """`Nov 17, 2022` / `June 26, 2025` → a date, read with our own month table (no locale involved)."""
    match = _DATE.fullmatch(text.strip())
    try:
        return date(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))  # type: ignore[index]
    except (TypeError, KeyError, ValueError):  # no match (None is not indexable), unknown month, impossible day
        raise PageLayoutChanged(f"ClinConnect page: unreadable date {text!r} after {landmark!r}") from None


def _patients_applied(lines: list[str]) -> int | None:
    match = next((m for line in lines if (m := _PATIENTS_APPLIED.search(line))), None)
    if match is None:
        return None
    digits = match["count"].replace(",", "")
    if len(digits) > _MAX_COUNT_DIGITS:  # beyond Python's int-string limit, or any reader's JSON integers
        raise PageLayoutChanged(f"ClinConnect page: a count of {len(digits):,} digits under 'Patients applied'")
    return int(digits)


def _officials(lines: list[str]) -> list[Official]:
    """Officials are shown as three lines each: name, role, affiliation."""
    if len(lines) % 3:
        raise PageLayoutChanged(
            f"ClinConnect page: 'Trial Officials' has {len(lines)} lines, expected name/role/affiliation triples"
        )
    return [Official(name=name, role=role, affiliation=affiliation)
            for name, role, affiliation in zip(lines[0::3], lines[1::3], lines[2::3], strict=True)]


def _timeline(lines: list[str]) -> dict[TimelineField, date]:
    """Dates under their labels; a label followed by "Not reported", or by no date, is absent."""
    timeline: dict[TimelineField, date] = {}
    label: TimelineField | None = None
    for line in map(_unbullet, lines):
        if _words(line) in _TIMELINE_LABELS:
            label = _TIMELINE_LABELS[_words(line)]
        elif line.lower() == _NOT_REPORTED:
            label = None
        elif label and _DATE.fullmatch(line):
            timeline[label] = _date(line, label)
            label = None
    return timeline
