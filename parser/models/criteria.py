"""The criteria output contract: what screeners consume (see DESIGN.md, "Criteria output contract").

An `Expr` is a tagged tree. Comparisons and concepts carry a `type` tag; the boolean nodes are
written `{"all": [...]}`, `{"any": [...]}`, `{"not": ...}` as the contract shows, so the union is
discriminated by a callable rather than by a shared field.

Spans: `Criterion.span` indexes the criteria text as it was given (escapes and all); every span
inside a criterion's `expr` indexes that criterion's `text`, so `criterion.text[a:b] == node.text`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

SCHEMA_VERSION = "1.8.0"

Op = Literal["<", "<=", ">", ">=", "=="]
OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
}
"""What each operator asks of a value and its bound: `OPS[op](value, bound)`."""
PERMISSION = "permission"
"""The `category` of a criterion that only permits ("Prior chemotherapy allowed", schema 1.8): it asks nothing of any
patient, and structures nothing (`expr` null)."""
Limit = Literal["ULN", "LLN"]
Span = tuple[int, int]
Coverage = Literal["full", "partial", "none"]
Rest = Literal["none", "qualifier", "definition", "examples", "alternative", "narrowing", "support", "unknown"]
Direction = Literal["past", "ahead"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Canonical(_Model):
    """A threshold restated in its measure's canonical unit, so screeners compare like with like."""

    value: float
    unit: str


class Comparison(_Model):
    """One numeric threshold, `op`/`value`/`unit` exactly as written (never inverted or pre-converted).

    `measure` is the lexicon's readable name; `label` is the measure as the text wrote it, when that
    says more ("fasting plasma glucose" for the measure glucose) or differs ("PLT").
    """

    type: Literal["comparison"] = "comparison"
    measure: str
    label: str | None = None
    loinc: str | None = None
    op: Op
    value: float
    unit: str
    unit_inferred: bool = Field(
        default=False,
        description="True when the text leaves the unit out and it was read from the measure and the magnitude "
        "(\"platelets < 100,000\" as /uL): a screener may want a person to confirm it.",
    )
    relative_to: Limit | None = None
    canonical: Canonical | None = None
    when: Expr | None = None
    text: str
    span: Span

    @property
    def counts_one(self) -> bool:
        """Whether it is a bare count of one ("at least 1 of the following criteria"): a lead's pick from its list."""
        return self.op == ">=" and self.value == 1 and self.unit == "1" and self.loinc is None and self.when is None


def _is_past(direction: Direction) -> bool:
    return direction == "past"


def _is_false(value: bool) -> bool:
    return not value


class Window(_Model):
    """A time window relative to an anchor ("within 6 months" before enrollment, "within the next 4 weeks").

    `direction` is left out of the JSON when it is "past" (schema 1.4), and `since_last` when false (1.7): a document
    without them reads as it did before, and an older reader refuses one with them rather than misread it.
    """

    op: Op
    value: float
    unit: str
    anchor: str | None = None
    direction: Direction = Field(
        default="past", exclude_if=_is_past,
        description="`past`: the window reaches back from the anchor (or from now), so a record of past events shows "
        "what it dates; `ahead`: it bounds time still to come when the patient is screened, what is planned, expected "
        "or promised (\"planned major surgery within the next 4 weeks\", \"intends to become pregnant within 6 months "
        "after the last dose\"), which no record of past events can show.")
    since_last: bool = Field(
        default=False, exclude_if=_is_false,
        description="(schema 1.7) The window is the time since the patient's last such event, as a washout is: "
        "\"at least 4 weeks since prior chemotherapy\", \"14 days must have elapsed since the last dose\", in an "
        "inclusion \"discontinued at least 7 days before enrollment\". A patient who never had the event has waited "
        "any time out, so a lower bound holds and an upper bound does not. Left out when false: the window then dates "
        "an event the criterion asks about (\"diagnosed at least 6 months ago\", \"stroke within 6 months\").")
    text: str
    span: Span


class Concept(_Model):
    """A clinical concept (diagnosis, therapy, state) the criterion names, possibly negated or time-bound."""

    type: Literal["concept"] = "concept"
    concept: str
    category: str | None = None
    codes: list[str] = Field(default_factory=list)
    negated: bool = False
    within: Window | None = None
    text: str
    span: Span


