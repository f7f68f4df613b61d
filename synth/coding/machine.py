"""Machine against human: how analysts took synth's theme suggestions, and how the suggestions fare
against the reconciled coding of closed rounds.

Per theme (heading x label): how many times an analyst accepted a suggestion
unchanged, accepted it under another name or changed it afterwards (edited), or
rejected it, read off the trail. The suggestion's own call on a case is the
project list it carried when it was accepted (``theme.created``'s payload);
against a closed round's reconciled calls on the same units that gives percent
agreement and Cohen's kappa per theme: where the engine can be trusted. Themes
no suggestion led to have no machine call and are left out of that comparison.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from synth.agreement import cohen_kappa
from synth.coding.model import label_key
from synth.coding.rounds import units
from synth.state import ProjectState, undone_txns
from synth.trail import Event

_TOUCHES = {"theme.renamed", "theme.defined", "theme.merged", "theme.split", "theme.project_added",
            "theme.project_removed", "coding.removed"}  # fmt: skip


def machine_vs_human(state: ProjectState, events: Iterable[Event]) -> list[dict]:
    """One row per theme a suggestion was accepted or rejected for, in heading then label order."""
    events = list(events)
    undone = undone_txns(events)
    active = [e for e in events if e.txn not in undone]
    rows: dict[tuple[str, str], dict] = {}
    accepted: dict[str, tuple[tuple[str, str], bool]] = {}  # theme id -> (row key, renamed on accepting)
    touched: set[str] = set()

    def row(heading: str, label: str) -> dict:
        key = (heading, label_key(label))
        if key not in rows:
            rows[key] = {"heading": heading, "label": label, "accepted": 0, "edited": 0, "rejected": 0,
                         "machine_projects": None, "units": 0, "percent_agreement": None, "cohen_kappa": None}  # fmt: skip
        return rows[key]

    for e in active:
        p = e.payload
        if e.kind == "theme.created" and (p.get("basis") or {}).get("suggestion"):
            basis = p["basis"]
            r = row(p["theme"]["heading"], basis.get("label") or p["theme"]["label"])
            renamed = label_key(p["theme"]["label"]) != label_key(r["label"])
            r["machine_projects"] = sorted(p["theme"].get("projects", ()))
            accepted[p["theme"]["id"]] = ((r["heading"], label_key(r["label"])), renamed)
        elif e.kind == "suggestion.rejected":
            row(p["heading"], p.get("label") or p["key"])["rejected"] += 1
        elif e.kind in _TOUCHES and p.get("origin") != "machine":
            touched.update(x for x in (p.get("theme_id"), p.get("into")) if isinstance(x, str))
    for theme_id, (key, renamed) in accepted.items():
        rows[key]["edited" if renamed or theme_id in touched else "accepted"] += 1
    _against_rounds(state, rows)
    return [rows[k] for k in sorted(rows)]


def _against_rounds(state: ProjectState, rows: dict[tuple[str, str], dict]) -> None:
    calls: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for r in state.rounds.values():
        if r.is_open:
            continue
        for u in units(state, r):
            row = rows.get((u.heading, u.theme))
            if row is None or row["machine_projects"] is None:
                continue
            calls.setdefault((u.heading, u.theme), []).append((int(u.case_id in row["machine_projects"]),
                                                               int(u.outcome)))  # fmt: skip
    for key, pairs in calls.items():
        m = np.array(pairs, dtype=int)
        rows[key]["units"] = len(pairs)
        rows[key]["percent_agreement"] = round(float(np.mean(m[:, 0] == m[:, 1])), 4)
        kappa = cohen_kappa(m[:, 0].tolist(), m[:, 1].tolist())
        rows[key]["cohen_kappa"] = None if kappa is None else round(kappa, 4)
