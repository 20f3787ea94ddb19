"""The book's power figures, each with its range over the uncertainty of its inputs: computed once.

Two questions are simulated. The caseload chapter asks what the inspectorate's own case samples
for one inspection round could detect (:func:`probation_stats.estimators.power.power`); the
reunification chapter asks what a study of PDU inspections could detect
(:func:`probation_stats.estimators.power.workload_power`). Each power figure is given at the best
estimates of its inputs and over their range:

* the spread of the workload measure: the 95% interval of the SD of the published values
  (:func:`~probation_stats.estimators.power.sd_interval`): the provider caseloads, or the
  probation officer vacancy rates;
* the spread between units: for PDUs, the SD of the exact risk-of-harm results published, taken
  net of the sampling noise the simulation adds itself, with its 95% interval
  (:func:`~probation_stats.estimators.power.net_between_sd`); for providers no result is
  published beside a caseload, so it is an assumption, :data:`BETWEEN_PROVIDER_SD`;
* for providers, where the largest case samples fall (:data:`CASE_ARRANGEMENTS`), shown as
  separate rows, not folded into a range, because the inspectorate chooses it.

Each setting has its own seeded random stream (see :mod:`probation_stats.estimators.power`), so a
figure is the same whichever page or table asks for it. :func:`book_power_figures` is the one
table of all of them (written to ``tests/benchmarks/sim_power.csv`` by
``tests/benchmarks/sim_power.py``).
"""

from __future__ import annotations

import pandas as pd

from probation_stats.datapackage.loaders import load_pdu_figures, load_pdu_inspections
from probation_stats.datapackage.paths import PathLike
from probation_stats.derived.inspection_counts import inspection_counts
from probation_stats.derived.power_inputs import caseload_spread_values, workload_spread_values
from probation_stats.estimators.power import net_between_sd, power, power_range, sd_interval, workload_power

__all__ = ["BETWEEN_PROVIDER_SD", "CASE_ARRANGEMENTS", "caseload_power_figures", "workload_power_figures",
           "book_power_figures", "arrangement_words", "caseload_power_words", "caseload_power_drawn",
           "caseload_power_table", "workload_power_words"]

#: Between-provider SD on the logit scale (low, central, high): an assumption, since no provider
#: has both a caseload and a risk-of-harm result published to measure it from.
BETWEEN_PROVIDER_SD = (0.3, 0.5, 0.7)
#: Cases inspected per provider: the same number everywhere; 20 to 400 with the largest samples
#: at the most extreme caseloads; the same 20 to 400 placed at random.
CASE_ARRANGEMENTS = (60, "20-400", "20-400:random")
CASELOAD_PROVIDERS = (7, 28)
CASELOAD_EFFECTS = (0.7, 0.8, 1.0)
WORKLOAD_SLOPES = (-5.0, -10.0)
_CASELOAD_SEED, _WORKLOAD_SEED = 20211, 20261129


def caseload_power_figures(data_dir: PathLike = None, *, n_sims: int = 1000):
    """Power of :func:`probation_stats.caseload_effect` on one inspection round's case samples.

    Parameters
    ----------
    data_dir : path, optional
        Data folder (default: the package's); the caseload spread is read from it.
    n_sims : int
        Simulated rounds per run.

    Returns
    -------
    EstimateTable
        :func:`~probation_stats.estimators.power.power_range`'s table, one row per number of
        providers (:data:`CASELOAD_PROVIDERS`), arrangement of case samples
        (:data:`CASE_ARRANGEMENTS`) and true odds ratio per 10 extra cases
        (:data:`CASELOAD_EFFECTS`; 1 gives the false-positive rate), plus ``question``
        ("caseload"). ``.details`` holds the inputs: ``caseload_sd`` with ``caseload_sd_low`` and
        ``caseload_sd_high`` (cases per practitioner), ``n_caseloads`` (providers they come from),
        ``between_provider_sd`` (:data:`BETWEEN_PROVIDER_SD`).
    """
    values = caseload_spread_values(data_dir)["value"]
    sd, low, high = sd_interval(values)
    tau_low, tau_mid, tau_high = BETWEEN_PROVIDER_SD
    settings = [dict(n_providers=g, cases_per_provider=m, odds_ratio_per_10=o, baseline_share=0.5, alpha=0.05,
                     caseload_mean=float(values.mean()), n_sims=n_sims, seed=_CASELOAD_SEED)
                for g in CASELOAD_PROVIDERS for m in CASE_ARRANGEMENTS for o in CASELOAD_EFFECTS]
    table = power_range(power, settings, centre={"caseload_sd": sd, "between_provider_sd": tau_mid},
                        ranges={"caseload_sd": (low, high), "between_provider_sd": (tau_low, tau_high)})
    table["question"] = "caseload"
    table.details = {"caseload_sd": sd, "caseload_sd_low": low, "caseload_sd_high": high, "n_caseloads": len(values),
                     "between_provider_sd": BETWEEN_PROVIDER_SD}
    return table


