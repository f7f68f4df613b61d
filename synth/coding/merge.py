"""``synth merge``: bring in the events of a copy of the project that was worked on apart (offline).

Both copies share an origin: their trails agree event for event up to a fork.
Each of the other copy's commands after the fork is appended here as a new
command by the merging analyst, every event carrying ``merged_from`` (its
original sequence number, transaction, time, analyst and hash), so this trail
stays one verifiable chain and the other's history can be checked against its
own. The state folds a merged event as its original analyst's decision (a coder
who worked offline inside a round lands in their own round work). Ids the other
copy made that collide with ids made here are given new ones; undo and redo in
the other copy point at the transactions they became here. Merging twice brings
nothing new twice.

A *conflict* is a case x heading x theme both copies changed after the fork and
now call differently (present in one, absent in the other). Conflicts are never
settled by replay order: the merge opens a round (origin "merge") whose two
coders are the copies, ``here`` and ``there``, holding each copy's calls and
spans over the conflicting headings and cases, already compared; its
disagreements are settled with ``synth reconcile`` like any other, and closing
it makes the reconciled coding the project's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from synth.coding.model import label_key
from synth.coding.rounds import RoundError, folded
from synth.model import make_id
from synth.project import DATABASE
from synth.state import ProjectState, coding_to_dict, fold
from synth.trail import Event, Trail, TrailError

HERE, THERE = "here", "there"
_LINK_KINDS = {"coding.added", "coding.removed", "theme.project_added", "theme.project_removed", "theme.created"}


@dataclass
class MergeResult:
    fork: int  # the last event both copies share
    brought: int  # events appended here
    commands: int
    skipped: int  # events of the other copy already merged before
    renamed_ids: dict[str, str] = field(default_factory=dict)
    conflicts: int = 0
    round: str | None = None
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if not self.brought:
            return f"nothing to merge: the other copy has no events after event {self.fork} that are not here already"
        text = (
            f"merged {self.brought} events ({self.commands} commands) from after event {self.fork}; "
            f"each carries its original analyst, time and hash"
        )
        if self.skipped:
            text += f"; {self.skipped} were merged before"
        if self.conflicts:
            text += f"; {self.conflicts} conflicting calls became disagreements in round {self.round}"
        return "\n".join([text, *self.notes])


def _other_events(other: Path) -> list[Event]:
    db = Path(other) / DATABASE
    if not db.exists():
        raise RoundError(f"{other}: not a synth project (no {DATABASE})")
    try:
        with Trail(db) as trail:
            check = trail.verify()
            if not check.ok:
                raise RoundError(f"{other}: its trail does not verify ({check.describe()}); nothing was merged")
            return list(trail.events())
    except TrailError as exc:
        raise RoundError(str(exc)) from exc


def _fork(ours: list[Event], theirs: list[Event]) -> int:
    n = 0
    for a, b in zip(ours, theirs, strict=False):
        if a.hash != b.hash:
            break
        n += 1
    return n


def _made_ids(e: Event) -> list[str]:
    p = e.payload
    if e.kind == "theme.created":
        return [p["theme"]["id"], *(c["id"] for c in p.get("codings", ()))]
    if e.kind == "coding.added":
        return [p["coding"]["id"]]
    if e.kind == "theme.split":
        return [part["theme"]["id"] for part in p.get("parts", ())]
    if e.kind == "general.created":
        return [p["general"]["id"]]
    if e.kind == "memo.written":
        return [p["memo"]["id"]]
    return []


def _remap(value, ids: dict[str, str], rounds: dict[str, str], key: str = ""):
    if isinstance(value, str):
        if key == "round":
            return rounds.get(value, value)
        return ids.get(value, value)
    if isinstance(value, list):
        return [_remap(v, ids, rounds, key) for v in value]
    if isinstance(value, dict):
        return {k: _remap(v, ids, rounds, k) for k, v in value.items()}
    return value


def _calls(state: ProjectState) -> dict[tuple[str, str, str], set[str]]:
    """(heading, label key, case) -> present, with the theme ids carrying it (the project's calls)."""
    out: dict[tuple[str, str, str], set[str]] = {}
    for t in state.themes.values():
        for case_id in t.case_ids:
            out.setdefault((t.heading, label_key(t.label), case_id), set()).add(t.id)
    return out


def _touched(events: list[Event], state: ProjectState) -> set[tuple[str, str, str]]:
    """The (heading, label key, case) units a run of events changed (coded, uncoded, linked, unlinked)."""
    out: set[tuple[str, str, str]] = set()
    for e in events:
        if e.kind not in _LINK_KINDS:
            continue
        p = e.payload
        pairs = []
        if e.kind == "theme.created":
            pairs = [(p["theme"]["id"], c) for c in p["theme"].get("projects", ())]
            pairs += [(c["theme_id"], c["case_id"]) for c in p.get("codings", ())]
        elif e.kind == "coding.added":
            pairs = [(p["coding"]["theme_id"], p["coding"]["case_id"])]
        elif e.kind == "coding.removed":
            pairs = [(p.get("basis", {}).get("theme_id", ""), p.get("case_id", ""))]
        else:
            pairs = [(p["theme_id"], p["case_id"])]
        for theme_id, case_id in pairs:
            t = state.themes.get(theme_id)
            if t is not None and case_id:
                out.add((t.heading, label_key(t.label), case_id))
    return out


def merge(project, other: str | Path) -> MergeResult:
    """Append the other copy's events after the fork here, then open a merge round for conflicting calls."""
    if Path(other).resolve() == Path(project.path).resolve():
        raise RoundError(f"{other}: that is this project; merge a copy of it")
    theirs = _other_events(Path(other))
    ours = list(project.trail.events())
    fork = _fork(ours, theirs)
    if fork == 0:
        raise RoundError(f"{other}: not a copy of this project (its trail starts differently); nothing was merged")
    merged_before = {e.payload["merged_from"]["hash"] for e in ours if "merged_from" in e.payload}
    incoming = [e for e in theirs[fork:] if e.hash not in merged_before]
    skipped = len(theirs) - fork - len(incoming)
    result = MergeResult(fork=fork, brought=0, commands=0, skipped=skipped)
    if not incoming:
        return result
    here_state = fold(ours)  # a state of its own: the project's is folded on as the events come in
    here_after = [e for e in ours[fork:] if "merged_from" not in e.payload]
    their_state = fold(theirs)
    their_after = theirs[fork:]
    # conflicts are judged on the two copies as they stand, before anything is replayed
    here_calls, there_calls = _calls(here_state), _calls(their_state)
    both = _touched(here_after, here_state) & _touched(their_after, their_state)
    contested = sorted(u for u in both if (u in here_calls) != (u in there_calls))

    taken = set(here_state.themes) | set(here_state.codings) | set(here_state.general_themes) | set(here_state.memos)
    for r in here_state.rounds.values():
        for w in r.work.values():
            taken |= set(w.themes) | set(w.codings)
    ids: dict[str, str] = {}
    round_ids: dict[str, str] = {}
    n_rounds = len(here_state.rounds)
    for e in incoming:
        for made in _made_ids(e):
            if made in taken and made not in ids:
                ids[made] = make_id(made.split("-")[0], made, "merged", e.hash)
        if e.kind == "round.started" and e.payload["round"] in here_state.rounds:
            n_rounds += 1
            round_ids[e.payload["round"]] = f"r{n_rounds}"
    txns: dict[int, int] = {}
    groups: list[list[Event]] = []
    for e in incoming:
        if groups and groups[-1][0].txn == e.txn:
            groups[-1].append(e)
        else:
            groups.append([e])
    for group in groups:
        events = []
        for e in group:
            if e.kind == "analyst.key_registered":  # the other copy's own key bookkeeping: its signatures stay there
                continue
            payload = _remap(e.payload, ids, round_ids)
            if e.kind in ("undo", "redo") and payload.get("txn") in txns:
                payload["txn"] = txns[payload["txn"]]
            payload["merged_from"] = {"seq": e.seq, "txn": e.txn, "ts": e.ts, "analyst": e.analyst, "hash": e.hash,
                                      "copy": str(other)}  # fmt: skip
            events.append((e.kind, payload))
        if not events:
            continue
        written = project.commit(events)
        txns[group[0].txn] = written[0].txn
        result.brought += len(written)
        result.commands += 1
    result.renamed_ids = ids
    result.notes = _notes(here_after, their_after, here_state, their_state)
    if contested:
        result.round = _merge_round(project, contested, here_state, their_state, ids)
        result.conflicts = len(contested)
    return result


def _notes(here_after: list[Event], their_after: list[Event], here: ProjectState, there: ProjectState) -> list[str]:
    """What both copies changed differently that is not a coding call: the later replayed wins, both stay on
    the trail, and the analyst is told where to look."""
    notes = []

    def touched(events: list[Event], kind: str, key) -> set:
        return {key(e.payload) for e in events if e.kind == kind}

    both = touched(here_after, "summary.recorded", lambda p: (p["case_id"], p["field_id"]))
    both &= touched(their_after, "summary.recorded", lambda p: (p["case_id"], p["field_id"]))
    for case_id, heading_id in sorted(both):
        mine, theirs = here.summaries.get((case_id, heading_id)), there.summaries.get((case_id, heading_id))
        if mine and theirs and mine.text != theirs.text:
            notes.append(f"note: both copies rewrote the summary of {case_id}/{heading_id}; the other copy's is current "
                         "(undo the merged command to restore this copy's)")  # fmt: skip
    both = touched(here_after, "theme.renamed", lambda p: p["theme_id"])
    both &= touched(their_after, "theme.renamed", lambda p: p["theme_id"])
    for theme_id in sorted(both):
        mine, theirs = here.themes.get(theme_id), there.themes.get(theme_id)
        if mine and theirs and mine.label != theirs.label:
            notes.append(f"note: theme {mine.label!r} was renamed {theirs.label!r} in the other copy, which is current")
    return notes


def _merge_round(project, contested, here: ProjectState, there: ProjectState, ids: dict[str, str]) -> str:
    """Open a round, already compared, whose coders are the two copies, over the conflicting headings and cases."""
    headings = sorted({h for h, _, _ in contested})
    cases = sorted({c for _, _, c in contested})
    scope = {(h, c) for h in headings for c in cases}
    work = {}
    for side, state, remap in ((HERE, here, {}), (THERE, there, ids)):
        links, codings = [], []
        for t in state.themes.values():
            for case_id in sorted(t.case_ids):
                if (t.heading, case_id) in scope:
                    links.append([remap.get(t.id, t.id), case_id])
        for c in state.codings.values():
            t = state.themes.get(c.theme_id)
            if t is not None and (t.heading, c.case_id) in scope:
                data = coding_to_dict(c)
                data.update(id=remap.get(c.id, c.id), theme_id=remap.get(c.theme_id, c.theme_id), analyst=c.analyst)
                codings.append(data)
        work[side] = {"links": links, "codings": codings}
    round_id = f"r{len(folded(project).rounds) + 1}"
    project.record(
        "round.started",
        round=round_id,
        coders=[HERE, THERE],
        headings=headings,
        cases=cases,
        sample=None,
        seed=None,
        origin="merge",
        revealed=True,
        work=work,
        origin_note="conflicting calls of a merge",
    )
    return round_id
