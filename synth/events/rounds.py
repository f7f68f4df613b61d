"""The event kinds of blind double-coding rounds (:mod:`synth.coding`): a round started, its coders
revealed to each other, a disagreement settled, the round closed into the project.
"""

from typing import NotRequired

from synth.coding.model import CoderWork, CodingRound, Decision
from synth.events.edits import add_coding, with_case_ids
from synth.events.kind import Common, EventKind
from synth.events.payloads import coding_from_dict, theme_from_dict
from synth.events.project_state import ProjectState
from synth.events.record import Event


def _round_started(s: ProjectState, e: Event) -> None:
    p = e.payload
    s.rounds[p["round"]] = CodingRound(
        id=p["round"],
        coders=tuple(p["coders"]),
        headings=tuple(p["headings"]),
        cases=tuple(p["cases"]),
        started_by=e.analyst,
        started_ts=e.ts,
        started_seq=e.seq,
        sample=p.get("sample"),
        seed=p.get("seed"),
        origin=p.get("origin", "round"),
    )
    r = s.rounds[p["round"]]
    if p.get("revealed"):  # a merge's round: the two copies' calls, compared from the start
        r.revealed_by, r.revealed_ts = e.analyst, e.ts
    for coder, given in p.get("work", {}).items():
        work = r.work.setdefault(coder, CoderWork())
        work.links.update((t, c) for t, c in given.get("links", ()))
        for data in given.get("codings", ()):
            coding = coding_from_dict(data, data.get("analyst") or coder)
            work.codings[coding.id] = coding


def _round_revealed(s: ProjectState, e: Event) -> None:
    r = s.rounds.get(e.payload["round"])
    if r is not None and not r.revealed_ts:
        r.revealed_by, r.revealed_ts = e.analyst, e.ts


def _reconcile_decided(s: ProjectState, e: Event) -> None:
    p = e.payload
    r = s.rounds.get(p["round"])
    if r is None:
        return
    key = (p["case_id"], p["heading"], p["theme"])
    r.decisions[key] = Decision(
        case_id=p["case_id"],
        heading=p["heading"],
        theme=p["theme"],
        label=p.get("label", p["theme"]),
        present=p["decision"] == "yes",
        why=p.get("why", ""),
        analyst=e.analyst,
        ts=e.ts,
        seq=e.seq,
        calls=tuple(sorted((k, bool(v)) for k, v in p.get("calls", {}).items())),
        won=tuple(p.get("won", ())),
    )


def _round_closed(s: ProjectState, e: Event) -> None:
    p = e.payload
    r = s.rounds.get(p["round"])
    if r is None or r.closed_ts:
        return
    r.closed_by, r.closed_ts, r.closed_seq = e.analyst, e.ts, e.seq
    r.outcome = dict(p.get("outcome", {}))
    for cid in p.get("superseded_codings", ()):
        s.codings.pop(cid, None)
    for theme_id, case_id in p.get("superseded_links", ()):
        t = s.themes.get(theme_id)
        if t is not None and case_id in t.case_ids:
            s.themes[theme_id] = with_case_ids(t, t.case_ids - {case_id})
    for data in p.get("themes", ()):
        theme = theme_from_dict(data, data.get("analyst") or e.analyst)
        s.themes[theme.id] = theme
    for theme_id, case_id in p.get("links", ()):
        t = s.themes.get(theme_id)
        if t is not None and case_id not in t.case_ids:
            s.themes[theme_id] = with_case_ids(t, t.case_ids | {case_id})
    for data in p.get("codings", ()):
        add_coding(s, data, data.get("analyst") or e.analyst)


class RoundStarted(Common):
    round: str
    coders: list[str]
    headings: list[str]
    cases: list[str]
    sample: NotRequired[object]
    seed: NotRequired[object]
    origin: NotRequired[str]  # "round" or "merge"
    revealed: NotRequired[bool]  # a merge's round: compared from the start
    work: NotRequired[dict]  # {coder: {links [[theme id, case id]], codings [dicts]}}


class RoundRevealed(Common):
    round: str  # the coders' calls are compared from here; they are frozen


class ReconcileDecided(Common):
    round: str
    case_id: str
    heading: str
    theme: str  # the theme's label key
    label: NotRequired[str]
    decision: str  # yes | no
    why: NotRequired[str]
    calls: NotRequired[dict]  # {coder: bool}
    won: NotRequired[list[str]]  # the coders whose call it matches
    evidence: NotRequired[object]


class RoundClosed(Common):
    round: str
    themes: NotRequired[list[dict]]  # theme dicts + analyst
    codings: NotRequired[list[dict]]  # coding dicts + analyst
    links: NotRequired[list[list[str]]]  # [[theme id, case id]]
    superseded_codings: NotRequired[list[str]]
    superseded_links: NotRequired[list[list[str]]]
    outcome: NotRequired[dict]  # {counts, agreement}


def _started_line(p: dict, n) -> str:
    how = " (conflicts of a merge)" if p.get("origin") == "merge" else ", blind"
    return (
        f"round {p['round']}: {', '.join(p['coders'])} code {', '.join(p['headings'])} on {len(p['cases'])} cases{how}"
    )


KINDS = (
    EventKind(
        "round.started",
        RoundStarted,
        "a blind coding round: its coders, headings and cases (a merge's round brings the copies' work)",
        _started_line,
        _round_started,
    ),
    EventKind(
        "round.revealed",
        RoundRevealed,
        "a round's coders compared: their calls are frozen from here",
        "round {round}: the coders are compared; their calls are frozen",
        _round_revealed,
    ),
    EventKind(
        "reconcile.decided",
        ReconcileDecided,
        "a disagreement of a round settled: the decision, why, and whose call it matches",
        "round {round}: {case_id!n}/{heading} {label!r} settled {decision}: {why!t}",
        _reconcile_decided,
    ),
    EventKind(
        "round.closed",
        RoundClosed,
        "a round closed: its settled calls and coded spans become the project's",
        lambda p, n: (
            f"round {p['round']} closed: {len(p.get('links', []))} calls and {len(p.get('codings', []))} coded spans "
            "become the project's"
        ),
        _round_closed,
    ),
)
