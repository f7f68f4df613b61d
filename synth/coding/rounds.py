"""Blind double-coding rounds: start, compare, settle, close; each step one command on the trail.

A round's *units* are case x heading x theme: for every case in the round with
text under a heading, and every theme (matched by label) any coder applied under
that heading, each coder's call is *present* (the coder put the case under the
theme, with or without a coded span) or *absent*. Agreement is measured on those
calls (:mod:`synth.agreement`); a unit where the calls differ is a
*disagreement*, settled by a ``reconcile.decided`` event. The first comparison
(agreement, the list of disagreements, or closing) records ``round.revealed``:
from then on the coders' calls are frozen, so the figures describe blind coding.
Closing writes the reconciled themes, links and codings into the project, each
coding still its coder's.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from synth.coding.model import CodingRound, Decision, RoundError, label_key
from synth.coding.view import folded
from synth.model import Coding, Theme, make_id
from synth.state import ProjectState, coding_to_dict, theme_to_dict
from synth.summaries import working_text as working_text  # one rule for every step

# -- reading a round ---------------------------------------------------------------------------


def get_round(state: ProjectState, round_id: str | None = None) -> CodingRound:
    """A round by id, or the newest one."""
    if not state.rounds:
        raise RoundError("no coding rounds yet; start one with 'synth round PROJECT start --coders a,b'")
    if round_id is None:
        return list(state.rounds.values())[-1]
    r = state.rounds.get(round_id)
    if r is None:
        raise RoundError(f"no round {round_id!r} (rounds: {', '.join(state.rounds)})")
    return r


def open_round(state: ProjectState, round_id: str | None = None) -> CodingRound:
    r = get_round(state, round_id)
    if not r.is_open:
        raise RoundError(f"round {r.id} is closed ({r.closed_ts[:16]} by {r.closed_by})")
    return r


def _theme_of(state: ProjectState, r: CodingRound, coder: str, theme_id: str) -> Theme | None:
    return r.work[coder].themes.get(theme_id) or state.themes.get(theme_id)


class Unit(NamedTuple):
    """One case x heading x theme of a round, with each coder's call and evidence (a named tuple: a round of
    100 cases x 8 headings has thousands)."""

    case_id: str
    heading: str
    theme: str  # label key
    label: str
    calls: tuple[tuple[str, bool], ...]  # (coder, present), in the round's coder order
    evidence: tuple[tuple[str, tuple[Coding, ...]], ...]  # (coder, their coded spans)
    decision: Decision | None = None

    @property
    def agreed(self) -> bool:
        return len({c for _, c in self.calls}) == 1

    @property
    def settled(self) -> bool:
        return self.agreed or self.decision is not None

    @property
    def outcome(self) -> bool:
        """Present in the reconciled coding: the coders' shared call, else the decision."""
        if self.decision is not None:
            return self.decision.present
        return self.calls[0][1]

    def call(self, coder: str) -> bool:
        return dict(self.calls)[coder]


def units(state: ProjectState, r: CodingRound) -> list[Unit]:
    """Every unit of a round, in case, heading, theme order."""
    present: dict[tuple[str, str, str], set[str]] = {}
    labels: dict[tuple[str, str], str] = {}
    evidence: dict[tuple[str, str, str, str], list[Coding]] = {}
    cases = r._case_set
    for coder in r.coders:
        work = r.work[coder]
        where: dict[str, tuple[str, str] | None] = {}  # theme id -> (heading, label key), None outside the round
        for theme_id in {t for t, _ in work.links} | {c.theme_id for c in work.codings.values()}:
            t = _theme_of(state, r, coder, theme_id)
            if t is None or not r.covers_heading(t.heading):
                where[theme_id] = None
            else:
                where[theme_id] = (t.heading, label_key(t.label))
                labels.setdefault(where[theme_id], t.label)
        for theme_id, case_id in work.links:
            at = where[theme_id]
            if at is not None and case_id in cases:
                present.setdefault((case_id, *at), set()).add(coder)
        for c in work.codings.values():
            at = where[c.theme_id]
            if at is not None and c.case_id in cases:
                evidence.setdefault((c.case_id, *at, coder), []).append(c)
    themes_of: dict[str, list[str]] = {}
    for heading, key in sorted(labels):
        themes_of.setdefault(heading, []).append(key)
    out = []
    coders = r.coders
    nobody = tuple((c, False) for c in coders)
    no_spans = tuple((c, ()) for c in coders)
    for case_id in r.cases:
        if case_id not in state.cases:
            continue
        for heading in r.headings:
            keys = themes_of.get(heading, ())
            if not keys:
                continue
            has_text = bool(working_text(state, case_id, heading)[0].strip())
            for key in keys:
                who = present.get((case_id, heading, key))
                if not has_text and not who:
                    continue
                spans = no_spans
                if who:
                    spans = tuple(
                        (c, tuple(sorted(evidence.get((case_id, heading, key, c), ()), key=_start))) for c in coders
                    )
                out.append(
                    Unit(
                        case_id,
                        heading,
                        key,
                        labels[(heading, key)],
                        tuple((c, c in who) for c in coders) if who else nobody,
                        spans,
                        r.decisions.get((case_id, heading, key)),
                    )
                )
    return out


