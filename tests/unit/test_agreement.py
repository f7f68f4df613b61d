"""Agreement figures: published worked examples, and the closed forms equal to the reference libraries."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from synth.agreement import binary_figures, bootstrap_ci, cohen_kappa, figures, gwet_ac1, krippendorff_alpha

# Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed., p. 120: 4 raters, 12 units, 5 categories, some
# ratings missing. Gwet reports pa = 0.8182, pe = 0.1903, AC1 = 0.7754; Krippendorff (2011, "Computing
# Krippendorff's alpha-reliability") uses the same data and reports nominal alpha = 0.743.
FOUR_RATERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, None],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 3],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_gwet_ac1_matches_the_handbook_example_with_missing_ratings() -> None:
    got = gwet_ac1(list(zip(*FOUR_RATERS, strict=True)))
    assert round(got["pa"], 4) == 0.8182
    assert round(got["pe"], 4) == 0.1903
    assert round(got["ac1"], 4) == 0.7754


def test_gwet_ac1_by_hand_on_two_abstractors() -> None:
    """Gwet's 3x3 table of 100 pregnancies classified by two abstractors: AC1 = 0.849 in the handbook.

    By hand: pa = (13 + 20 + 56) / 100 = 0.89; pi = (0.13, 0.255, 0.615);
    pe = (0.13 * 0.87 + 0.255 * 0.745 + 0.615 * 0.385) / 2 = 0.269925; AC1 = 0.620075 / 0.730075 = 0.8493.
    """
    table = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]
    rows = [(i, j) for i in range(3) for j in range(3) for _ in range(table[i][j])]
    got = gwet_ac1(rows)
    assert got["pa"] == pytest.approx(0.89)
    assert got["pe"] == pytest.approx(0.269925)
    assert round(got["ac1"], 3) == 0.849


def test_krippendorff_alpha_matches_krippendorffs_published_example() -> None:
    data = np.array([[np.nan if x is None else x for x in row] for row in FOUR_RATERS], dtype=float)
    assert round(krippendorff_alpha(data), 3) == 0.743


def test_undefined_figures_are_none_not_a_number() -> None:
    same = np.ones((10, 2), dtype=int)
    out = figures(same)
    assert out["percent_agreement"] == 1.0
    assert out["cohen_kappa"] is None and out["krippendorff_alpha"] is None
    assert out["gwet_ac1"] == 1.0  # AC1 stays defined when every call is the same
    assert figures(np.zeros((0, 2), dtype=int))["units"] == 0


def test_bootstrap_is_seeded_and_brackets_the_estimate() -> None:
    rng = np.random.default_rng(3)
    a = rng.integers(0, 2, 300)
    b = np.where(rng.random(300) < 0.8, a, 1 - a)
    ratings = np.stack([a, b], axis=1)
    first, again = bootstrap_ci(ratings, seed=7), bootstrap_ci(ratings, seed=7)
    assert first == again
    est = figures(ratings)
    for metric in ("percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1"):
        low, high = first[metric]
        assert low <= est[metric] <= high


calls = st.integers(min_value=2, max_value=60).flatmap(
    lambda n: st.integers(min_value=2, max_value=4).flatmap(
        lambda m: arrays(np.int64, (n, m), elements=st.integers(min_value=0, max_value=1))
    )
)


def _close(x, y) -> bool:
    if x is None or y is None:
        return x is None and y is None
    return math.isclose(x, y, abs_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(calls)
def test_closed_forms_equal_the_reference_libraries(ratings: np.ndarray) -> None:
    """What the bootstrap computes equals scikit-learn, krippendorff and the general AC1 on random codings."""
    closed = binary_figures(ratings)
    assert _close(closed["percent_agreement"], float(np.mean(np.all(ratings == ratings[:, :1], axis=1))))
    if ratings.shape[1] == 2:
        assert _close(closed["cohen_kappa"], cohen_kappa(ratings[:, 0].tolist(), ratings[:, 1].tolist()))
    else:
        assert closed["cohen_kappa"] is None
    assert _close(closed["krippendorff_alpha"], krippendorff_alpha(ratings.T))
    assert _close(closed["gwet_ac1"], gwet_ac1(ratings.tolist(), categories=(0, 1))["ac1"])


@settings(max_examples=40, deadline=None)
@given(calls)
def test_figures_are_the_same_by_closed_form_and_by_the_libraries(ratings: np.ndarray) -> None:
    assert figures(ratings, seed=1) == figures(ratings, seed=1, reference=True)
