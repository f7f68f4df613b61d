"""A round's agreement, overall, per heading and per theme, at the unit level and at the span level.

Unit level: the present/absent calls of :func:`synth.coding.rounds.units`, with the
figures of :mod:`synth.agreement`. Span level, as NVivo's coding comparison and
QualCoder report it: for each theme on each case, the characters each coder
coded, the characters both coded, and their overlap (both / either), plus the
share of the text's characters on which the coders agree (coded by both or by
neither).
"""

from __future__ import annotations

from collections.abc import Sequence

from synth.agreement import bootstrap_many, figures
from synth.coding.model import CodingRound
from synth.coding.rounds import Unit, folded, get_round, reveal, unit_matrix, units, working_text
from synth.state import ProjectState


def _merged(spans: Sequence, length: int) -> list[tuple[int, int]]:
    """A coder's spans as disjoint, sorted [start, end) intervals inside the text."""
    out: list[list[int]] = []
    for start, end in sorted((max(0, c.start), min(length, c.end)) for c in spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


def _both(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Characters inside both runs of disjoint sorted intervals."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def span_overlap(state: ProjectState, u: Unit, texts: dict | None = None) -> dict | None:
    """Character overlap of the coders' spans on one unit (first two coders), or None if nobody coded a span.

    A coder who called the unit present without a span (coded the whole answer) coded all of its characters.
    """
    if not any(spans for _, spans in u.evidence):
        return None
    by_coder = dict(u.evidence)
    coders = [c for c, _ in u.evidence][:2]
    where = (u.case_id, u.heading)
    if texts is None or where not in texts:
        found = working_text(state, u.case_id, u.heading)
        if texts is None:
            texts = {}
        texts[where] = found
    text, target = texts[where]
    calls = dict(u.calls)
    # a coder who called the unit present with no span of it coded the whole answer: every character
    runs = [
        _merged([c for c in by_coder[k] if c.target == target], len(text))
        or ([(0, len(text))] if calls.get(k) and not by_coder[k] and text else [])
        for k in coders
    ]
    sizes = [sum(b - a for a, b in run) for run in runs]
    both = _both(runs[0], runs[1])
    either = sizes[0] + sizes[1] - both
    return {
        "chars": len(text),
        "coded": dict(zip(coders, sizes, strict=True)),
        "both": both,
        "either": either,
        "overlap": round(both / either, 4) if either else None,
        "percent_agreement": round((len(text) - either + both) / len(text), 4) if text else None,
    }


def _span_totals(rows: list[dict]) -> dict:
    chars = sum(r["chars"] for r in rows)
    both = sum(r["both"] for r in rows)
    either = sum(r["either"] for r in rows)
    return {
        "units_with_spans": len(rows),
        "chars": chars,
        "both": both,
        "either": either,
        "overlap": round(both / either, 4) if either else None,
        "percent_agreement": round((chars - either + both) / chars, 4) if chars else None,
    }


def agreement(
    project_or_state,
    round_id: str | None = None,
    heading: str | None = None,
    *,
    seed: int = 0,
    record: bool = True,
    reference: bool = False,
) -> dict:
    """The agreement of a round as ``synth agreement --json`` prints it.

    Reading it compares the coders' calls, so on an open round still blind it
    records ``round.revealed`` first (unless ``record`` is False or the project is
    read-only): the coders' calls are frozen from then on.
    """
    state = folded(project_or_state)
    r = get_round(state, round_id)
    if record and hasattr(project_or_state, "record") and reveal(project_or_state, r):
        state = folded(project_or_state)
        r = state.rounds[r.id]
    return agreement_of(state, r, heading=heading, seed=seed, reference=reference)


def agreement_of(
    state: ProjectState, r: CodingRound, heading: str | None = None, seed: int = 0, reference: bool = False
) -> dict:
    """Overall and per heading with the reference libraries when ``reference``; per theme by the closed forms."""
    us = units(state, r)
    if heading is not None:
        if heading not in r.headings:
            from synth.coding.rounds import RoundError

            raise RoundError(f"round {r.id} does not cover heading {heading!r} (it covers {', '.join(r.headings)})")
        us = [u for u in us if u.heading == heading]
    coders = list(r.coders)
    texts: dict = {}
    spans = {id(u): span_overlap(state, u, texts) for u in us}

    groups: list[tuple[str, object, list[Unit]]] = [("overall", None, us)]
    for h in r.headings:
        group = [u for u in us if u.heading == h]
        if group:
            groups.append(("heading", h, group))
    by_key: dict[tuple[str, str], list[Unit]] = {}
    for u in us:
        by_key.setdefault((u.heading, u.theme), []).append(u)
    groups += [("theme", key, group) for key, group in by_key.items()]
    matrices = [unit_matrix(g, coders) for _, _, g in groups]
    intervals = bootstrap_many(matrices, seed=seed)

    blocks = []
    for (kind, _, group), m, ci in zip(groups, matrices, intervals, strict=True):
        out = figures(m, seed=seed, reference=reference and kind != "theme", ci=ci)
        rows = [s for u in group if (s := spans[id(u)]) is not None]
        out["spans"] = _span_totals(rows) if len(coders) >= 2 else None
        blocks.append(out)
    overall = blocks[0]
    by_heading = {}
    by_theme = {}
    for (kind, key, group), out in zip(groups[1:], blocks[1:], strict=True):
        if kind == "heading":
            by_heading[key] = out
            continue
        out["heading"] = group[0].heading
        out["label"] = group[0].label
        out["by_case"] = {u.case_id: s for u in group if (s := spans[id(u)]) is not None}
        by_theme[f"{group[0].heading}/{group[0].label}"] = out
    return {
        "units": len(us),
        "coders": coders,
        "overall": overall,
        "by_heading": by_heading,
        "by_theme": by_theme,
    }