def _start(c: Coding) -> int:
    return c.start


def disagreements(state: ProjectState, r: CodingRound, *, open_only: bool = False) -> list[Unit]:
    return [u for u in units(state, r) if not u.agreed and not (open_only and u.decision is not None)]


@dataclass(frozen=True)
class RoundStatus:
    round: CodingRound
    units: int
    present: dict[str, int]  # coder -> units they called present
    codings: dict[str, int]  # coder -> coded spans
    disagreements: int | None  # None while the round is still blind
    settled: int | None


def status(state: ProjectState, round_id: str | None = None) -> RoundStatus:
    """Where a round stands; while it is blind, only each coder's own counts, never the comparison."""
    state = folded(state)
    r = get_round(state, round_id)
    us = units(state, r)
    present = {c: sum(1 for u in us if u.call(c)) for c in r.coders}
    codings = {c: len(r.work[c].codings) for c in r.coders}
    if r.revealed or not r.is_open:
        dis = [u for u in us if not u.agreed]
        return RoundStatus(r, len(us), present, codings, len(dis), sum(1 for u in dis if u.decision))
    return RoundStatus(r, len(us), present, codings, None, None)


# -- guarding the round's scope ---------------------------------------------------------------------


def _round_covering(state: ProjectState, case_id: str | None, heading: str) -> CodingRound | None:
    for r in state.rounds.values():
        if r.is_open and r.covers_heading(heading) and (case_id is None or r.covers(case_id, heading)):
            return r
    return None


def guard(project, heading: str, case_id: str | None = None, *, what: str = "code", shared_theme: bool = False) -> None:
    """Refuse a theme action an open round does not allow; called by every theme action before it writes.

    A round's coders may create, code, uncode, link and unlink in its scope until
    it is revealed; nobody else codes there until it closes; nobody merges, splits
    or deletes a theme the coders share while they code with it.
    """
    state = folded(project)
    if not state.rounds:
        return
    r = _round_covering(state, case_id, heading)
    if r is None:
        return
    who = project.analyst
    if shared_theme:
        raise RoundError(
            f"round {r.id} is open on heading {heading!r}: its coders ({', '.join(r.coders)}) code with this theme; "
            f"{what} it after 'synth round {project.path} close'"
        )
    if who not in r.work:
        if case_id is None:
            return
        raise RoundError(
            f"round {r.id} is open on {heading!r} for {', '.join(r.coders)}; only they code it until it closes "
            f"(you are {who})"
        )
    if r.revealed:
        raise RoundError(
            f"round {r.id} has been compared ({r.revealed_ts[:16]}): the coders' calls are frozen; settle differences "
            f"with 'synth reconcile {project.path}'"
        )


def unit_matrix(us: Sequence[Unit], coders: Sequence[str]):
    """Units x coders, 1 where the coder called the theme present."""
    import numpy as np

    if not us:
        return np.zeros((0, len(coders)), dtype=int)
    return np.array([[int(v) for _, v in u.calls] for u in us], dtype=int)


# -- commands ----------------------------------------------------------------------------------------


def pick_cases(state: ProjectState, refs: Iterable[str]) -> list[str]:
    by_title = {c.title.casefold(): c.id for c in state.cases.values()}
    out = []
    for ref in refs:
        ref = ref.strip()
        if not ref:
            continue
        case_id = ref if ref in state.cases else by_title.get(ref.casefold())
        if case_id is None:
            raise RoundError(f"no case {ref!r} in the project (give a case id or title)")
        out.append(case_id)
    return list(dict.fromkeys(out))


