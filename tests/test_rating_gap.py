"""rating_gap: hand-computed and reference answers for each of its three parts."""

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.miscmodels.ordinal_model import OrderedModel

import probation_stats as ps
from probation_stats.estimators.rating_gap import _brunner_munzel_interval, probability_of_superiority, rank_sum_exact_p, rating_gap

LEVELS = list(ps.RATING_LEVELS)


def synthetic_ratings(focal, reference):
    rows = [{"provider_type": "NPS", "rating": r} for r in focal] + [{"provider_type": "CRC", "rating": r} for r in reference]
    frame = pd.DataFrame(rows)
    frame["rating"] = frame["rating"].astype(ps.RATING_DTYPE)
    return frame


def test_probability_of_superiority_on_a_2x2_toy():
    # pairs: (2>1)=1, (2=2)=0.5, (3>1)=1, (3>2)=1  ->  3.5 / 4
    assert probability_of_superiority([2, 3], [1, 2]) == 0.875
    assert probability_of_superiority([1, 1], [1, 1]) == 0.5


def test_brunner_munzel_matches_scipy_and_the_interval_is_on_the_logit_scale():
    x = np.array([1, 2, 2, 3, 3, 3, 2])
    y = np.array([1, 1, 2, 2, 1, 2, 3, 1, 2])
    p, lo, hi, df = _brunner_munzel_interval(x, y, 0.05)
    ref = stats.brunnermunzel(x, y)
    # the interval is logit(p) +- t * se / (p (1 - p)); recover se from it
    logit = lambda v: np.log(v / (1 - v))
    se = (logit(hi) - logit(lo)) / (2 * stats.t.ppf(0.975, df)) * p * (1 - p)
    # scipy's statistic is positive when y tends to be larger; ours is about P(X > Y).
    assert -(p - 0.5) / se == pytest.approx(ref.statistic, rel=1e-9)
    assert logit(p) - logit(lo) == pytest.approx(logit(hi) - logit(p))
    assert p == pytest.approx(probability_of_superiority(x, y))


def test_probability_interval_stays_inside_0_1_near_the_edge():
    x = np.array([3, 3, 3, 3, 3, 3, 2])
    y = np.array([1, 1, 2, 2, 1, 2, 2, 1, 2, 3, 1, 1])
    p, lo, hi, _ = _brunner_munzel_interval(x, y, 0.05)
    assert 0 < lo < p < hi < 1


def test_exact_permutation_p_matches_brute_force_with_ties():
    values = np.array([1, 1, 2, 2, 2, 3, 3, 4, 1, 2])
    group = np.zeros(10, bool)
    group[[2, 5, 6, 7]] = True
    ranks = stats.rankdata(values)
    obs = ranks[group].sum()
    mean = 4 * ranks.mean()
    sums = [ranks[list(c)].sum() for c in itertools.combinations(range(10), 4)]
    brute = np.mean([abs(s - mean) >= abs(obs - mean) - 1e-9 for s in sums])
    assert rank_sum_exact_p(values, group) == pytest.approx(brute)


def test_monte_carlo_permutation_agrees_with_exact():
    d = synthetic_ratings(["Good"] * 4 + ["Requires improvement"] * 3, ["Requires improvement"] * 15 + ["Good"] * 3 + ["Inadequate"] * 2)
    exact = rating_gap(d).row("rank_sum_permutation").p_value
    mc = rating_gap(d, exact_limit=0, n_perm=20000).row("rank_sum_permutation").p_value
    assert mc == pytest.approx(exact, abs=0.01)


def test_ordinal_logit_matches_a_direct_orderedmodel_fit():
    d = synthetic_ratings(["Good", "Good", "Requires improvement", "Outstanding", "Good"],
                          ["Requires improvement"] * 6 + ["Good"] * 3 + ["Inadequate"] * 3 + ["Outstanding"] * 2)
    res = rating_gap(d)
    codes = d.rating.cat.codes
    direct = OrderedModel(pd.Series(pd.Categorical.from_codes(codes, LEVELS, ordered=True)),
                          pd.DataFrame({"x": (d.provider_type == "NPS").astype(float)}), distr="logit").fit(method="bfgs", disp=False, maxiter=2000)
    assert res.row("odds_ratio_higher_rating").estimate == pytest.approx(np.exp(direct.params.iloc[0]), rel=1e-4)
    assert res.row("odds_ratio_higher_rating").collapsed == "none"