def workload_power_figures(figures: pd.DataFrame | None = None, n_units=None, *, n_sims: int = 2000):
    """Power of :func:`probation_stats.workload_association` across PDU inspections.

    Parameters
    ----------
    figures : DataFrame, optional
        :func:`probation_stats.load_pdu_figures` (default: the package's).
    n_units : sequence of int, optional
        Numbers of inspections with both figures (default: 20, 40 and every rated PDU
        inspection found, ``n_pdu_rated``).
    n_sims : int
        Simulated studies per run.

    Returns
    -------
    EstimateTable
        :func:`~probation_stats.estimators.power.power_range`'s table, one row per number of
        inspections and true slope (:data:`WORKLOAD_SLOPES`, percentage points per 10 points of
        vacancy rate), plus ``question`` ("workload"). ``.details`` holds the inputs:
        ``x_mean``, ``x_sd``, ``x_sd_low``, ``x_sd_high`` and ``n_vacancy`` (the vacancy rates),
        ``outcome_mean`` and the dict ``between`` of
        :func:`~probation_stats.estimators.power.net_between_sd` (the risk-of-harm results),
        ``cases_per_unit``.
    """
    inputs = workload_spread_values(figures)
    if n_units is None:
        n_units = (20, 40, inspection_counts(load_pdu_inspections())["n_pdu_rated"])
    x_sd, x_low, x_high = sd_interval(inputs["vacancy"])
    between = net_between_sd(inputs["risk"], inputs["cases_per_unit"])
    fixed = dict(x_mean=float(inputs["vacancy"].mean()), outcome_mean=float(inputs["risk"].mean()),
                 cases_per_unit=inputs["cases_per_unit"], n_sims=n_sims, seed=_WORKLOAD_SEED)
    settings = [dict(n_units=int(g), slope_per_10=b, **fixed) for g in n_units for b in WORKLOAD_SLOPES]
    table = power_range(workload_power, settings, centre={"x_sd": x_sd, "between_unit_sd": between["sd"]},
                        ranges={"x_sd": (x_low, x_high), "between_unit_sd": (between["low"], between["high"])})
    table["question"] = "workload"
    table.details = {"x_mean": fixed["x_mean"], "x_sd": x_sd, "x_sd_low": x_low, "x_sd_high": x_high,
                     "n_vacancy": len(inputs["vacancy"]), "outcome_mean": fixed["outcome_mean"], "between": between,
                     "cases_per_unit": inputs["cases_per_unit"]}
    return table


def book_power_figures() -> pd.DataFrame:
    """Every power figure the book prints, one row each: :func:`caseload_power_figures` and
    :func:`workload_power_figures` stacked (``question`` tells them apart)."""
    return pd.concat([pd.DataFrame(caseload_power_figures()), pd.DataFrame(workload_power_figures())],
                     ignore_index=True)


def arrangement_words(spec) -> str:
    """Cases inspected per provider in words.

    >>> arrangement_words(60), arrangement_words("20-400"), arrangement_words("20-400:random")
    ('60 each', '20 to 400, largest at the most extreme caseloads', '20 to 400, placed at random')
    """
    if isinstance(spec, str):
        placed = "placed at random" if spec.endswith(":random") else "largest at the most extreme caseloads"
        lo, hi = spec.split(":")[0].split("-")
        return f"{lo} to {hi}, {placed}"
    return f"{int(spec)} each"