def start_round(
    project,
    coders: Sequence[str],
    headings: Sequence[str] = (),
    cases: Sequence[str] = (),
    sample: int | None = None,
    seed: int | None = None,
) -> CodingRound:
    """Open a blind round for ``coders`` over ``headings`` (default: every extraction heading) and cases
    (given, a seeded random sample of ``sample``, or every case with text under those headings)."""
    state = folded(project)
    coders = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
    if len(coders) < 2:
        raise RoundError("a round needs at least two coders (--coders alice,bob)")
    headings = list(dict.fromkeys(headings)) or list(state.fields)
    known = set(state.fields) | set(state.template.heading_ids if state.template else ())
    for h in headings:
        if h not in known:
            raise RoundError(f"no heading {h!r} (known: {', '.join(state.fields)})")
    if cases and sample is not None:
        raise RoundError("give --cases or --sample, not both")
    eligible = sorted(
        c.id for c in state.cases.values() if any(working_text(state, c.id, h)[0].strip() for h in headings)
    )
    if cases:
        chosen = pick_cases(state, cases)
    elif sample is not None:
        if sample < 1:
            raise RoundError("--sample must be at least 1")
        if sample > len(eligible):
            raise RoundError(f"--sample {sample} is more than the {len(eligible)} cases with text under those headings")
        seed = 0 if seed is None else seed
        chosen = sorted(random.Random(seed).sample(eligible, sample))
    else:
        chosen = eligible
    if not chosen:
        raise RoundError("no case has text under those headings to code")
    for other in state.rounds.values():
        if other.is_open and set(other.headings) & set(headings) and set(other.cases) & set(chosen):
            raise RoundError(f"round {other.id} is still open on some of those headings and cases; close it first")
    round_id = f"r{len(state.rounds) + 1}"
    project.record(
        "round.started",
        round=round_id,
        coders=coders,
        headings=headings,
        cases=chosen,
        sample=sample,
        seed=seed if sample is not None else None,
        origin="round",
    )
    return folded(project).rounds[round_id]


def reveal(project, r: CodingRound) -> bool:
    """Record that the coders' calls are compared from now on (once per round); False if already so or read-only."""
    if r.revealed or not r.is_open or getattr(project, "read_only", False):
        return False
    project.record("round.revealed", round=r.id)
    return True


def find_unit(state: ProjectState, r: CodingRound, case: str, heading: str, theme: str) -> Unit:
    case_ids = pick_cases(state, [case])
    key = label_key(theme)
    for u in units(state, r):
        if u.case_id == case_ids[0] and u.heading == heading and u.theme == key:
            return u
    raise RoundError(f"round {r.id} has no unit {case!r} x {heading!r} x {theme!r}")


def decide(
    project, case: str, heading: str, theme: str, present: bool, why: str, round_id: str | None = None
) -> Decision:
    """Settle one disagreement: who decided (the analyst), what won, and why."""
    why = " ".join(why.split())
    if not why:
        raise RoundError("say why (--why TEXT): the reason goes on the trail with the decision")
    state = folded(project)
    r = open_round(state, round_id)
    reveal(project, r)
    state = folded(project)
    r = state.rounds[r.id]
    u = find_unit(state, r, case, heading, theme)
    if u.agreed:
        raise RoundError(f"the coders agree on {u.label!r} for {state.cases[u.case_id].title!r}: nothing to settle")
    calls = dict(u.calls)
    project.record(
        "reconcile.decided",
        round=r.id,
        case_id=u.case_id,
        heading=u.heading,
        theme=u.theme,
        label=u.label,
        decision="yes" if present else "no",
        why=why,
        calls=calls,
        won=[c for c, v in u.calls if v == present],
        evidence={c: [x.text for x in spans] for c, spans in u.evidence},
        origin="analyst",
    )
    return folded(project).rounds[r.id].decisions[(u.case_id, u.heading, u.theme)]


