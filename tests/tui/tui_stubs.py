"""Small real stand-ins for the suggestion engines, where the real NLP is not what a TUI test is about,
and a project of many plain cases for the tests of long lists.

The engines are handed to the App as :class:`synth.tui.engines.Engines` (``make_app(engines=...)``);
nothing in synth is patched.
"""

from __future__ import annotations

from typing import Any

from synth.extract.summarise import SummarySuggestion
from synth.model import CaseStudy, FieldMatch
from synth.project import Project
from synth.state import case_to_dict
from synth.themes.suggest import Evidence, ThemeSuggestion
from synth.tui.engines import Engines


def fake_summaries(state, case_ids=None, heading_ids=None, points=3, progress=None, cancelled=None, **kw):
    """A one-sentence draft of every answer asked for."""
    out = []
    for c in case_ids or list(state.cases):
        for f in heading_ids or list(state.fields):
            if state.cases[c].fields.get(f):
                text = f"The project drafted {c} {f}."
                out.append(SummarySuggestion(c, f, (text,), text, "stub", "0"))
    return out


def fake_themes(state, heading, limit=12, progress=None):
    """One suggestion under enablers_barriers, resting on a sentence of songs-of-the-estate."""
    text = "Volunteer recruitment was hard."
    if heading != "enablers_barriers":
        return []
    ev = Evidence("songs-of-the-estate", "enablers_barriers", 0, len(text), text, "answer")
    return [
        ThemeSuggestion(
            "volunteer recruitment",
            heading,
            "Volunteer recruitment",
            ("songs-of-the-estate",),
            (ev,),
            0.8,
            "inductive",
        )
    ]


def for_project(themes):
    """``themes(state, heading, ...)`` as the App calls it: ``(project, heading, progress=, state=)``."""

    def suggest(project, heading, limit=12, progress=None, state=None):
        return themes(state if state is not None else project.state, heading, limit=limit, progress=progress)

    return suggest


def quiet(**given: Any) -> Engines:
    """Engines that suggest, propose and find nothing, except those ``given``."""
    nothing: dict[str, Any] = {
        "suggest_summaries": lambda state, *a, **k: [],
        "check_project": lambda state: {},
        "check_cell": lambda *a, **k: [],
        "suggest_for_project": lambda project, heading, *a, **k: [],
        "propose_general_themes": lambda state: [],
        "propose_merges": lambda state: [],
    }
    return Engines(**(nothing | given))


def many_cases(path, n: int, fields=("purpose", "participants")) -> Project:
    """A project of ``n`` cases ("Case 0000", ...) answering each field, imported from events in one
    commit (no reading, no NLP); the caller closes it."""
    project = Project.create(path, name="Large", fields=list(fields), analyst="ana")
    cases = [
        CaseStudy(f"case-{i:04d}", f"Case {i:04d}", f"forms/case-{i:04d}.md", f"{i:064x}",
                  {f: f"Answer {i} about {f}." for f in fields}, {f: FieldMatch(f, f, 1.0, "exact") for f in fields})
        for i in range(n)
    ]  # fmt: skip
    project.commit([("case.imported", {"case": case_to_dict(c)}) for c in cases])
    return project
