"""Text helpers shared by the record parsers.

ClinicalTrials.gov serves the same text in two renderings: markdown with backslash escapes from API v2,
HTML from the site's history endpoints. Both are brought to one plain, markdown-like form here so that
a criteria parser or a diff sees the same text whichever endpoint a version came from.
"""

import re

import lxml.etree
import lxml.html

from parser.errors import MalformedRecord

MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before any ASCII punctuation
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")  # HTML collapses these; NBSP is content, not layout
_SPACE = re.compile(r"\s+")
_SPACE_AROUND_BREAK = re.compile(r" *\n *")

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body dd details div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr html li main nav p pre section summary table tbody thead tfoot tr".split()
)
_LIST_TAGS = frozenset({"ul", "ol"})
_UNRENDERED_TAGS = frozenset({"head", "script", "style", "template", "noscript", "svg", "title", "meta", "link"})
_CRITERIA_HEADER = re.compile(r"(?P<kind>inclusion|exclusion)\s+criteria\s*[:：]?", re.IGNORECASE)
_LIST_START = re.compile(r"[0-9]{1,9}")  # ASCII only: `str.isdigit()` takes "²", which `int()` refuses


def unescape_markdown(text: str) -> str:
    r"""Drop markdown's backslash escapes (`\<` → `<`, `\^` → `^`), since the criteria are read as text."""
    return MARKDOWN_ESCAPE.sub(r"\1", text)


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace, NBSP included, to one space: layout is not content."""
    return _SPACE.sub(" ", text).strip()


def html_to_text(html: str) -> str:
    """Render HTML as the plain markdown-like text API v2 would have sent for it.

    Paragraphs are separated by blank lines, list items become `* item` / `1. item` lines, nested lists
    are indented under their item, entities are decoded and inline markup (`<mark>`, `<b>`) is dropped.
    Script, style and head content is not text and is skipped, so a whole page can be rendered too.
    """
    if not html.strip():
        return ""
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except lxml.etree.ParserError:  # nothing but comments or a doctype
        return ""
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        # libxml2 drops what lies deeper than its limit (256 elements): refuse rather than lose text silently
        raise MalformedRecord("an HTML text is nested too deep to read whole")
    return element_to_text(root)


def element_to_text(element: lxml.html.HtmlElement) -> str:
    """`html_to_text` for an already parsed element (a page parsed once for its data script too)."""
    return "\n\n".join(_blocks(element))


def split_criteria(items: list[str]) -> dict[str, list[str]]:
    """Group criteria lines under their "Inclusion Criteria:" / "Exclusion Criteria:" headers.

    Lines before any header go under "unlabelled": a page that omits the headers must not have
    its items silently filed as inclusion.
    """
    groups: dict[str, list[str]] = {"unlabelled": [], "inclusion": [], "exclusion": []}
    current = "unlabelled"
    for item in items:
        header = _CRITERIA_HEADER.fullmatch(item.strip())
        if header:
            current = header["kind"].lower()
        else:
            groups[current].append(item)
    return groups


def _blocks(element: lxml.html.HtmlElement) -> list[str]:
    """The element's content as blocks (a paragraph, or a whole list as lines), in document order."""
    blocks: list[str] = []
    inline: list[str] = [_HTML_SPACE.sub(" ", element.text or "")]

    def flush() -> None:
        text = _SPACE_AROUND_BREAK.sub("\n", "".join(inline)).strip(" \n")
        inline.clear()
        if text:
            blocks.append(text)

    def walk(node: lxml.html.HtmlElement) -> None:
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else None  # comments have a function as tag
            if tag == "br":
                inline.append("\n")
            elif tag in _LIST_TAGS:
                flush()
                blocks.append("\n".join(_list_lines(child)))
            elif tag is not None and tag not in _UNRENDERED_TAGS:
                if tag in _BLOCK_TAGS:
                    flush()
                inline.append(_HTML_SPACE.sub(" ", child.text or ""))
                walk(child)
                if tag in _BLOCK_TAGS:
                    flush()
            inline.append(_HTML_SPACE.sub(" ", child.tail or ""))

    walk(element)
    flush()
    return blocks


def _list_lines(list_element: lxml.html.HtmlElement) -> list[str]:
    """Lines of a `<ul>`/`<ol>`; a list nested directly in a list (common in CT.gov HTML) is indented too."""
    lines: list[str] = []
    start = list_element.get("start", "1")
    number = int(start) if _LIST_START.fullmatch(start) else 1
    pad = "  "
    for child in list_element:
        if child.tag == "li":
            marker = f"{number}. " if list_element.tag == "ol" else "* "
            number += 1
            pad = " " * len(marker)
            item_lines = "\n".join(_blocks(child)).split("\n")
            if item_lines == [""]:
                continue
            lines.append(marker + item_lines[0])
            lines.extend(pad + line for line in item_lines[1:])
        elif child.tag in _LIST_TAGS:
            lines.extend(pad + line for line in _list_lines(child))
    return lines
