"""The uniformity check: every rule with a summary that fails it and one that passes it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synth.extract.uniformity import (
    RULES,
    UsualOrder,
    check_cell,
    check_project,
    check_summary,
    learn_order,
    point_tense,
    points_of,
)
from synth.model import CaseStudy, Summary
from synth.state import ProjectState
from synth.templates import load_template

ORDER = learn_order(
    [
        "Funding came from the council.\nVolunteers ran the sessions.",
        "Funding from a trust paid for a coordinator.\nSessions ran weekly.\nVolunteers helped each week.",
        "Funding was tight.\nVolunteers stayed all year.",
        "Council funding covered the venue.\nVolunteers left after a year.",
    ]
)

# rule, a summary that breaks it (with the 0-based point named), a summary that keeps it
CASES = [
    ("empty", "   ", 0, "The project ran weekly sessions."),
    ("empty", "N/A", 0, "The project ran weekly sessions."),
    ("first_person", "The project ran sessions.\nWe recruited volunteers.", 1, "The project ran sessions.\nThe project recruited volunteers."),
    ("first_person", "Our volunteers ran the sessions.", 0, "The US charity trained the volunteers."),
    ("filler", "In addition, the group met weekly.", 0, "The group met weekly."),
    ("filler", "It is worth noting that attendance rose.", 0, "In addition to walks, the group met weekly."),
    ("sentences", "The group met weekly. It was fun.\nFunding came late.", 0, "The group met weekly.\nIt was fun.\nFunding came late."),
    ("length", "The group " + "met and talked " * 12 + "weekly.", 0, "The group met and talked weekly."),
    ("tense", "The project ran sessions.\nVolunteers led walks.\nParticipants are happier.", 2, "The project ran sessions.\nVolunteers led walks.\nParticipants were happier."),
    ("tense", "The project will expand.\nIt plans to recruit.\nFunding was renewed.", 2, "The project will expand.\nIt plans to recruit.\nFunding is renewed each year."),
    ("order", "Volunteers were key.\nFunding came late.", 1, "Funding came late.\nVolunteers were key."),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "failing", "index", "passing"), CASES)
def test_rule_fails_and_passes(rule: str, failing: str, index: int, passing: str) -> None:
    found = [f for f in check_summary(failing, usual_order=ORDER, word_limit=30) if f.rule == rule]
    assert found, f"{rule} not found in {failing!r}"
    assert found[0].index == index
    assert found[0].sentence == (points_of(failing)[index] if points_of(failing) else failing.strip())
    assert found[0].message
    assert not [f for f in check_summary(passing, usual_order=ORDER, word_limit=30) if f.rule == rule]


def test_every_rule_is_covered() -> None:
    covered = {rule for rule, *_ in CASES} | {"heading_tense"}
    assert covered == set(RULES)


def test_a_clean_summary_passes_everything() -> None:
    assert check_summary("Funding came from the council.\nVolunteers ran the sessions.", usual_order=ORDER) == []


def test_messages_say_why() -> None:
    [person] = check_summary("We ran sessions.", subject="Green Minds")
    assert person.rule == "first_person" and '"We"' in person.message and "'Green Minds'" in person.message
    [order] = check_summary("Volunteers were key.\nFunding came late.", usual_order=ORDER, heading="Enablers")
    assert "point 2 usually comes before point 1 under Enablers" in order.message
    assert '"funding" early' in order.message and '"volunteers" late' in order.message
    tense = [
        f
        for f in check_summary("The project ran sessions.\nParticipants are happier.\nStaff left.")
        if f.rule == "tense"
    ]
    assert [f.index for f in tense] == [1] and '"are"' in tense[0].message


def test_list_markers_are_not_points() -> None:
    assert points_of("- First point.\n\n2. Second point.\n* Third") == ["First point.", "Second point.", "Third"]


@pytest.mark.parametrize(
    ("text", "tense"),
    [
        ("The project ran weekly sessions.", "past"),
        ("Participants reported better mood.", "past"),
        ("The project has grown since 2019.", None),
        ("The project has grown and is thriving.", "present"),
        ("Volunteers had grown tired.", "past"),
        ("The project is funded by the council.", "present"),
        ("The project has 40 members.", "present"),
        ("The project will expand to Leeds.", "present"),
        ("The project plans to recruit volunteers.", "present"),
        ("Sessions are based in the isolated village hall.", "present"),
        ("Volunteers from the church.", None),
        ("There are 34 trained leaders and the land is now raised beds.", "present"),
        ("Volunteers turned the land into raised beds.", "past"),
        ("Members enjoy repairing donated tools.", None),
        ("Walks are peer-led and run by volunteers.", "present"),
    ],
)
def test_point_tense(text: str, tense: str | None) -> None:
    assert point_tense(text) == tense


def test_order_needs_enough_support() -> None:
    thin = learn_order(["Funding came.\nVolunteers left."], min_support=3)
    assert thin.positions == {}
    assert check_summary("Volunteers were key.\nFunding came late.", usual_order=thin) == []
    assert check_summary("Volunteers were key.\nFunding came late.", usual_order={"funding": 0.0}) == []
    assert isinstance(ORDER, UsualOrder) and ORDER.positions["fund"] == 0.0


def _state(summaries: dict[str, str], field: str = "enablers_barriers") -> ProjectState:
    state = ProjectState(name="t", template=load_template(), fields=(field,))
    for n, (case_id, text) in enumerate(summaries.items()):
        state.cases[case_id] = CaseStudy(id=case_id, title=f"Case {n}", source="x.md", fields={field: "answer"})
        state.summaries[(case_id, field)] = Summary(case_id, field, text, "written")
    return state


def test_project_check_learns_order_from_the_other_summaries() -> None:
    state = _state(
        {
            "a": "Funding came from the council.\nVolunteers ran the sessions.",
            "b": "Funding from a trust paid for a coordinator.\nVolunteers helped each week.",
            "c": "Funding was tight.\nVolunteers stayed all year.",
            "d": "Volunteers were the key.\nFunding came late.",
        }
    )
    results = check_project(state)
    assert set(results) == {(c, "enablers_barriers") for c in "abcd"}
    assert [f.rule for f in results[("d", "enablers_barriers")]] == ["order"]
    assert "under Enablers and barriers" in results[("d", "enablers_barriers")][0].message
    assert results[("a", "enablers_barriers")] == []


def test_project_check_heading_tense() -> None:
    past = {c: "The project ran sessions.\nVolunteers helped." for c in "abc"}
    state = _state({**past, "d": "The project runs sessions.\nVolunteers are the key."})
    results = check_project(state)
    [finding] = results[("d", "enablers_barriers")]
    assert finding.rule == "heading_tense" and "3 of 3 other summaries" in finding.message
    assert results[("a", "enablers_barriers")] == []
    passing = _state({**past, "d": "The project ran sessions.\nVolunteers were the key."})
    assert check_project(passing)[("d", "enablers_barriers")] == []


def test_project_check_skips_unsummarised_answers_and_other_fields() -> None:
    state = _state({"a": "We ran sessions."})
    state.cases["b"] = CaseStudy(id="b", title="B", source="b.md", fields={"enablers_barriers": "We ran."})
    results = check_project(state)
    assert list(results) == [("a", "enablers_barriers")]
    assert check_project(state, fields=["overview"]) == {}


def test_check_cell_matches_the_project_check() -> None:
    state = _state(
        {
            "a": "Funding came from the council.\nVolunteers ran the sessions.",
            "b": "Funding from a trust paid for a coordinator.\nVolunteers helped each week.",
            "c": "Funding was tight.\nVolunteers stayed all year.",
            "d": "Volunteers were the key.\nFunding came late.",
        }
    )
    results = check_project(state)
    for case_id in "abcd":
        assert check_cell(state, case_id, "enablers_barriers") == results[(case_id, "enablers_barriers")]
    edited = check_cell(state, "d", "enablers_barriers", "Funding came late.\nVolunteers were the key.")
    assert edited == []
    assert [f.rule for f in check_cell(state, "d", "enablers_barriers", "")] == ["empty"]


def test_title_with_first_person_is_not_a_finding() -> None:
    state = _state({"a": "Through Our Lens gave cameras to young carers."})
    state.cases["a"] = CaseStudy(id="a", title="Through Our Lens", source="x.md", fields={})
    assert check_project(state)[("a", "enablers_barriers")] == []
    assert [f.rule for f in check_summary("Through Our Lens helped us.", title="Through Our Lens")] == ["first_person"]


@settings(max_examples=80, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("abcWe our I.;:!?-\n\t'\"0123456789 ")), max_size=200))
def test_property_any_text_gives_well_formed_findings(text: str) -> None:
    findings = check_summary(text, usual_order=ORDER)
    pts = points_of(text)
    for f in findings:
        assert f.rule in RULES and f.message
        if f.rule == "empty":
            assert not pts or f.index == 0
        else:
            assert 0 <= f.index < len(pts) and f.sentence == pts[f.index]
