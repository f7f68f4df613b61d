"""The JSON shapes the CLI prints, defined once in the core so every front end emits the same fields.

Each function returns plain lists and dicts ready for ``json.dumps``; key order is part of the shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synth.coding.rounds import RoundStatus
    from synth.extract.summarise import SummarySuggestion
    from synth.extract.uniformity import Finding
    from synth.state import ProjectState
    from synth.themes.collate import GeneralProposal, Matrix
    from synth.themes.refine import MergeProposal
    from synth.themes.suggestion import ThemeSuggestion


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
            "field": d.heading_id,
            "points": list(d.points),
            "engine": d.engine,
            "engine_version": d.engine_version,
        }
        | (
            {
                "findings": [
                    {"rule": x.rule, "point": x.index + 1, "message": x.message}
                    for x in findings[(d.case_id, d.heading_id)]
                ]
            }
            if findings is not None
            else {}
        )
        for d in drafts
    ]


def summary_findings(state: ProjectState, flagged: Mapping[tuple[str, str], Sequence[Finding]]) -> list[dict[str, Any]]:
    """The shape of ``synth check-summaries --json``: one object per finding, by (case, field)."""
    return [
        {
            "case": c,
            "title": state.cases[c].title,
            "field": f,
            "rule": x.rule,
            "point": x.index + 1,
            "sentence": x.sentence,
            "message": x.message,
        }
        for (c, f), found in flagged.items()
        for x in found
    ]


def theme_suggestions(
    state: ProjectState, found: Mapping[str, Sequence[ThemeSuggestion]]
) -> dict[str, list[dict[str, Any]]]:
    """The shape of ``synth suggest --json``: per heading, its suggestions with the cases and sentences behind each.

    Cases are named by their titles (an id whose case is gone stays an id).
    """
    title = {cid: c.title for cid, c in state.cases.items()}
    return {
        h: [
            {
                "key": s.key,
                "label": s.label,
                "score": s.score,
                "source": s.source,
                "framework": s.framework,
                "concept": s.concept,
                "direction": s.detail,
                "engine": f"{s.engine} {s.engine_version}",
                "projects": [title.get(c, c) for c in s.case_ids],
                "evidence": [
                    {
                        "case": title.get(e.case_id, e.case_id),
                        "field": e.heading_id,
                        "target": e.target,
                        "start": e.start,
                        "end": e.end,
                        "text": e.text,
                        "direction": e.direction,
                    }
                    for e in s.evidence
                ],
            }
            for s in items
        ]
        for h, items in found.items()
    }


def collation(
    state: ProjectState,
    matrix: Matrix,
    proposals: Sequence[GeneralProposal],
    merges: Sequence[MergeProposal],
) -> dict[str, Any]:
    """The shape of ``synth collate --json``: the theme x heading matrix, proposed general themes, proposed merges."""
    title = {cid: c.title for cid, c in state.cases.items()}
    label = {t.id: t.label for t in state.themes.values()}
    return {
        "headings": list(matrix.headings),
        "rows": [
            {
                "label": r.label,
                "general_id": r.general_id,
                "projects": [title.get(c, c) for c in r.case_ids],
                "cells": {h: [label[t] for t in ids] for h, ids in r.cells.items()},
            }
            for r in matrix.rows
        ],
        "proposals": [
            {
                "key": g.key,
                "label": g.label,
                "score": g.score,
                "reason": g.reason,
                "themes": [[state.themes[t].heading, label[t]] for t in g.themes],
                "projects": [title.get(c, c) for c in g.case_ids],
            }
            for g in proposals
        ],
        "merges": [
            {
                "key": m.key,
                "label": m.label,
                "score": m.score,
                "reason": m.reason,
                "general_themes": [state.general_themes[g].label for g in m.general_ids],
            }
            for m in merges
        ],
    }


def round_status(st: RoundStatus) -> dict[str, Any]:
    """The shape of ``synth round P status --json``: the round and where its coders stand."""
    r = st.round
    return {
        "round": r.id,
        "status": r.status,
        "coders": list(r.coders),
        "headings": list(r.headings),
        "cases": list(r.cases),
        "sample": r.sample,
        "seed": r.seed,
        "units": st.units,
        "present": st.present,
        "codings": st.codings,
        "disagreements": st.disagreements,
        "settled": st.settled,
    }