def test_only_empty_levels_are_dropped_and_said_so():
    # Was: levels seen fewer than twice merged too. Changed (issue 12): a sparse level fits fine
    # unmerged, and merging moved the odds ratio; only empty levels are dropped now.
    d = synthetic_ratings(["Good"] * 5 + ["Requires improvement"] * 2, ["Requires improvement"] * 18 + ["Good", "Inadequate"])
    res = rating_gap(d)
    collapsed = res.row("odds_ratio_higher_rating").collapsed
    assert collapsed == "no provider rated Outstanding"
    assert res.details["levels_used"] == ["Inadequate", "Requires improvement", "Good"]
    assert res.row("odds_ratio_higher_rating").estimate > 1


@pytest.mark.filterwarnings("ignore:Inverting hessian failed")
def test_profile_likelihood_interval_ends_are_where_the_likelihood_ratio_reaches_the_chi2_quantile():
    d = synthetic_ratings(["Good"] * 4 + ["Requires improvement"] * 2 + ["Outstanding"],
                          ["Requires improvement"] * 12 + ["Good"] * 4 + ["Inadequate"] * 4)
    res = rating_gap(d)
    row = res.row("odds_ratio_higher_rating")
    assert "profile-likelihood" in row.method
    codes = d.rating.cat.codes.to_numpy()
    x = (d.provider_type == "NPS").to_numpy(float)
    llf_hat = res.fitted.llf
    for end in (row.ci_low, row.ci_high):
        # independent reference: OrderedModel with the coefficient fixed through an offset
        fixed = OrderedModel(pd.Series(pd.Categorical.from_codes(codes, LEVELS, ordered=True)), pd.DataFrame({"z": 0.0 * x}),
                             offset=np.log(end) * x, distr="logit")
        start = np.r_[0.0, res.fitted.params.iloc[1:].to_numpy()]
        llf_end = fixed.loglike(fixed.fit(start_params=start, method="bfgs", disp=False, maxiter=2000).params)
        assert 2 * (llf_hat - llf_end) == pytest.approx(stats.chi2.ppf(0.95, 1), abs=0.01)
    assert row.ci_low < row.estimate < row.ci_high


def test_integer_ratings_with_levels_work():
    d = pd.DataFrame({"provider_type": ["NPS"] * 4 + ["CRC"] * 6, "rating": [3, 3, 2, 3, 2, 2, 1, 2, 3, 2]})
    res = rating_gap(d, levels=(1, 2, 3, 4))
    assert res.row("probability_of_superiority").estimate == pytest.approx(probability_of_superiority([3, 3, 2, 3], [2, 2, 1, 2, 3, 2]))
    with pytest.raises(ValueError, match="not among levels"):
        rating_gap(d.assign(rating=d.rating.astype(str)), levels=(1, 2, 3, 4))


def test_more_than_one_row_per_provider_is_refused():
    d = synthetic_ratings(["Good", "Good", "Requires improvement"], ["Requires improvement"] * 4)
    d["provider_id"] = ["a", "b", "c", "d", "e", "f", "a"]
    with pytest.raises(ValueError, match="one row per provider; repeated in column 'provider_id': \\['a'\\]"):
        rating_gap(d)


def test_two_sided_permutation_rule_is_stated():
    d = synthetic_ratings(["Good"] * 4 + ["Requires improvement"] * 3, ["Requires improvement"] * 15 + ["Good"] * 3)
    assert "|S - E S| >= observed" in rating_gap(d).row("rank_sum_permutation").method


def test_complete_separation_is_reported_not_crashed():
    d = synthetic_ratings(["Good"] * 4, ["Requires improvement"] * 6)
    res = rating_gap(d)
    assert "separated" in res.row("odds_ratio_higher_rating").method
    assert res.row("probability_of_superiority").estimate == 1.0


