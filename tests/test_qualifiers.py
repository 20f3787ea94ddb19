"""Known answers for reading vague published numbers (rules in probation_stats.qualifiers)."""

import pandas as pd
import pytest

from probation_stats.qualifiers import QUALIFIER_RULES, add_bounds, bounds, rounding_unit


@pytest.mark.parametrize("x, unit", [(17000, 1000), (224000, 1000), (250000, 10000), (70, 10), (42, 1),
                                     (48.7, 0.1), (0, 1), (8136, 1), (0.5, 0.1)])
def test_rounding_unit(x, unit):
    assert rounding_unit(x) == pytest.approx(unit)


@pytest.mark.parametrize("value, qualifier, unit, basis, expected", [
    (28750, "", "people", "figure", (28750, 28750)),
    (17000, "more than", "people", "figure", (17000, 18000)),
    (106000, "over", "people", "figure", (106000, 107000)),
    (50, "nearly", "percent", "figure", (40, 50)),
    (50, "nearly", "percent", "words", (40, 50)),          # "nearly half"
    (224000, "approximately", "people", "figure", (223500, 224500)),
    (70, "around", "cases", "figure", (65, 75)),
    (40, "up to", "percent", "figure", (30, 40)),
    (66.7, "", "percent", "words", (61.7, 71.7)),          # "two thirds", read as around
    (98, "over", "percent", "words", (98, 100)),           # clipped at 100%
    (5, "less than", "count", "figure", (4, 5)),
])
def test_bounds_known_answers(value, qualifier, unit, basis, expected):
    assert bounds(value, qualifier, unit, basis) == pytest.approx(expected)


def test_every_qualifier_in_the_schema_has_a_rule():
    import json
    from probation_stats.datapackage.reading import data_dir

    descriptor = json.loads((data_dir() / "datapackage.json").read_text())
    for res in descriptor["resources"]:
        for field in res["schema"]["fields"]:
            # Tables with an enum list it; the others rely on the validator's qualifier-known rule.
            if field["name"] == "qualifier" and "enum" in field.get("constraints", {}):
                assert set(field["constraints"]["enum"]) <= set(QUALIFIER_RULES)


def test_unknown_qualifier_raises():
    with pytest.raises(ValueError, match="unknown qualifier 'probably'"):
        bounds(10, "probably")


def test_add_bounds_keeps_rows_and_order():
    synthetic = pd.DataFrame({"value": [1.0, 50.0], "qualifier": [None, "over"], "unit": ["count", "percent"],
                              "value_basis": ["figure", "words"]})
    out = add_bounds(synthetic)
    assert out.low.tolist() == [1.0, 50.0] and out.high.tolist() == [1.0, 60.0]
    assert "low" not in synthetic
