import pandas as pd
import pytest

from probation_stats.periods import add_period_bounds, period_bounds

T = pd.Timestamp


@pytest.mark.parametrize("text, start, end", [
    ("2018", T(2018, 1, 1), T(2018, 12, 31)),
    ("2020-02", T(2020, 2, 1), T(2020, 2, 29)),
    ("2020-06-30", T(2020, 6, 30), T(2020, 6, 30)),
    ("2018/19", T(2018, 4, 1), T(2019, 3, 31)),
    ("1999/00", T(1999, 4, 1), T(2000, 3, 31)),
    ("2019-09..2020-03", T(2019, 9, 1), T(2020, 3, 31)),
    ("2019-10-01..2020-09-30", T(2019, 10, 1), T(2020, 9, 30)),
])
def test_period_bounds(text, start, end):
    assert period_bounds(text) == (start, end)


@pytest.mark.parametrize("bad", ["2018/20", "June 2020", "2020-03..2019-01", "2020-13"])
def test_bad_periods_raise(bad):
    with pytest.raises(ValueError):
        period_bounds(bad)


def test_empty_period_is_missing_not_zero():
    out = add_period_bounds(pd.DataFrame({"period": ["2018", None]}))
    assert out.period_start.isna().tolist() == [False, True]
