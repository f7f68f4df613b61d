"""General-theme labels: the shared idea (words or thesaurus concepts), and every member named."""

from __future__ import annotations

import pytest

from synth.model import Theme
from synth.themes.collate import _general_label


def themes(*labels: str) -> list[Theme]:
    return [
        Theme(id=f"t{i}", heading=f"h{i}", label=label, case_ids=frozenset({f"c{i}", "c9"}))
        for i, label in enumerate(labels)
    ]


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["Short-term funding", "Funding"], "Funding"),
        (["Natural", "Nature"], "Nature"),  # one concept; its own word names it
        (["Skills", "Training", "Skills"], "Skills"),
        (["Natural", "Nature", "Active"], "Nature and active"),  # the member without the idea is named too
        (["Natural", "Nature", "Social value and SROI"], "Nature"),  # a two-part label is no second name
    ],
)
def test_general_label(labels, expected):
    assert _general_label(themes(*labels)) == expected
