"""What the screens show, computed without a terminal: progress, what needs attention, the form draft."""

from __future__ import annotations

import pytest

from synth.templates import load_template
from synth.themes.actions import code_span
from synth.tui import views
from synth.tui.formdraft import FormDraft, load_draft, save_draft, save_markdown, word_count


def test_progress_lines(project):
    lines = [p.line for p in views.progress(project.state)]
    assert lines == [
        "Step 1: 1 of 9 summaries accepted",  # the machine draft of songs/purpose is not reviewed
        "Step 2: 2 themes under 2 of 3 headings",
        "Step 3: 1 general theme",
        "Step 4: 0 of 1 general theme defined",
    ]
    assert [p.done for p in views.progress(project.state)] == [False, False, True, False]


def test_attention_points_at_the_next_thing(project):
    notes = views.attention(project.state)
    assert notes[0].startswith("1 case has unplaced sections") and "Green Minds" in notes[0]
    assert notes[1].startswith("8 summaries to review (next: Green Minds / Participants)")
    assert notes[2].startswith("1 heading has no themes yet (next: Purpose)")
    assert notes[3].startswith("1 general theme needs a definition (first: Volunteering)")


@pytest.mark.parametrize(
    ("case_id", "heading_id", "status"),
    [
        ("green-minds", "purpose", "accepted"),
        ("songs-of-the-estate", "purpose", "machine"),
        ("walk-and-talk", "purpose", "todo"),
        ("walk-and-talk", "overview", "none"),
    ],
)
def test_summary_status(project, case_id, heading_id, status):
    case = project.state.cases[case_id]
    assert views.summary_status(project.state, case, heading_id) == status


def test_empty_project_says_import_first(tmp_path):
    from synth.project import Project

    with Project.create(tmp_path / "empty") as p:
        assert views.attention(p.state) == ["Import case studies: press 1 (Extract), then i."]


def test_form_draft_round_trip_and_markdown(tmp_path):
    template = load_template()
    draft = FormDraft(template.id, "Walk and Talk", {"overview": "Weekly walks.", "purpose": "  "})
    save_draft(draft)
    again = load_draft(template.id)
    assert again == draft
    assert load_draft("another-template").answers == {}
    path = save_markdown(again, template, tmp_path)
    assert path.name == "walk-and-talk.md"
    assert path.read_text() == "# Walk and Talk\n\n## Overview\n\nWeekly walks.\n"
    problems = draft.problems(template)
    assert "Purpose: required, no answer yet" in problems


def test_word_count():
    assert word_count("") == 0
    assert word_count(" one  two\nthree ") == 3


def test_theme_detail_and_marks_of_a_theme_and_of_a_suggestion(project):
    from tui_stubs import fake_themes

    state = project.state
    theme = state.themes["t-volunteers"]
    project.record("memo.written", memo={"id": "m-1", "target": "theme:t-volunteers", "text": "Ask [who] trains them."})
    state = project.state
    assert views.theme_detail(state, "theme", theme) == [
        "[b]Volunteers[/b] (analyst, ana)",
        "projects: Green Minds",
        "1 coded passage highlighted",
        "[i]memo (ana): Ask \\[who] trains them.[/i]",
    ]
    assert views.marked_spans(state, "theme", theme, "enablers_barriers") == [("green-minds", 0, 32)]
    assert views.marked_spans(state, "theme", theme, "purpose") == []
    (suggestion,) = fake_themes(state, "enablers_barriers")
    assert views.theme_detail(state, "suggestion", suggestion) == [
        "[b]Volunteer recruitment[/b] (suggested, inductive, score 0.80)",
        "projects: Songs of the Estate",
        "1 evidence sentences highlighted",
    ]
    assert views.marked_spans(state, "suggestion", suggestion, "enablers_barriers") == [("songs-of-the-estate", 0, 31)]


def test_the_kept_groupings_agree_with_the_state_and_follow_its_changes(project):
    s = project.state
    assert views.to_check(s) == tuple(c.id for c in s.cases.values() if views.needs_review(c)) == ("green-minds",)
    for t in s.themes:
        assert views.codings_of(s, t) == s.codings_of(t)
    assert len(views.codings_of(s, "t-volunteers")) == 1
    code_span(project, "t-volunteers", "walk-and-talk", "purpose", 0, 6, target="answer")
    assert views.codings_of(project.state, "t-volunteers") == project.state.codings_of("t-volunteers")
    assert len(views.codings_of(project.state, "t-volunteers")) == 2


@pytest.mark.anyio
async def test_the_evidence_view_keeps_its_text_and_forgets_it_when_given_another():
    from textual.app import App

    from synth.tui.widgets.evidence import EvidenceView

    class One(App):
        def compose(self):
            yield EvidenceView()

    async with One().run_test() as pilot:
        view = pilot.app.query_one(EvidenceView)
        view.show([("a", "A", "First text.", "summary")])
        assert view.text == view.document.text and "First text." in view.text
        view.show([("b", "B", "Second text.", "answer")])
        assert view.text == view.document.text and "Second text." in view.text and "First" not in view.text
        view.load_text("plain")
        assert view.text == "plain"