def _pct(value) -> str:
    return f"{100 * value:.0f}"


def caseload_power_words(table) -> dict[str, str | int]:
    """The glue values of the caseload chapter's power figures (percent, whole numbers, as text;
    the numbers of providers as int).

    Keys: ``big_g``/``small_g`` (providers), ``or_mid``/``or_strong`` (odds ratios), ``sens_low_pct``
    and ``sens_high_pct`` (lowest and highest power for ``big_g`` providers and ``or_mid`` over every
    arrangement and input), per arrangement ``a`` in ``equal``, ``extreme``, ``random`` and
    ``g`` in ``big``, ``small``: ``p_{g}_{a}``, ``p_{g}_{a}_low``, ``p_{g}_{a}_high`` (at ``or_mid``) and
    ``p_{g}_{a}_strong`` (centre at ``or_strong``); ``size_low``/``size_high`` (false-positive rate, no
    association, over every setting), ``coverage_min``, ``n_sims``, the inputs ``caseload_sd``,
    ``caseload_sd_low``, ``caseload_sd_high``, ``n_caseloads``, ``tau_low``, ``tau_mid``, ``tau_high``,
    ``m_equal``, ``m_low``, ``m_high`` (cases per provider), ``alpha_pct`` and ``baseline_pct`` (the
    test's level and the baseline share of sufficient cases, percent).
    """
    d = table.details
    big, small = max(CASELOAD_PROVIDERS), min(CASELOAD_PROVIDERS)
    strong, mid = CASELOAD_EFFECTS[0], CASELOAD_EFFECTS[1]
    names = dict(zip(CASE_ARRANGEMENTS, ("equal", "extreme", "random")))
    # Whole numbers of providers stay numbers: other pages format them (``{glue:text}`...::big_g:d```).
    out = {"big_g": int(big), "small_g": int(small), "or_mid": f"{mid:g}", "or_strong": f"{strong:g}"}
    rows = table[table.odds_ratio_per_10 == mid]
    top = rows[rows.n_providers == big]
    out["sens_low_pct"], out["sens_high_pct"] = _pct(top.range_low.min()), _pct(top.range_high.max())
    for g, gname in ((big, "big"), (small, "small")):
        for spec, a in names.items():
            pick = lambda o: table[(table.n_providers == g) & (table.odds_ratio_per_10 == o)
                                   & (table.cases_per_provider.astype(str) == str(spec))].iloc[0]
            r = pick(mid)
            out[f"p_{gname}_{a}"], out[f"p_{gname}_{a}_low"], out[f"p_{gname}_{a}_high"] = (
                _pct(r.estimate), _pct(r.range_low), _pct(r.range_high))
            out[f"p_{gname}_{a}_strong"] = _pct(pick(strong).estimate)
    null = table[table.odds_ratio_per_10 == 1.0]
    out["size_low"], out["size_high"] = _pct(null.range_low.min()), _pct(null.range_high.max())
    out["coverage_min"] = _pct(table.coverage.min())
    out["n_sims"] = f"{int(table.n_sims.min()):,}"
    out.update(caseload_sd=f"{d['caseload_sd']:.0f}", caseload_sd_low=f"{d['caseload_sd_low']:.0f}",
               caseload_sd_high=f"{d['caseload_sd_high']:.0f}", n_caseloads=str(d["n_caseloads"]))
    out.update(zip(("tau_low", "tau_mid", "tau_high"), (f"{t:g}" for t in d["between_provider_sd"])))
    lo, hi = CASE_ARRANGEMENTS[1].split("-")
    out.update(m_equal=str(CASE_ARRANGEMENTS[0]), m_low=lo, m_high=hi, alpha_pct=f"{100 * table.alpha.iloc[0]:g}",
               baseline_pct=f"{100 * table.baseline_share.iloc[0]:g}")
    return out


