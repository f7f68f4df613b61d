"""The inductive engine of step 2: candidate phrases clustered into themes no framework anticipated.

:mod:`synth.themes.meaning` runs it on the sentences no concept takes; the phrases come from
:mod:`synth.themes.phrases` and their names from :mod:`synth.themes.labels`."""

from __future__ import annotations

from synth.themes.corpus import Corpus
from synth.themes.labels import (
    as_activity,
    bridged,
    evidence_of,
    fuller_name,
    label_phrase,
    second_facet,
    surface_label,
)
from synth.themes.phrases import (
    BROADER,
    CORE_SIMILARITY,
    DEMOTE,
    DIST_POWER,
    RELATED,
    SAME_PROJECTS,
    SPREAD,
    SPREAD_ONE,
    TERM_POWER,
    TWO_FACETS,
    UBIQUITOUS,
    UBIQUITY_DAMP,
    candidate_phrases,
    clusters,
    min_df,
)
from synth.themes.suggestion import MAX_EVIDENCE as MAX_EVIDENCE
from synth.themes.suggestion import Evidence as Evidence
from synth.themes.suggestion import ThemeSuggestion as ThemeSuggestion


def inductive_themes(
    corp: Corpus, heading: str, limit: int, own: frozenset[str] = frozenset()
) -> list[ThemeSuggestion]:
    units = corp.units[heading]
    phrases = candidate_phrases(corp, heading, own)
    if not phrases:
        return []
    n = len(units)
    floor = min_df(n)
    candidates = []
    groups, sim = clusters(phrases, corp)
    position = {id(p): i for i, p in enumerate(phrases)}
    for group in groups:
        members = [phrases[i] for i in group]
        head = label_phrase(members)
        if head.participle:
            continue
        # projects and sentences come from the label phrase and the members close to it, not from
        # phrases that only joined the group through a third one
        h = position[id(head)]
        # an ordinary word of the label used more widely than the label ("live" of "live alone": "living
        # with dementia") has other senses: its projects are not the theme's
        core = [
            p
            for p in members
            if p is head
            or (
                sim[h, position[id(p)]] >= CORE_SIMILARITY
                and not (p.families < head.families and len(p.cases) > BROADER * len(head.cases) and p.term < 1.0)
            )
        ]
        members = core + [p for p in members if p not in core]
        cases = set().union(*(p.cases for p in core))
        sentences = set().union(*(p.sentences for p in core))
        if len(cases) < floor or max(len(p.cases) for p in members) < floor:
            continue
        share = len(cases) / n
        if share > UBIQUITOUS:
            share *= UBIQUITY_DAMP
        score = share * head.dist**DIST_POWER * head.term**TERM_POWER * (0.75 + 0.25 * min(1.0, len(members) / 3))
        candidates.append((score, head, members, cases, sentences))
    candidates = _spread_demoted(candidates)
    candidates.sort(key=lambda c: (-c[0], c[1].key))
    ranked = _diversify(candidates, sim, position)
    out = []
    for score, head, members, cases, sentences in ranked[:limit]:
        named = fuller_name(head, members + [p for p in phrases if head.lemmas < p.lemmas and p not in members], units)
        label = as_activity(surface_label(units, named), named.key)
        second = second_facet(head, members, units) if TWO_FACETS else None
        if second is not None:
            keys = {p.key: p for p in members}
            joined = keys.get(f"{head.key} {second.key}") or keys.get(f"{second.key} {head.key}")
            if joined is not None:
                label = surface_label(units, joined)  # "Short-term funding", not "Short-term and funding"
            else:
                # joined only as the texts join them ("Social return on investment"); two words put
                # side by side with "and" ("Borough and therapies") name no idea, so the label stays one
                other = surface_label(units, second)
                if other.lower() not in label.lower():
                    label = bridged(units, named, label, other) or label
        order = [head, *sorted((p for p in members if p is not head), key=lambda p: -p.score)]
        evidence = evidence_of(units, heading, order, sentences)
        out.append(
            ThemeSuggestion(
                key=f"p:{head.key}",
                heading=heading,
                label=label,
                case_ids=tuple(sorted(cases)),
                evidence=evidence,
                score=round(min(1.0, score), 4),
                source="inductive",
                phrases=tuple(p.key for p in order),
            )
        )
    return out


def _spread_demoted(candidates: list) -> list:
    """Move down a theme named by ordinary words whose sentences are spread over other themes ("Local":
    local people, local history, local surgeries): the word runs through the heading's ideas, it is not one."""
    out = []
    for cand in candidates:
        head = cand[1]
        sentences = head.sentences & cand[4]
        if not sentences or " " in head.key or head.term >= 1.0:
            out.append(cand)
            continue
        covered: set = set()
        most = 0
        for other in candidates:
            if other is cand:
                continue
            shared = sentences & other[4]
            covered |= shared
            most = max(most, len(shared))
        spread = len(covered) >= SPREAD * len(sentences) and most < SPREAD_ONE * len(sentences)
        out.append((cand[0] * DEMOTE, *cand[1:]) if spread else cand)
    return out


def _diversify(candidates: list, sim=None, position: dict | None = None) -> list:
    """Move down a suggestion whose sentences are mostly those of a better one, or whose projects are
    mostly a better one's when the two are named by related phrases ("Records" under "Attendance registers")."""
    kept: list = []
    demoted: list = []
    for cand in candidates:
        sentences, cases = cand[4], cand[3]
        repeat = any(len(sentences & k[4]) > 0.6 * len(sentences) for k in kept)
        if not repeat and sim is not None and position is not None:
            h = position[id(cand[1])]
            repeat = any(
                sim[h, position[id(k[1])]] >= RELATED and len(cases & k[3]) >= SAME_PROJECTS * len(cases) for k in kept
            )
        if repeat:
            demoted.append((cand[0] * DEMOTE, *cand[1:]))
        else:
            kept.append(cand)
    return kept + sorted(demoted, key=lambda c: -c[0])
