"""The methods appendix on double coding: who coded what in each round, the agreement, how it was settled,
and how synth's suggestions fared against the analysts. Gathered once (:func:`gather_coding`), written
by :func:`coding_appendix` into the Markdown report (and so the HTML one)."""

from __future__ import annotations

from collections import Counter

from synth.report.text import cell, esc, plural, table, when
from synth.state import ProjectState
from synth.trail import Event

METRICS = (("Percent agreement", "percent_agreement"), ("Cohen's kappa", "cohen_kappa"),
           ("Krippendorff's alpha", "krippendorff_alpha"), ("Gwet's AC1", "gwet_ac1"))  # fmt: skip


def gather_coding(state: ProjectState, events: tuple[Event, ...]) -> dict:
    """Each round with its agreement (never of a round still blind) and the machine-vs-human table."""
    if not getattr(state, "rounds", None):
        return {}  # a project coded by one analyst: the report is as it always was
    from synth.coding.compare import agreement_of
    from synth.coding.machine import machine_vs_human
    from synth.coding.rounds import status
    from synth.coding.view import shared_state

    state = shared_state(state)
    rounds = []
    for r in state.rounds.values():
        blind = r.is_open and not r.revealed
        rounds.append(
            {
                "round": r,
                "status": status(state, r.id),
                "agreement": None if blind else agreement_of(state, r),
                "decisions": list(r.decisions.values()),
            }
        )
    machine = [m for m in machine_vs_human(state, events) if m["accepted"] or m["edited"] or m["rejected"]]
    return {"rounds": rounds, "machine": machine}


def _f(x) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _names(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def coding_appendix(data, out: list[str]) -> None:
    """Append the double-coding subsections to the appendix (nothing when the project has no rounds)."""

    coding = getattr(data, "coding", None) or {}
    if coding.get("rounds"):
        out += ["### Double coding and agreement", ""]
        out += [
            "Units are case x heading x theme: for every case in a round with text under a heading and every theme "
            "a coder applied there, each coder's call is present or absent. Coders coded blind: while a round was "
            "open each saw only their own coding in its scope, and the machine suggestions were the same for both. "
            "Intervals are 95% percentile bootstraps over units (1,000 resamples, seeded).",
            "",
        ]
    for item in coding.get("rounds", ()):
        r, st, ag = item["round"], item["status"], item["agreement"]
        scope = ", ".join(esc(data.heading(h)) for h in r.headings)
        cases = f"a random sample of {r.sample} cases (seed {r.seed})" if r.sample else plural(len(r.cases), "case")
        line = (
            f"**Round {esc(r.id)}.** {esc(_names(r.coders))} coded {scope} on {cases}; started {when(r.started_ts)} "
            f"by {esc(r.started_by)}"
        )
        if r.revealed_ts:
            line += f", compared {when(r.revealed_ts)} (by {esc(r.revealed_by)})"
        line += f", closed {when(r.closed_ts)} by {esc(r.closed_by)}." if r.closed_ts else "; still open."
        out += [line, ""]
        coders = "; ".join(
            f"{esc(c)} called {plural(st.present[c], 'unit')} present with {plural(st.codings[c], 'coded span')}"
            for c in r.coders
        )
        out += [f"Who coded what: {coders}.", ""]
        if ag is None:
            out += ["The round is still blind: its coders have not been compared yet, so no figures are shown.", ""]
            continue
        rows = [["Overall", str(ag["units"]), *[_f(ag["overall"][k]) for _, k in METRICS]]]
        for h, b in ag["by_heading"].items():
            rows.append([cell(data.heading(h)), str(b["units"]), *[_f(b[k]) for _, k in METRICS]])
        out += table(["Scope", "Units", *[m for m, _ in METRICS]], rows, ["l", "r", "r", "r", "r", "r"])
        ci = ag["overall"]["ci"]
        spans = ag["overall"].get("spans") or {}
        intervals = "; ".join(f"{m} {ci[k][0]:.2f} to {ci[k][1]:.2f}" for m, k in METRICS if ci.get(k))
        if intervals:
            out += [f"95% intervals, overall: {intervals}.", ""]
        if spans.get("either"):
            out += [
                f"At the span level the coders' coded characters overlapped {_f(spans['overlap'])} (characters "
                f"coded by both over characters coded by either, over {plural(spans['units_with_spans'], 'unit')} "
                "with coded spans).",
                "",
            ]
        decisions = item["decisions"]
        total = st.disagreements or 0
        if total:
            yes = sum(1 for d in decisions if d.present)
            no = len(decisions) - yes
            won = Counter(c for d in decisions for c in d.won)
            by = Counter(d.analyst for d in decisions)
            out += [
                f"{plural(total, 'disagreement')}: {len(decisions)} settled "
                f"({yes} as present, {no} as absent)"
                + (f", {total - len(decisions)} still open" if total > len(decisions) else "")
                + ". Whose call won: "
                + "; ".join(f"{esc(c)} {won.get(c, 0)}" for c in r.coders)
                + ". Decided by: "
                + "; ".join(f"{esc(a)} ({n})" for a, n in by.items())
                + ". Each decision, with its reason, is an event on the trail.",
                "",
            ]
        else:
            out += ["The coders agreed on every unit.", ""]
    machine = coding.get("machine") or []
    if machine:
        out += ["### Machine suggestions against the analysts", ""]
        out += [
            "How analysts (each coder of a round counts) took synth's theme suggestions, and how a suggestion's own "
            "call on each case (the projects it named) agrees with the reconciled coding of closed rounds.",
            "",
        ]
        rows = [
            [cell(data.heading(m["heading"])), cell(m["label"]), str(m["accepted"]), str(m["edited"]),
             str(m["rejected"]), str(m["units"]) if m["units"] else "–", _f(m["percent_agreement"]),
             _f(m["cohen_kappa"])]
            for m in machine
        ]  # fmt: skip
        out += table(
            ["Heading", "Suggested theme", "Accepted", "Edited", "Rejected", "Units", "Agreement", "Kappa"],
            rows,
            ["l", "l", "r", "r", "r", "r", "r", "r"],
        )