def caseload_power_drawn(table, odds_ratio: float = CASELOAD_EFFECTS[1]) -> pd.DataFrame:
    """The caseload power chart's data, for one true odds ratio per 10 extra cases.

    Returns
    -------
    DataFrame with ``placement`` (short words for the chart's axis: "60 each", "20–400, big at
    extremes", "20–400, at random"), ``arrangement`` (the full words), ``providers`` ("28
    providers"), ``power``, ``range_low``, ``range_high`` (shares, 0-1), most providers first.
    """
    rows = table[table.odds_ratio_per_10 == odds_ratio].sort_values("n_providers", ascending=False, kind="stable")
    short = lambda m: (f"{int(m)} each" if not isinstance(m, str) else
                       "–".join(m.split(":")[0].split("-")) + (", at random" if m.endswith(":random") else ", big at extremes"))
    return pd.DataFrame({"placement": rows.cases_per_provider.map(short),
                         "arrangement": rows.cases_per_provider.map(arrangement_words),
                         "providers": rows.n_providers.map(lambda g: f"{g} providers"),
                         "power": rows.estimate, "range_low": rows.range_low,
                         "range_high": rows.range_high}).reset_index(drop=True)


def caseload_power_table(table) -> pd.DataFrame:
    """The caseload chapter's power table in readers' words, one row per setting."""
    return pd.DataFrame({
        "Providers": table.n_providers,
        "Cases inspected per provider": table.cases_per_provider.map(arrangement_words),
        "True odds ratio per 10 extra cases": table.odds_ratio_per_10.map(lambda o: "1 (no association)" if o == 1 else f"{o:g}"),
        "Share detecting it (%), best estimates": (100 * table.estimate).round(0).astype(int),
        "Range over the inputs (%)": [f"{100 * lo:.0f} to {100 * hi:.0f}"
                                      for lo, hi in zip(table.range_low, table.range_high)],
        "Interval coverage (%)": (100 * table.coverage).round(0).astype(int)}).reset_index(drop=True)


def workload_power_words(table) -> dict[str, str]:
    """The glue values of the reunification chapter's power figures (as text).

    Keys: ``vac_mean``, ``vac_sd``, ``vac_sd_low``, ``vac_sd_high``, ``n_vac`` (vacancy rates,
    percent and points), ``rosh_mean``, ``rosh_sd_observed``, ``rosh_sd`` (net of sampling noise),
    ``rosh_sd_low``, ``rosh_sd_high``, ``rosh_noise_sd``, ``n_rosh_design`` (risk-of-harm results),
    ``cases_lo``, ``cases_hi``; ``n_all`` (largest number of inspections simulated), ``n_small``
    (smallest), ``slope_small`` and ``per_points``; ``power_all_5``, ``power_all_5_low``,
    ``power_all_5_high``, ``power_20_5`` (with ``_low``/``_high``) and ``power_20_10`` (with
    ``_low``/``_high``): percent, whole numbers.
    """
    d = table.details
    b = d["between"]
    n_all, n_small = int(table.n_units.max()), int(table.n_units.min())
    out = {"vac_mean": f"{d['x_mean']:.0f}", "vac_sd": f"{d['x_sd']:.0f}", "vac_sd_low": f"{d['x_sd_low']:.0f}",
           "vac_sd_high": f"{d['x_sd_high']:.0f}", "n_vac": str(d["n_vacancy"]), "rosh_mean": f"{d['outcome_mean']:.0f}",
           "rosh_sd_observed": f"{b['observed_sd']:.0f}", "rosh_sd": f"{b['sd']:.0f}", "rosh_sd_low": f"{b['low']:.0f}",
           "rosh_sd_high": f"{b['high']:.0f}", "rosh_noise_sd": f"{b['noise_sd']:.0f}", "n_rosh_design": str(b["n"]),
           "cases_lo": str(d["cases_per_unit"][0]), "cases_hi": str(d["cases_per_unit"][1]),
           "n_all": str(n_all), "n_small": str(n_small), "slope_small": f"{-max(WORKLOAD_SLOPES):g}",
           "per_points": "10"}
    for key, g, slope in (("power_all_5", n_all, max(WORKLOAD_SLOPES)), ("power_20_5", n_small, max(WORKLOAD_SLOPES)),
                          ("power_20_10", n_small, min(WORKLOAD_SLOPES))):
        r = table[(table.n_units == g) & (table.slope_per_10 == slope)].iloc[0]
        out[key], out[f"{key}_low"], out[f"{key}_high"] = _pct(r.estimate), _pct(r.range_low), _pct(r.range_high)
    return out
