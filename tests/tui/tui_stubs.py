"""Stand-ins for the suggestion engines, where the real NLP is not what a TUI test is about."""

from __future__ import annotations

import pytest

from synth.tui import available


def stub_suggestions(monkeypatch):
    summarise = pytest.importorskip("synth.extract.summarise")

    def fake(state, case_ids=None, field_ids=None, points=3, progress=None, cancelled=None, **kw):
        out = []
        for c in case_ids or list(state.cases):
            for f in field_ids or list(state.fields):
                if state.cases[c].fields.get(f):
                    text = f"The project drafted {c} {f}."
                    out.append(summarise.SummarySuggestion(c, f, (text,), text, "stub", "0"))
        return out

    monkeypatch.setitem(available.OVERRIDES, ("synth.extract.summarise", "suggest_summaries"), fake)


def stub_themes(monkeypatch):
    suggest = pytest.importorskip("synth.themes.suggest")
    pytest.importorskip("synth.themes.actions")
    text = "Volunteer recruitment was hard."

    def fake(state, heading, limit=12, progress=None):
        if heading != "enablers_barriers":
            return []
        ev = suggest.Evidence("songs-of-the-estate", "enablers_barriers", 0, len(text), text, "answer")
        return [
            suggest.ThemeSuggestion(
                "volunteer recruitment",
                heading,
                "Volunteer recruitment",
                ("songs-of-the-estate",),
                (ev,),
                0.8,
                "inductive",
            )
        ]

    monkeypatch.setitem(available.OVERRIDES, ("synth.themes.suggest", "suggest_themes"), fake)
    monkeypatch.setitem(
        available.OVERRIDES,
        ("synth.themes.suggest", "suggest_for_project"),
        lambda project, heading, limit=12, progress=None, state=None: fake(
            state if state is not None else project.state, heading, limit=limit, progress=progress
        ),
    )
