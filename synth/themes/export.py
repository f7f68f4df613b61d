"""``themes.json``: each heading's themes in rank order, then the general themes (DESIGN.md)."""

from __future__ import annotations

from synth.model import Theme
from synth.state import ProjectState


def _status(theme: Theme) -> str:
    """How a theme came to be: ``suggested`` (machine-accepted, unreviewed), ``accepted`` or ``created``."""
    if theme.origin == "machine":
        return "suggested"
    return "accepted" if theme.suggestion_key else "created"


def _rank(theme: Theme) -> tuple:
    return (-(theme.score if theme.score is not None else -1.0), -len(theme.case_ids), theme.label)


def themes_json(state: ProjectState) -> dict:
    """The themes of a project as DESIGN.md's ``themes.json`` (also ``synth themes --json``)."""
    title = {cid: c.title for cid, c in state.cases.items()}
    headings: dict[str, list[dict]] = {}
    order = list(state.fields) + sorted({t.heading for t in state.themes.values()} - set(state.fields))
    for heading in order:
        themes = sorted(state.themes_of(heading), key=_rank)
        if not themes and heading not in state.fields:
            continue
        entries = []
        for t in themes:
            codings = sorted(state.codings_of(t.id), key=lambda c: (title.get(c.case_id, c.case_id), c.start))
            entries.append(
                {
                    "id": t.id,
                    "label": t.label,
                    "definition": t.definition,
                    "projects": sorted(title.get(p, p) for p in t.case_ids),
                    "score": t.score,
                    "status": _status(t),
                    "origin": t.origin,
                    "evidence": [
                        {
                            "case": title.get(c.case_id, c.case_id),
                            "case_id": c.case_id,
                            "field": c.heading_id,
                            "target": c.target,
                            "text": c.text,
                            "start": c.start,
                            "end": c.end,
                        }
                        for c in codings
                    ],
                }
            )
        headings[heading] = entries
    generals = []
    for g in state.general_themes.values():
        members = [state.themes[t] for t in g.themes if t in state.themes]
        case_ids = set().union(*(t.case_ids for t in members)) if members else set()
        generals.append(
            {
                "id": g.id,
                "label": g.label,
                "definition": g.definition,
                "origin": g.origin,
                "projects": sorted(title.get(p, p) for p in case_ids),
                "themes": [[t.heading, t.label] for t in members],
            }
        )
    return {"headings": headings, "general_themes": generals}
