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


def test_an_inductive_member_does_not_name_the_idea_it_shares_with_a_framework_theme():
    """ "Initial training" (a phrase of its sentences) beside the framework's training concept: the
    general theme is named by the concept, though the phrase is shorter."""
    framed = Theme(
        id="t1",
        heading="next_steps",
        label="Training and workforce development",
        case_ids=frozenset({"a", "b"}),
        suggestion_key="f:reaim_mrc:training",
    )
    found = Theme(id="t2", heading="key_learning", label="Initial training", case_ids=frozenset({"b", "c"}))
    assert _general_label([found, framed]) == "Training and workforce development"
    # two inductive members and one framework member: the shared words name it, as before
    other = Theme(id="t3", heading="impact", label="Training", case_ids=frozenset({"c", "d"}))
    assert _general_label([found, framed, other]) == "Training"
