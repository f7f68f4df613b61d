"""Every analyst action on themes: its trail event, what it rested on, its effect, and undo."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_themes import small_project

from synth.project import Project
from synth.themes import actions
from synth.themes.suggest import suggest_themes


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with small_project(tmp_path / "p") as p:
        yield p


def last(project: Project):
    return list(project.trail.events())[-1]


def undo_restores(project: Project, before) -> None:
    project.undo()
    after = project.state
    assert after.themes == before.themes
    assert after.codings == before.codings


def snapshot(project: Project):
    from copy import deepcopy

    return deepcopy(project.state)


def test_accept_suggestion_creates_theme_with_codings_and_basis(project):
    s = suggest_themes(project.state, "enablers_barriers")[0]
    before = snapshot(project)
    theme = actions.accept_suggestion(project, s)
    e = last(project)
    assert e.kind == "theme.created" and e.payload["origin"] == "analyst"
    assert e.payload["basis"]["suggestion"] == s.key and e.payload["basis"]["engine"]
    assert theme.label == s.label and theme.case_ids == frozenset(s.case_ids) and theme.suggestion_key == s.key
    codings = project.state.codings_of(theme.id)
    assert len(codings) == len(s.evidence)
    assert {(c.case_id, c.start, c.end) for c in codings} == {(x.case_id, x.start, x.end) for x in s.evidence}
    undo_restores(project, before)


def test_machine_acceptance_is_marked(project):
    s = suggest_themes(project.state, "impact")[:2]
    made = actions.accept_many(project, s, origin="machine")
    assert {t.origin for t in made} == {"machine"}
    assert all(e.payload["origin"] == "machine" for e in list(project.trail.events())[-2:])
    assert all(c.origin == "machine" for t in made for c in project.state.codings_of(t.id))


def test_reject_is_recorded_and_remembered(project):
    s = suggest_themes(project.state, "impact")[0]
    actions.reject(project, s)
    e = last(project)
    assert e.kind == "suggestion.rejected" and e.payload["key"] == s.key and e.payload["basis"]["score"] == s.score
    assert ("impact", s.key) in project.state.rejected
    project.undo()
    assert ("impact", s.key) not in project.state.rejected


def test_create_rename_define_and_projects(project):
    t = actions.create_theme(project, "next_steps", "  Staff   training ", case_ids=["walk-and-talk"])
    assert t.label == "Staff training" and t.case_ids == {"walk-and-talk"} and t.origin == "analyst"
    before = snapshot(project)
    actions.rename(project, t.id, "Training staff")
    assert last(project).payload["previous"] == "Staff training"
    assert project.state.themes[t.id].label == "Training staff"
    undo_restores(project, before)
    actions.define(project, t.id, "Staff trained to carry on the sessions.")
    assert project.state.themes[t.id].definition.startswith("Staff trained")
    actions.add_project(project, t.id, "hearts-in-clay")
    assert project.state.themes[t.id].case_ids == {"walk-and-talk", "hearts-in-clay"}
    actions.remove_project(project, t.id, "walk-and-talk")
    assert last(project).kind == "theme.project_removed"
    assert project.state.themes[t.id].case_ids == {"hearts-in-clay"}
    with pytest.raises(actions.ThemeError):
        actions.add_project(project, t.id, "no-such-case")
    with pytest.raises(actions.ThemeError):
        actions.create_theme(project, "no_such_heading", "X")


def test_code_span_by_hand_and_uncode(project):
    t = actions.create_theme(project, "impact", "Confidence")
    text = project.state.cases["walk-and-talk"].fields["impact"]
    start = text.index("confidence")
    before = snapshot(project)
    coding = actions.code_span(project, t.id, "walk-and-talk", "impact", start, start + len("confidence"))
    assert coding.text == "confidence" and coding.target == "answer"
    assert project.state.themes[t.id].case_ids == {"walk-and-talk"}
    assert last(project).kind == "coding.added"
    undo_restores(project, before)
    coding = actions.code_span(project, t.id, "walk-and-talk", "impact", start, start + 10)
    actions.uncode(project, coding.id)
    assert coding.id not in project.state.codings and last(project).payload["basis"]["text"] == "confidence"
    with pytest.raises(actions.ThemeError):
        actions.code_span(project, t.id, "walk-and-talk", "impact", 5, 10_000)
    with pytest.raises(actions.ThemeError):
        actions.code_span(project, t.id, "walk-and-talk", "impact", 0, 4, target="summary")  # no summary yet


def test_merge_moves_projects_and_codings(project):
    a, b = suggest_themes(project.state, "enablers_barriers")[:2]
    ta = actions.accept_suggestion(project, a)
    tb = actions.accept_suggestion(project, b)
    n_codings = len(project.state.codings)
    before = snapshot(project)
    actions.merge(project, ta.id, [tb.id], label="Practical barriers")
    e = last(project)
    assert e.kind == "theme.merged" and e.payload["basis"]["labels"] == [ta.label, tb.label]
    merged = project.state.themes[ta.id]
    assert tb.id not in project.state.themes
    assert merged.label == "Practical barriers" and merged.case_ids == ta.case_ids | tb.case_ids
    assert len(project.state.codings_of(ta.id)) == n_codings
    undo_restores(project, before)


def test_split_gives_spans_to_parts(project):
    s = next(x for x in suggest_themes(project.state, "enablers_barriers") if len(x.evidence) >= 2)
    t = actions.accept_suggestion(project, s)
    codings = sorted(project.state.codings_of(t.id), key=lambda c: c.case_id)
    first, rest = codings[:1], codings[1:]
    before = snapshot(project)
    parts = actions.split(
        project,
        t.id,
        [
            {"label": "Part one", "codings": [c.id for c in first]},
            {"label": "Part two", "codings": [c.id for c in rest]},
        ],
    )
    assert t.id not in project.state.themes
    assert [p.label for p in parts] == ["Part one", "Part two"]
    assert parts[0].case_ids == {first[0].case_id}
    assert {c.id for c in project.state.codings_of(parts[1].id)} == {c.id for c in rest}
    assert last(project).kind == "theme.split"
    undo_restores(project, before)
    with pytest.raises(actions.ThemeError):
        actions.split(project, t.id, [{"label": "Only one"}])


def test_memo_and_delete(project):
    t = actions.create_theme(project, "impact", "Sleep")
    memo = actions.write_memo(project, f"theme:{t.id}", "Check with the swimmers' own words.")
    assert project.state.memos[memo.id].target == f"theme:{t.id}"
    with pytest.raises(actions.ThemeError):
        actions.write_memo(project, "theme:nope", "x")
    actions.delete_theme(project, t.id)
    assert t.id not in project.state.themes and last(project).payload["basis"]["label"] == "Sleep"
    project.undo()
    assert t.id in project.state.themes
