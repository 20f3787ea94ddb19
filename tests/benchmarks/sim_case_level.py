"""Coverage and size on the case-level and rating designs of issue 22 (figures, not a pass/fail
test): a dominant cluster for caseload_effect, separated ratings (empty cells) and unbalanced
groups for rating_gap, each with the method it replaced (``before``) and what the package now
publishes (``after``).

    .venv/bin/python tests/benchmarks/sim_case_level.py            # about 15 minutes on 2 cores
    .venv/bin/python tests/benchmarks/sim_case_level.py --quick    # a tenth of the repetitions

The designs that can be read from the data are (probation_stats.derived.published_designs):
the published case samples (the largest, a regional inspection's, beside the PDU-sized ones) and
the ratings chapter's comparison (2018/19 overall ratings, NPS divisions against CRCs: group
sizes, each group's share at each level, its empty cells, and a proportional-odds truth fitted to
them). The others are the issue's: one provider with 100 to 800 cases, the rest 15 to 40.

Writes tests/benchmarks/sim_case_level.csv (the columns of sim_coverage.csv: estimate, design,
method, when, reps, coverage, coverage_mc_se, size, size_mc_se) and .json (with the settings).
Coverage and size are counted over EVERY simulated round: a round in which no interval or test
is published counts as a miss (coverage) and as no rejection (size); a design in which the
package refuses the interval has coverage left empty and says so in ``method``.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.simulation_tables import write_tables  # noqa: E402

from probation_stats.derived.published_designs import dominant_cluster_sizes, rating_design  # noqa: E402
from probation_stats.estimators.caseload_effect import DOMINANT_SHARE  # noqa: E402
from probation_stats.estimators.rating_gap import MIN_GROUP_FOR_INTERVAL  # noqa: E402
from tests import coverage_designs as cd  # noqa: E402

OUT = Path(__file__).resolve().parent / "sim_case_level"


def mc_se(p, reps):
    return float(np.sqrt(p * (1 - p) / reps)) if p is not None and reps else None


def main(scale=1.0):
    R = lambda n: max(40, int(n * scale))  # noqa: E731
    rows = []

    def add(estimate, design, method, when, reps, coverage=None, size=None):
        rows.append({"estimate": estimate, "design": design, "method": method, "when": when, "reps": reps,
                     "coverage": coverage, "coverage_mc_se": mc_se(coverage, reps),
                     "size": size, "size_mc_se": mc_se(size, reps)})
        print(f"{estimate:40} {design:70} {when:6} cov {coverage if coverage is not None else float('nan'):.3f} "
              f"size {size if size is not None else float('nan'):.3f} ({reps})", flush=True)

    # --- caseload_effect: one dominant provider ---------------------------------------------
    usual = "logit, CR2, Bell-McCaffrey df (usual row)"
    published = f"published: equal-weights row when one provider has >= {DOMINANT_SHARE:g} of the weight, else the usual row"
    designs = [(G, big, 0.4) for G in (12, 20, 28, 40) for big in (100, 200, 400, 800)]
    designs += [(12, 800, 0.0), (12, 800, 0.8), (12, "published", 0.4), (28, "published", 0.4)]
    for G, big, tau in designs:
        null = cd.caseload_dominant(G, big, 1.0, tau=tau, reps=R(5000), seed=G + 7)
        eff = cd.caseload_dominant(G, big, 0.8, tau=tau, reps=R(5000), seed=G + 8)
        if big == "published":
            sizes = dominant_cluster_sizes(G)
            what = f"{G} providers, published case samples ({sizes[0]:g} and {sizes[1:].min():g}-{sizes[1:].max():g})"
        else:
            what = f"{G} providers, one with {big} cases, others 15-40"
        design = f"{what}, tau {tau:g} (largest weight share {null['share']:.2f}, flagged {null['flagged']:.0%})"
        add("dominant provider: caseload odds ratio", design, usual, "before", null["reps"], eff["before"]["coverage"], null["before"]["size"])
        add("dominant provider: caseload odds ratio", design, published, "after", null["reps"], eff["after"]["coverage"], null["after"]["size"])
    for G in (12, 28):
        null = cd.caseload_dominant(G, 800, 1.0, reps=R(2000), seed=G + 9, alternatives=True)
        eff = cd.caseload_dominant(G, 800, 0.8, reps=R(2000), seed=G + 10, alternatives=True)
        design = f"{G} providers, one with 800 cases, others 15-40, tau 0.4"
        add("dominant provider: caseload odds ratio", design, "CR2, Satterthwaite df under a between-provider working model (tried, not offered)",
            "before", null["reps"], eff["between_df"]["coverage"], null["between_df"]["size"])
        add("dominant provider: caseload odds ratio", design, "wild cluster score bootstrap, Webb weights, 199 draws (tried, not offered)",
            "before", null["reps"], None, null["webb"]["size"])

    # --- rating_gap: the ratings chapter's comparison, read from the data --------------------
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        design = rating_design("2018/19", "NPS", "CRC")
        cuts, beta = cd.chapter_rating_truth(design)
        empty = "; ".join(design["empty_cells"])
        chapter = (f"chapter 2018/19: {design['n_focal']} NPS vs {design['n_reference']} CRC, proportional odds fitted "
                   f"(OR {np.exp(beta):.0f}), empty cells {empty}")
        for label, b, reps, seed in ((chapter, beta, R(800), 11), (chapter.replace(f"(OR {np.exp(beta):.0f})", "(OR 1)"), 0.0, R(600), 12)):
            res = cd.ordinal_all_rounds(design["n_focal"], design["n_reference"], cuts, b, reps=reps, seed=seed)
            lab = f"{label}; separated in {res['separated']:.0%} of rounds"
            add("ordinal odds ratio", lab, "maximum likelihood, profile interval; separated rounds: no interval, no test",
                "before", res["reps"], res["before"]["coverage"], res["before"]["size"])
            add("ordinal odds ratio", lab, "published: maximum likelihood, Firth-penalised when separated",
                "after", res["reps"], res["after"]["coverage"], res["after"]["size"])
        issue_cuts = np.array([-1.7, 0.9, 3.2])
        for nf, nr, b, seed in ((7, 21, 1.5, 13), (3, 25, 1.5, 14), (7, 21, 0.0, 15)):
            res = cd.ordinal_all_rounds(nf, nr, issue_cuts, b, reps=R(600), seed=seed)
            lab = f"{nf} vs {nr}, 4 levels, OR {np.exp(b):.1f}; separated in {res['separated']:.0%} of rounds"
            add("ordinal odds ratio", lab, "maximum likelihood, profile interval; separated rounds: no interval, no test",
                "before", res["reps"], res["before"]["coverage"], res["before"]["size"])
            add("ordinal odds ratio", lab, "published: maximum likelihood, Firth-penalised when separated",
                "after", res["reps"], res["after"]["coverage"], res["after"]["size"])

    # --- probability of superiority: unbalanced groups ---------------------------------------
    shares = {"chapter 2018/19 shares": (design["focal_counts"] / design["n_focal"], design["reference_counts"] / design["n_reference"]),
              "issue 12 shares": (cd.FOCAL, cd.REFERENCE)}
    for name, (pf, pr) in shares.items():
        for nf in (3, 4, 5, 6, 7, 10):
            res = cd.superiority_published(nf, 28 - nf, pf, pr, reps=R(5000), seed=nf)
            lab = f"{nf} vs {28 - nf}, {name}"
            add("probability of superiority", lab, "Brunner-Munzel, logit scale; estimate 0 or 1: no interval (a miss)",
                "before", res["reps"], res["coverage"])
            if res["published"]:
                add("probability of superiority", lab, "published: Brunner-Munzel, logit scale", "after", res["reps"], res["coverage"])
            else:
                add("probability of superiority", lab,
                    f"published: no interval (refused: fewer than {MIN_GROUP_FOR_INTERVAL} providers in a group)", "after", 0)
    rows += permutation_rows(scale)
    return rows


def permutation_rows(scale=1.0):
    """The permutation check of caseload_effect (run from 14 providers) with one dominant provider."""
    out = []
    for G in (14, 20, 28):
        res = cd.caseload_dominant_permutation(G, 800, reps=max(40, int(2000 * scale)), seed=G + 50)
        out.append({"estimate": "dominant provider: caseload permutation p",
                    "design": f"{G} providers, one with 800 cases, others 15-40, tau 0.4",
                    "method": "permutation, CR2 p-value as statistic, 199 shuffles", "when": "after", "reps": res["reps"],
                    "coverage": None, "coverage_mc_se": None, "size": res["size"], "size_mc_se": mc_se(res["size"], res["reps"])})
        print(out[-1], flush=True)
    return out


if __name__ == "__main__":
    scale = 0.1 if "--quick" in sys.argv else 1.0
    start = time.time()
    rows = main(scale)
    write_tables(OUT, rows, what="coverage (nominal 95%) and size (nominal 5%) on the case-level and rating designs of issue 22, "
                    "counted over every simulated round, before and after",
                 targets={"coverage": [0.93, 0.97], "max_size": 0.06}, scale=scale, start=start, dominant_share_threshold=DOMINANT_SHARE, min_group_for_superiority_interval=MIN_GROUP_FOR_INTERVAL)
    print(f"wrote {OUT}.csv and .json in {time.time() - start:.0f} s")