def close_round(project, round_id: str | None = None) -> CodingRound:
    """Close a round once every disagreement is settled: its reconciled coding becomes the project's."""
    from synth.agreement import figures

    state = folded(project)
    r = open_round(state, round_id)
    us = units(state, r)
    open_units = [u for u in us if not u.settled]
    if open_units:
        first = open_units[0]
        title = state.cases[first.case_id].title if first.case_id in state.cases else first.case_id
        raise RoundError(
            f"round {r.id} has {len(open_units)} unsettled disagreement(s) (first: {title!r} x {first.heading} x "
            f"{first.label!r}); settle them with 'synth reconcile {project.path}'"
        )
    payload = _closing(state, r, us)
    overall = figures(unit_matrix(us, r.coders)) if us else {}
    payload["outcome"] = {
        "units": len(us),
        "agreed_present": sum(1 for u in us if u.agreed and u.outcome),
        "agreed_absent": sum(1 for u in us if u.agreed and not u.outcome),
        "decided_yes": sum(1 for u in us if not u.agreed and u.outcome),
        "decided_no": sum(1 for u in us if not u.agreed and not u.outcome),
        "won": {c: sum(1 for u in us if not u.agreed and u.call(c) == u.outcome) for c in r.coders},
        "agreement": {
            k: overall.get(k) for k in ("percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1")
        },
    }
    events = []
    if not r.revealed:
        events.append(("round.revealed", {"round": r.id}))
    events.append(("round.closed", payload))
    project.commit(events)
    return folded(project).rounds[r.id]


def _closing(state: ProjectState, r: CodingRound, us: list[Unit]) -> dict:
    """round.closed's payload: what the project's coding becomes in the round's scope, spelled out."""
    superseded = sorted(
        c.id
        for c in state.codings.values()
        if c.theme_id in state.themes and r.covers(c.case_id, state.themes[c.theme_id].heading)
    )
    superseded_links = sorted(
        [t.id, case_id]
        for t in state.themes.values()
        if r.covers_heading(t.heading)
        for case_id in t.case_ids
        if r.covers(case_id, t.heading)
    )
    shared_by_label = {(t.heading, label_key(t.label)): t for t in state.themes.values()}
    target: dict[tuple[str, str], str] = {}  # (heading, label key) -> the project theme it lands on
    new_themes: list[dict] = []

    def theme_for(coder: str, t: Theme) -> str:
        k = (t.heading, label_key(t.label))
        if k in target:
            return target[k]
        shared = shared_by_label.get(k)
        if shared is not None:
            target[k] = shared.id
        else:
            theme_id = make_id("t", t.heading, label_key(t.label), r.id)
            made = Theme(theme_id, t.heading, t.label, t.definition, frozenset(), "analyst", t.suggestion_key, t.score)
            new_themes.append({**theme_to_dict(made), "analyst": t.analyst or coder, "round": r.id})
            target[k] = theme_id
        return target[k]

    links: list[list[str]] = []
    codings: dict[str, dict] = {}
    outcome = {(u.case_id, u.heading, u.theme): u.outcome for u in us}
    for coder in r.coders:
        work = r.work[coder]
        for theme_id, case_id in sorted(work.links):
            t = _theme_of(state, r, coder, theme_id)
            if t is None:
                continue
            inside = r.covers(case_id, t.heading)
            if inside and not outcome.get((case_id, t.heading, label_key(t.label)), False):
                continue
            links.append([theme_for(coder, t), case_id])
        for c in sorted(work.codings.values(), key=lambda c: (c.case_id, c.heading_id, c.start, c.id)):
            t = _theme_of(state, r, coder, c.theme_id)
            if t is None:
                continue
            if r.covers(c.case_id, t.heading) and not outcome.get((c.case_id, t.heading, label_key(t.label)), False):
                continue
            theme_id = theme_for(coder, t)
            data = coding_to_dict(c)
            who = c.analyst or coder
            # each coder's span stays theirs; a merge's two copies holding the same span keep it once
            salt = "" if r.origin == "merge" else coder
            data.update(
                id=make_id("k", theme_id, c.case_id, c.heading_id, c.start, c.end, salt), theme_id=theme_id, analyst=who
            )
            codings.setdefault(data["id"], data)
    return {
        "round": r.id,
        "themes": new_themes,
        "links": [list(x) for x in dict.fromkeys(tuple(x) for x in links)],
        "codings": list(codings.values()),
        "superseded_codings": superseded,
        "superseded_links": superseded_links,
        "origin": "analyst",
    }