class AllOf(_Model):
    all: list[Expr]


class AnyOf(_Model):
    any: list[Expr]


class Not(_Model):
    not_: Expr = Field(alias="not")


_MODEL_TAGS: dict[type[BaseModel], str] = {
    Comparison: "comparison", Concept: "concept", AllOf: "all", AnyOf: "any", Not: "not"}


def _expr_tag(value: Any) -> str | None:
    """Name the union member of a raw dict or a model, for pydantic's discriminator."""
    if isinstance(value, dict):
        if "type" in value:
            tag = value["type"]
            return tag if isinstance(tag, str) else None
        keys = (("all", "all"), ("any", "any"), ("not", "not"), ("not_", "not"))
        return next((tag for key, tag in keys if key in value), None)
    return _MODEL_TAGS.get(type(value))


Expr = Annotated[
    Annotated[Comparison, Tag("comparison")]
    | Annotated[Concept, Tag("concept")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")],
    Discriminator(_expr_tag),
]


class Criterion(_Model):
    """One eligibility item: its text, where it sits, and what of it could be structured."""

    id: str
    text: str
    span: Span
    category: str | None = Field(
        default=None,
        description="What the criterion is about: the category of the concepts it names (`condition`, `treatment`, "
        "`pregnancy`, …), or `permission` (schema 1.8): it only permits (\"Prior chemotherapy allowed\"), asks "
        "nothing of any patient and structures nothing (`expr` null).",
    )
    cohort: str | None = Field(
        default=None,
        description="The population the item is for, as its heading names it: a cohort, arm or part (\"Part B\"), "
        "persons of a kind (\"Donor\", \"healthy controls\") or patients said to be of a kind (\"participants with "
        "T2DM\"); never a topic (\"Medical history\"), a step everyone passes or everyone. A screener reads it as "
        "applying to some patients only.",
    )
    parent: str | None = None
    sub_items: Literal["all", "any"] | None = Field(
        default=None,
        description="How the criteria under this one (those whose `parent` it is) combine when its words say so "
        "(schema 1.5): `any` (\"one of the following:\") or `all` (\"all of the following:\"). Without it, each "
        "is a criterion of its section on its own.",
    )
    expr: Expr | None = None
    coverage: Coverage = "none"
    rest: Rest = Field(
        default="unknown",
        description="What the words `expr` leaves out can do: `none` (nothing left that matters), `qualifier` (when "
        "or how it is measured: `expr` is the criterion), `definition` (a label `expr` defines: `expr` is the "
        "criterion), `examples` (a list of examples of the structured head: `expr` is the criterion), `alternative` "
        "(another way to satisfy it: `expr` is sufficient, not necessary), `narrowing` (a severity word or a list of "
        "exceptions: `expr` is necessary, not sufficient), `support` (schema 1.6: values to be reached without a "
        "treatment that props them up, \"without transfusion support\": `expr` is necessary, and sufficient for a "
        "patient whose treatments record names no transfusion or growth factor), `unknown` (a person reads it).",
    )
    notes: list[str] = Field(default_factory=list)


class CriteriaSource(_Model):
    """Where the criteria text came from and how it was read."""

    path: str | None = None
    format: str
    sha256: str
    parser_version: str


class Criteria(_Model):
    """The document screeners consume: one trial's inclusion and exclusion criteria."""

    nct_id: str | None = None
    schema_version: str = SCHEMA_VERSION
    source: CriteriaSource
    inclusion: list[Criterion] = Field(default_factory=list)
    exclusion: list[Criterion] = Field(default_factory=list)


for _model in (Comparison, Concept, AllOf, AnyOf, Not, Criterion):
    _model.model_rebuild()

__all__ = [
    "SCHEMA_VERSION",
    "Op",
    "Limit",
    "Span",
    "Coverage",
    "Rest",
    "Direction",
    "Canonical",
    "Comparison",
    "Window",
    "Concept",
    "AllOf",
    "AnyOf",
    "Not",
    "Expr",
    "Criterion",
    "CriteriaSource",
    "Criteria",
]
