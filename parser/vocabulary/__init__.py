"""The shared vocabulary: what the criteria engine, the patient model and the screener all mean by a measure, a
unit and a concept, read from tables a clinician can review (`parser/vocabulary/data/`).

It lies below all three and imports none of them (`tests/test_layers.py`), so the contract and the screener read
it without the engine. `measures`: the measure lexicon (`measures.csv`), the measure a unit or a magnitude implies
(`unit_measures.csv`, `implied_units.csv`) and the unit a measure's unit written short means (`short_units.csv`);
`spellings`: unit spellings (`units.csv`); `units`: conversion between UCUM codes (`unit_dimensions.csv`);
`measure_ranges`: which measures a name, LOINC code and unit mean, and the range their values can plausibly take;
`concepts`: the concept table (`concepts.csv`); `tables`: the reader.
"""

from parser.vocabulary.concepts import ConceptEntry, concept_named, concepts
from parser.vocabulary.measures import (
    Measure,
    better_units,
    better_values,
    categories_with_normal_limits,
    find_measures,
    group_members,
    implied_unit,
    measure_group_names,
    measures,
    measures_by_key,
    measures_by_name,
    name_spellings,
    one_state_categories,
    scale_unit,
    threshold_unit,
    unit_measures,
    written_unit,
)
from parser.vocabulary.spellings import exact_unit_spellings, spelling_key, unit_spellings

__all__ = [
    "ConceptEntry", "Measure", "better_units", "better_values", "categories_with_normal_limits", "concept_named",
    "concepts",
    "exact_unit_spellings", "find_measures", "group_members", "implied_unit", "measure_group_names", "measures",
    "measures_by_key", "measures_by_name", "name_spellings", "one_state_categories", "scale_unit", "spelling_key",
    "threshold_unit", "unit_measures", "unit_spellings", "written_unit",
]