def test_real_2018_19_ratings_give_a_gap_favouring_the_nps():
    ratings = ps.load_ratings().query("standard == 'overall' and round == '2018/19'")
    res = rating_gap(ratings)
    sup = res.row("probability_of_superiority")
    assert 0.5 < sup.estimate <= 1 and sup.ci_low <= sup.estimate <= sup.ci_high
    assert res.describe().startswith("A randomly chosen NPS provider")
    assert 0 < sup.ci_low and sup.ci_high < 1
    odds = res.row("odds_ratio_higher_rating")
    assert odds.ci_low < odds.estimate < odds.ci_high and "profile-likelihood" in odds.method


@pytest.mark.parametrize("data, kwargs, message", [
    (pd.DataFrame({"provider_type": ["NPS"]}), {}, r"column\(s\) \['rating'\] not in data"),
    (synthetic_ratings(["Good"], ["Good", "Inadequate"]), {}, "at least two providers in each group"),
    (synthetic_ratings(["Good", "Good"], ["Good", "Good"]), {}, "same rating"),
    (pd.DataFrame({"provider_type": ["NPS", "NPS", "CRC", "CRC"], "rating": ["a", "b", "a", "b"]}), {}, "ordered categorical"),
    (pd.DataFrame({"provider_type": ["NPS", "NPS", "CRC", "CRC"], "rating": ["Good", None, "Good", "Good"]}),
     {"levels": tuple(LEVELS)}, "missing ratings"),
])
def test_bad_input_is_refused(data, kwargs, message):
    with pytest.raises(ValueError, match=message):
        rating_gap(data, **kwargs)


def test_separated_groups_get_a_firth_penalised_odds_ratio_interval_and_test():
    # every NPS division Good, every CRC Requires improvement or Inadequate: maximum likelihood is infinite
    d = synthetic_ratings(["Good"] * 6 + ["Requires improvement"], ["Requires improvement"] * 18 + ["Inadequate"] * 3)
    row = rating_gap(d).row("odds_ratio_higher_rating")
    assert row.method.startswith("ordinal logit, Firth-penalised") and "separated" in row.method
    assert 1 < row.ci_low < row.estimate < row.ci_high < np.inf
    assert 0 < row.p_value < 0.01


def test_firth_fit_maximises_the_penalised_likelihood_and_its_interval_ends_sit_at_the_chi2_cut():
    from probation_stats.estimators._ordinal_penalised import _profile, penalised_ordinal_profile
    codes = np.r_[np.zeros(3, int), np.ones(18, int), np.ones(1, int), np.full(6, 2)]
    focal = np.r_[np.zeros(21, bool), np.ones(7, bool)]
    b, lo, hi, p = penalised_ordinal_profile(codes, focal, 3)
    table = np.array([np.bincount(codes[~focal], minlength=3), np.bincount(codes[focal], minlength=3)], float)
    at = lambda v: _profile(v, table)[0]
    assert at(b) <= min(at(b - 0.05), at(b + 0.05))                      # a maximum of the penalised likelihood
    crit = stats.chi2.ppf(0.95, 1) / 2
    assert at(lo) - at(b) == pytest.approx(crit, abs=1e-3) and at(hi) - at(b) == pytest.approx(crit, abs=1e-3)
    assert p == pytest.approx(stats.chi2.sf(2 * (at(0.0) - at(b)), 1), rel=1e-4)


def test_no_superiority_interval_below_six_providers_in_a_group_and_the_method_says_why():
    from probation_stats.estimators.rating_gap import MIN_GROUP_FOR_INTERVAL
    assert MIN_GROUP_FOR_INTERVAL == 6
    five = rating_gap(synthetic_ratings(["Good"] * 3 + ["Requires improvement"] * 2, ["Requires improvement"] * 20 + ["Good"] * 3))
    sup = five.row("probability_of_superiority")
    assert np.isnan(sup.ci_low) and "5 providers in the smaller group" in sup.method
    assert "no interval with fewer than 6 providers in a group" in five.describe()
    six = rating_gap(synthetic_ratings(["Good"] * 4 + ["Requires improvement"] * 2, ["Requires improvement"] * 20 + ["Good"] * 3))
    assert np.isfinite(six.row("probability_of_superiority").ci_low)
