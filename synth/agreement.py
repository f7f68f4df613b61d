"""Inter-coder agreement on present/absent calls: percent agreement, Cohen's kappa, Krippendorff's alpha, Gwet's AC1.

The reference implementations are scikit-learn's ``cohen_kappa_score`` and the
``krippendorff`` package (:func:`cohen_kappa`, :func:`krippendorff_alpha`); Gwet's AC1
is written out here (:func:`gwet_ac1`, tested against the published examples of
Gwet's *Handbook of Inter-Rater Reliability*). Confidence intervals are
percentile bootstraps over units, seeded so a report says the same every time.
For binary calls with every coder rating every unit, each figure depends only on
how many units show each pattern of calls, so the bootstrap redraws those counts
(a multinomial draw, the same as resampling units with replacement) and
computes all resamples at once (:func:`binary_figures`); a property test holds
these closed forms equal to the reference libraries.

A figure that is undefined (every call the same, so chance agreement is total)
is ``None``, never 0 or 1.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np

BOOTSTRAP = 1000
LEVEL = 0.95
METRICS = ("percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1")


def _defined(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


# -- the reference figures ---------------------------------------------------------------


def cohen_kappa(a: Sequence[int], b: Sequence[int]) -> float | None:
    """Cohen's kappa of two coders' calls (scikit-learn), None when undefined."""
    import warnings

    from sklearn.metrics import cohen_kappa_score

    if not len(a):
        return None
    labels = sorted(set(a) | set(b))
    if len(labels) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return _defined(cohen_kappa_score(a, b, labels=labels))


def krippendorff_alpha(ratings: np.ndarray) -> float | None:
    """Krippendorff's alpha, nominal, of a coders x units array (``nan`` for a missing call), via ``krippendorff``."""
    import krippendorff

    data = np.asarray(ratings, dtype=float)
    if data.size == 0 or len(set(data[~np.isnan(data)].tolist())) < 2:
        return None
    try:
        return _defined(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except ValueError:
        return None


def gwet_ac1(ratings: Sequence[Sequence[Hashable | None]], categories: Sequence[Hashable] | None = None) -> dict:
    """Gwet's AC1 for any number of raters, nominal categories, missing calls as None.

    ``ratings`` has one row per unit, one column per rater (Gwet 2014, ch. 4):
    ``pa`` is the mean over units rated at least twice of the share of agreeing
    rater pairs; ``pe = sum_k pi_k (1 - pi_k) / (q - 1)`` with ``pi_k`` the mean
    share of a unit's ratings in category k and ``q`` the number of categories
    (those given, else those observed). Returns ``{"pa", "pe", "ac1"}``.
    """
    rows = [[x for x in row if x is not None and not (isinstance(x, float) and math.isnan(x))] for row in ratings]
    cats = list(categories) if categories is not None else sorted({x for row in rows for x in row}, key=str)
    q = len(cats)
    rated = [row for row in rows if row]
    if not rated or q < 2:
        return {"pa": None, "pe": None, "ac1": None}
    index = {c: i for i, c in enumerate(cats)}
    pi = [0.0] * q
    pa_sum, pa_n = 0.0, 0
    for row in rated:
        counts = [0] * q
        for x in row:
            counts[index[x]] += 1
        r = len(row)
        for k in range(q):
            pi[k] += counts[k] / r
        if r >= 2:
            pa_sum += sum(c * (c - 1) for c in counts) / (r * (r - 1))
            pa_n += 1
    pi = [p / len(rated) for p in pi]
    pe = sum(p * (1 - p) for p in pi) / (q - 1)
    pa = pa_sum / pa_n if pa_n else None
    ac1 = None if pa is None or pe >= 1 else (pa - pe) / (1 - pe)
    return {"pa": pa, "pe": pe, "ac1": ac1}


# -- closed forms for binary calls, vectorised for the bootstrap ---------------------------


def _pattern_counts(ratings: np.ndarray) -> np.ndarray:
    """Units per pattern: for 2 coders the 4 cells (00, 01, 10, 11); for more, units with j coders saying present."""
    _units, coders = ratings.shape
    if coders == 2:
        return np.bincount(ratings[:, 0] * 2 + ratings[:, 1], minlength=4)
    return np.bincount(ratings.sum(axis=1), minlength=coders + 1)


def _figures_from_counts(counts: np.ndarray, coders: int) -> dict[str, np.ndarray]:
    """Every figure, for each row of ``counts`` (resamples x patterns); nan where undefined."""
    counts = np.atleast_2d(counts).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if coders == 2:
            n00, n01, n10, n11 = counts.T
            n = n00 + n01 + n10 + n11
            po = (n00 + n11) / n
            pa1, pb1 = (n10 + n11) / n, (n01 + n11) / n
            pe_k = pa1 * pb1 + (1 - pa1) * (1 - pb1)
            kappa = np.where(pe_k < 1, (po - pe_k) / (1 - pe_k), np.nan)
            r1 = np.stack([np.zeros_like(n), np.ones_like(n), np.ones_like(n), 2 * np.ones_like(n)], axis=1)
        else:
            n = counts.sum(axis=1)
            j = np.arange(coders + 1, dtype=float)
            po = (counts[:, 0] + counts[:, -1]) / n
            kappa = np.full_like(n, np.nan)
            r1 = np.broadcast_to(j, counts.shape)
        m = float(coders)
        present = (counts * r1).sum(axis=1)  # calls of "present"
        absent = n * m - present
        pairs_disagree = (counts * r1 * (m - r1)).sum(axis=1)  # sum over units of r1 * r0
        total = n * m
        alpha_den = (m - 1) * absent * present
        alpha = np.where(alpha_den > 0, 1 - (total - 1) * pairs_disagree / alpha_den, np.nan)
        pa = (counts * (r1 * (r1 - 1) + (m - r1) * (m - r1 - 1)) / (m * (m - 1))).sum(axis=1) / n
        pi1 = present / total
        pe = 2 * pi1 * (1 - pi1)  # q = 2: sum over present and absent of pi (1 - pi)
        ac1 = (pa - pe) / (1 - pe)
        if coders == 2:
            po = pa
    return {"percent_agreement": po, "cohen_kappa": kappa, "krippendorff_alpha": alpha, "gwet_ac1": ac1}


def binary_figures(ratings: np.ndarray) -> dict[str, float | None]:
    """The four figures of a units x coders 0/1 array by the closed forms (what the bootstrap computes)."""
    ratings = np.asarray(ratings, dtype=int)
    if ratings.shape[0] == 0:
        return dict.fromkeys(METRICS)
    out = _figures_from_counts(_pattern_counts(ratings), ratings.shape[1])
    return {k: _defined(v[0]) for k, v in out.items()} | ({"cohen_kappa": None} if ratings.shape[1] != 2 else {})


def bootstrap_ci(ratings: np.ndarray, seed: int = 0, draws: int = BOOTSTRAP, level: float = LEVEL) -> dict:
    """Percentile bootstrap intervals over units for each figure: ``{metric: [low, high] or None}``."""
    return bootstrap_many([ratings], seed=seed, draws=draws, level=level)[0]


def bootstrap_many(
    groups: Sequence[np.ndarray], seed: int = 0, draws: int = BOOTSTRAP, level: float = LEVEL
) -> list[dict]:
    """:func:`bootstrap_ci` of several groups of units with the same coders, drawn in one go (one seeded
    generator, groups in the order given): a round's overall, per-heading and per-theme intervals at once."""
    arrays = [np.asarray(g, dtype=int) for g in groups]
    out: list[dict] = [dict.fromkeys(METRICS) for _ in arrays]
    live = [i for i, a in enumerate(arrays) if a.shape[0]]
    if not live:
        return out
    coders = arrays[live[0]].shape[1]
    counts = np.stack([_pattern_counts(arrays[i]) for i in live]).astype(float)
    n = counts.sum(axis=1)
    rng = np.random.default_rng(seed)
    resampled = rng.multinomial(n.astype(int)[:, None], (counts / n[:, None])[:, None, :], size=(len(live), draws))
    found = _figures_from_counts(resampled.reshape(-1, counts.shape[1]), coders)
    tail = (1 - level) / 2
    for metric in METRICS:
        if metric == "cohen_kappa" and coders != 2:
            continue
        table = np.sort(found[metric].reshape(len(live), draws), axis=1)  # nan sorts last
        finite = np.isfinite(table).sum(axis=1)
        for row, i in enumerate(live):
            k = int(finite[row])
            if k < draws / 2:
                continue
            bounds = []
            for q in (tail, 1 - tail):  # numpy's default (linear) percentile, over the defined resamples
                at = (k - 1) * q
                lo = int(np.floor(at))
                hi = min(lo + 1, k - 1)
                bounds.append(round(float(table[row, lo] + (table[row, hi] - table[row, lo]) * (at - lo)), 4))
            out[i][metric] = bounds
    return out


def figures(
    ratings: np.ndarray, seed: int = 0, draws: int = BOOTSTRAP, *, reference: bool = False, ci: dict | None = None
) -> dict:
    """The agreement of a units x coders 0/1 array: the four figures, their bootstrap CIs, the number of units.

    By default the figures come from the closed forms (:func:`binary_figures`), which a property test holds
    equal to scikit-learn, krippendorff and :func:`gwet_ac1`; ``reference=True`` computes them with those
    libraries instead (scikit-learn alone takes longer to import than the one second ``synth agreement`` has).
    """
    ratings = np.asarray(ratings, dtype=int)
    n, coders = ratings.shape
    if n == 0:
        return {**dict.fromkeys(METRICS), "units": 0, "ci": dict.fromkeys(METRICS)}
    if reference:
        agree = float(np.mean(np.all(ratings == ratings[:, :1], axis=1)))
        kappa = cohen_kappa(ratings[:, 0].tolist(), ratings[:, 1].tolist()) if coders == 2 else None
        alpha = krippendorff_alpha(ratings.T)
        ac1 = gwet_ac1(ratings.tolist(), categories=(0, 1))["ac1"]
        values = {"percent_agreement": agree, "cohen_kappa": kappa, "krippendorff_alpha": alpha, "gwet_ac1": ac1}
    else:
        values = binary_figures(ratings)
    out: dict = {k: None if values[k] is None else round(values[k], 4) for k in METRICS}
    out["units"] = n
    out["ci"] = ci if ci is not None else bootstrap_ci(ratings, seed=seed, draws=draws)
    return out
