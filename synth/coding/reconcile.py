"""The disagreements of a round side by side, for ``synth reconcile`` and the TUI's reconcile screen."""

from __future__ import annotations

from synth.coding.rounds import Unit, folded, get_round, reveal, units
from synth.state import ProjectState


def unit_dict(state: ProjectState, u: Unit) -> dict:
    """One disagreement: where, each coder's call, their evidence, and the decision if there is one."""
    case = state.cases.get(u.case_id)
    d = u.decision
    return {
        "case": case.title if case else u.case_id,
        "case_id": u.case_id,
        "heading": u.heading,
        "theme": u.label,
        "calls": {c: v for c, v in u.calls},
        "evidence": {
            c: [{"text": x.text, "start": x.start, "end": x.end, "target": x.target} for x in spans]
            for c, spans in u.evidence
        },
        "decision": None
        if d is None
        else {
            "decision": "yes" if d.present else "no",
            "analyst": d.analyst,
            "why": d.why,
            "won": list(d.won),
            "ts": d.ts,
        },
    }


def listing(project, round_id: str | None = None, *, include_settled: bool = False) -> dict:
    """A round's disagreements (open ones, or all with ``include_settled``); comparing ends the blind phase."""
    state = folded(project)
    r = get_round(state, round_id)
    if reveal(project, r):
        state = folded(project)
        r = state.rounds[r.id]
    dis = [u for u in units(state, r) if not u.agreed]
    shown = dis if include_settled else [u for u in dis if u.decision is None]
    return {
        "round": r.id,
        "status": r.status,
        "coders": list(r.coders),
        "open": sum(1 for u in dis if u.decision is None),
        "settled": sum(1 for u in dis if u.decision is not None),
        "disagreements": [unit_dict(state, u) for u in shown],
    }
