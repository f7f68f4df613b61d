"""The JSON shapes the CLI prints, defined once in the core so every front end emits the same fields.

Each function returns plain lists and dicts ready for ``json.dumps``; key order is part of the shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synth.extract.summarise import SummarySuggestion
    from synth.state import ProjectState


def summary_drafts(
    state: ProjectState,
    drafts: Sequence[SummarySuggestion],
    findings: Mapping[tuple[str, str], Sequence[Any]] | None = None,
) -> list[dict[str, Any]]:
    """The shape of ``synth summarise --json``: one object per draft, with its uniformity findings when checked."""
    return [
        {
            "case": d.case_id,
            "title": state.cases[d.case_id].title,
            "field": d.field_id,
            "points": list(d.points),
            "engine": d.engine,
            "engine_version": d.engine_version,
        }
        | (
            {
                "findings": [
                    {"rule": x.rule, "point": x.index + 1, "message": x.message}
                    for x in findings[(d.case_id, d.field_id)]
                ]
            }
            if findings is not None
            else {}
        )
        for d in drafts
    ]
