import pandas as pd

from probation_stats.report.display import format_value, table_html


def test_format_value_known_answers():
    assert format_value(224587.0) == "224,587"
    assert format_value(0.83928) == "0.839"
    assert format_value(47.49) == "47.5"
    assert format_value(pd.NA) == "" and format_value(float("nan")) == "" and format_value(None) == ""
    assert format_value(["a", "b"]) == "a, b"
    assert format_value(pd.Timestamp("2020-06-30")) == "30 June 2020"   # as readers write dates


def test_table_html_escapes_and_drops_the_index():
    html = table_html(pd.DataFrame({"x": ["<b>"], "n": [1234]}, index=[99]))
    assert "&lt;b&gt;" in html and "1,234" in html and ">99<" not in html
