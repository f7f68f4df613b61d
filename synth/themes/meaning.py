"""Themes by meaning: sentences assigned to concepts, then ranked on one scale.

An analyst's theme is an idea that projects write in different words ("isolated",
"living alone", "few visitors", "cut off"). So a suggestion here is a *concept* of a
cited framework (:mod:`synth.themes.frameworks`) with the projects whose sentences it
takes, or an inductive cluster of the sentences no concept takes. Named stages, each
tuned only by ``engine.toml`` beside this module:

1. **assign**: every sentence under the heading goes to zero, one or two concepts by
   the framework terms and phrases it holds, matched as word families (lemma, then a
   Snowball stem: "collaborate", "collaborative", "collaboration" are one word here),
   phrases as lemma sequences with small words kept ("on their own", "cut off"); a
   concept's exclusion terms veto it in that sentence.
2. **direction** (headings that have one): each evidence sentence is an enabler, a
   barrier or both, from cue words in the clause that names the concept.
3. **inductive**: the phrase engine (:mod:`synth.themes.suggest`) clusters what is left,
   on the unassigned sentences only; a cluster is named by its most distinctive phrase,
   and never by an ordinary word, a listed word (weekdays, "tea") or a piece of a
   project's name.
4. **rank**: every suggestion, framework, inductive or codebook, scores share of the
   heading's projects x mean strength of its projects' sentences (1.0 for a phrase or two
   terms, 0.5 for one term or an inductive phrase); a suggestion whose sentences are
   mostly a better one's moves down.

An optional embedding backend (:mod:`synth.themes.semantic`, the ``semantic`` extra)
adds sentence-to-concept similarity to stage 1 when it is installed and asked for.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

from synth.themes import ENGINE, ENGINE_VERSION
from synth.themes.assign import Assignment, engine_name, semantic_assign
from synth.themes.assign import Matcher as Matcher
from synth.themes.assign import assign as assign
from synth.themes.frameworks import Concept
from synth.themes.words import clauses_of as clauses_of
from synth.themes.words import norm as norm
from synth.themes.words import sentence_words
from synth.themes.words import settings as settings
from synth.themes.words import words_of as words_of

# -- stage 1: assign ------------------------------------------------------------------------


# -- stage 2: direction ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _cues() -> tuple[dict, set, set]:
    cfg = settings()["direction"]
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name in ("barrier", "enabler"):
        for text in [*cfg[name], *cfg[f"{name}_phrases"]]:
            key = tuple(k for k, _, _ in words_of(text) if k)
            if key:
                index.setdefault(key[0], []).append((key, name))
    contrast = {norm(w) for w in cfg["contrast"]}
    return index, contrast, set(cfg["headings"])


def has_direction(heading: str) -> bool:
    return heading in _cues()[2]


def direction(keys: list[str], positions: Sequence[int] = ()) -> str:
    """ "enabler", "barrier", "both" or "" for a sentence's word keys; cues in the clause holding
    ``positions`` (the concept's words) count first, the whole sentence's when that clause has none."""
    index, contrast, _ = _cues()
    cuts = [i for i, k in enumerate(keys) if k in contrast or k == ";"]
    found: list[tuple[int, str]] = []
    skip_until = -1
    for pos, k in enumerate(keys):
        if pos < skip_until:
            continue
        best = None
        for key, name in index.get(k, ()):
            if tuple(keys[pos : pos + len(key)]) == key and (best is None or len(key) > len(best[0])):
                best = (key, name)
        if best is not None:
            found.append((pos, best[1]))
            skip_until = pos + len(best[0])

    def verdict(items: list[tuple[int, str]]) -> str:
        kinds = {name for _, name in items}
        if kinds == {"barrier", "enabler"}:
            return "both"
        return next(iter(kinds), "")

    if positions and cuts:
        bounds = [-1, *cuts, len(keys)]
        clauses = set()
        for p in positions:
            j = bisect_right(bounds, p) - 1
            clauses.add((bounds[j], bounds[j + 1]))
        local = [(p, n) for p, n in found if any(a < p < b for a, b in clauses)]
        if local:
            return verdict(local)
    return verdict(found)


def direction_summary(directions: dict[str, str]) -> str:
    """'barrier in 6 projects, enabler in 2' from each project's direction."""
    barrier = sum(d in ("barrier", "both") for d in directions.values())
    enabler = sum(d in ("enabler", "both") for d in directions.values())
    parts = []
    for word, n in (("barrier", barrier), ("enabler", enabler)):
        if n:
            parts.append(f"{word} in {n} project{'s' if n != 1 else ''}")
    if parts and len(parts) == 2 and barrier < enabler:
        parts.reverse()
    return ", ".join(parts)


def merge_directions(values: Sequence[str]) -> str:
    kinds = set()
    for v in values:
        if v == "both":
            kinds |= {"barrier", "enabler"}
        elif v:
            kinds.add(v)
    if kinds == {"barrier", "enabler"}:
        return "both"
    return next(iter(kinds), "")


# -- stage 3: labels of inductive clusters --------------------------------------------------


def title_words(titles: Sequence[str]) -> set[str]:
    """Family keys of the words of project names: "Lane" of "Memory Lane" names no theme."""
    out: set[str] = set()
    for t in titles:
        out |= {k for k, _, _ in words_of(t)}
    return out


def _is_code(word: str) -> bool:
    """An acronym or code: "SROI", "ONS4"."""
    word = word.strip()
    return sum(ch.isupper() for ch in word) >= 2 or any(ch.isdigit() for ch in word)


def _names_an_idea(word: str) -> bool:
    """An acronym or code, or an abstract noun by its ending ("isolation", "employment", "wellness")."""
    if sum(ch.isupper() for ch in word) >= 2 or any(ch.isdigit() for ch in word):
        return True
    return word.lower().strip().endswith(tuple(settings()["labels"]["idea_endings"]))


def acceptable_label(label: str, titles: set[str], ordinary: bool) -> bool:
    """An inductive label a reader would accept: not an ordinary word alone, not a listed word,
    not made only of words of the projects' names."""
    never = {norm(w) for w in settings()["labels"]["never"]}
    keys = [k for k, _, _ in words_of(label)]
    content = [k for k in keys if k not in ("and", "of", "the", "for", "to", "in", "on", "with")]
    if not content or len(content) > settings()["inductive"]["max_label_words"]:
        return False
    if all(k in never for k in content):
        return False
    if len(content) == 1 and (ordinary or not _names_an_idea(label)):
        return False  # one word names a theme as an acronym ("SROI") or an abstract noun ("Isolation"), not "Scores"
    return not all(k in titles for k in content)


# -- stage 4: suggestions on one scale ------------------------------------------------------


def _evidence_for(units, heading: str, picks: list[tuple[int, int]], directions: dict | None = None):
    """Evidence in reading order: each project's first sentence before any project's second."""
    from synth.themes.suggestion import MAX_EVIDENCE, Evidence

    first, rest, covered = [], [], set()
    for u, s in picks:
        (rest if u in covered else first).append((u, s))
        covered.add(u)
    out = []
    for u, s in (first + rest)[:MAX_EVIDENCE]:
        unit = units[u]
        a, b = unit.analysis.sentences[s]
        d = (directions or {}).get((u, s), "")
        out.append(Evidence(unit.case_id, heading, a, b, unit.text[a:b], unit.target, direction=d))
    return tuple(out)


def concept_suggestions(units, heading: str, concepts: Sequence[Concept], matcher: Matcher | None = None):
    """Stages 1, 2 and 4 for the framework concepts: one suggestion per concept that takes sentences,
    and the (unit, sentence) pairs no concept took."""
    import dataclasses

    matcher = matcher or Matcher.build(concepts)
    found, free = assign(units, matcher, heading)
    engine = engine_name()
    if engine != ENGINE:
        found, free = semantic_assign(units, matcher, found, free)
    n = len(units)
    floor = 2 if n >= 3 else 1
    by_concept: dict[int, list[Assignment]] = {}
    for a in found:
        by_concept.setdefault(a.concept, []).append(a)
    directed = has_direction(heading)
    made: dict[int, object] = {}
    cases_of: dict[int, dict[str, float]] = {}
    for i, items in by_concept.items():
        best: dict[str, float] = {}
        for a in items:
            case = units[a.unit].case_id
            best[case] = max(best.get(case, 0.0), a.strength)
        if len(best) >= floor:
            cases_of[i] = best
    parts_named, split = _divide(matcher, cases_of)
    for i, best in cases_of.items():
        c = matcher.concepts[i]
        if c.parent and i not in split:
            continue  # a part is offered only where it divides its concept cleanly
        made[i] = _concept_suggestion(
            units, heading, c, by_concept[i], best, n, directed, engine, parts_named.get(i, "")
        )
    damp = settings()["rank"]["same_family_damp"]
    out = []
    for i, s in made.items():
        if i in split and not matcher.concepts[i].parent:
            s = dataclasses.replace(s, score=round(s.score * damp, 4))  # offered below its parts
        out.append(s)
    return out, free


def _divide(matcher: Matcher, cases_of: dict[int, dict[str, float]]) -> tuple[dict[int, str], set[int]]:
    """How each concept's parts divide its projects (engine.toml [parts]).

    A concept *splits* when two or more of its parts each hold enough projects and together hold
    ``cover`` of the concept's, none of them all: its parts are offered, the concept below them
    (interviews and focus groups written by different projects are two methods). Else a part
    holding ``named_share`` of the concept's projects names it: "Validated outcome measures
    (WEMWBS)". Returns {concept index: part name} and the indexes that split (concepts and parts).
    """
    cfg = settings()["parts"]
    named: dict[int, str] = {}
    split: set[int] = set()
    for parent, kids in matcher.parts.items():
        whole = set(cases_of.get(parent, ()))
        if not whole:
            continue
        held = [(k, set(cases_of[k]) & whole) for k in kids if k in cases_of]
        held = [(k, c) for k, c in held if c]
        covered = set().union(*(c for _, c in held)) if held else set()
        if len(held) >= 2 and len(covered) >= cfg["cover"] * len(whole) and all(c != whole for _, c in held):
            split |= {parent, *(k for k, _ in held)}
            continue
        if held:
            k, c = max(held, key=lambda kc: (len(kc[1]), -kc[0]))
            if len(c) >= cfg["named_share"] * len(whole):
                named[parent] = matcher.concepts[k].name
    return named, split


def _concept_suggestion(units, heading, c: Concept, items, best, n, directed, engine, part_name=""):
    from synth.themes.suggestion import ThemeSuggestion

    items.sort(key=lambda a: (-a.strength, a.unit, a.sentence))
    picks = sorted({(a.unit, a.sentence) for a in items}, key=lambda p: (p[0], p[1]))
    # strongest sentence of each project first
    order = [(a.unit, a.sentence) for a in items]
    picks = list(dict.fromkeys(order + picks))
    directions: dict[tuple[int, int], str] = {}
    per_case: dict[str, list[str]] = {}
    if directed:
        for a in items:
            unit = units[a.unit]
            keys = [k for k, _, _ in sentence_words(unit.text, unit.analysis.sentences[a.sentence])]
            d = direction(keys, a.positions)
            directions[(a.unit, a.sentence)] = d
            per_case.setdefault(unit.case_id, []).append(d)
    case_dirs = {case: merge_directions(ds) for case, ds in per_case.items()}
    marks: set[tuple[str, int]] = set()
    for a in items:
        unit = units[a.unit]
        words = sentence_words(unit.text, unit.analysis.sentences[a.sentence])
        marks |= {(unit.case_id, words[p][1]) for p in a.positions if p < len(words)}
    label = c.name
    named = part_name or _named_measure(units, items, set(best))
    if named and named.lower() not in label.lower():
        label = f"{label} ({named})"
    strength = sum(best.values()) / len(best)
    score = len(best) / n * strength ** settings()["rank"]["strength_power"]
    return ThemeSuggestion(
        key=c.key,
        heading=heading,
        label=label,
        case_ids=tuple(sorted(best)),
        evidence=_evidence_for(units, heading, picks, directions),
        score=round(min(1.0, score), 4),
        source="framework",
        phrases=tuple(c.terms[:6]) + tuple(c.phrases[:6]),
        definition=c.definition,
        framework=c.framework,
        concept=c.id,
        family=c.family,
        directions=tuple(sorted(case_dirs.items())),
        detail=direction_summary(case_dirs) if directed else "",
        engine=engine,
        engine_version=ENGINE_VERSION,
        words=tuple(sorted(marks)),
    )


def _named_measure(units, items: list[Assignment], cases: set[str]) -> str:
    """An acronym or code most of a concept's projects write ("WEMWBS"), to name the concept by."""
    share = settings()["labels"]["named_share"]
    not_named = {w.upper() for w in settings()["labels"]["not_named"]}
    seen: dict[str, set[str]] = {}
    for a in items:
        unit = units[a.unit]
        words = sentence_words(unit.text, unit.analysis.sentences[a.sentence])
        for p in a.positions:
            if p < len(words):
                _, start, end = words[p]
                surface = unit.text[start:end]
                code = sum(ch.isupper() for ch in surface) >= 3 or (
                    surface[:1].isupper() and any(c.isdigit() for c in surface)
                )
                if code and surface.upper() not in not_named:
                    seen.setdefault(surface.upper(), set()).add(unit.case_id)
    if not seen:
        return ""
    best, who = max(seen.items(), key=lambda kv: (len(kv[1]), kv[0]))
    return best if len(who) >= 2 and len(who) >= share * len(cases) else ""


def _free_corpus(corp, heading: str, free: set[tuple[int, int]]):
    """The corpus with ``heading``'s texts cut to the sentences no concept took."""
    from synth.themes.corpus import Corpus, Unit
    from synth.themes.text import TextAnalysis

    for h in corp.headings():
        corp.df(h)  # counted once on the shared corpus, reused by the copy
    units = []
    for u_index, unit in enumerate(corp.units[heading]):
        a = unit.analysis
        keep = [(p, s) for p, s in zip(a.pids, a.sentence_of, strict=True) if (u_index, s) in free]
        from array import array

        analysis = TextAnalysis(a.sentences, array("I", [p for p, _ in keep]), array("I", [s for _, s in keep]))
        units.append(Unit(unit.case_id, unit.heading_id, unit.text, unit.target, analysis))
    df = {h: c for h, c in corp._df.items() if h != heading}
    return Corpus({**corp.units, heading: units}, df)


def inductive_suggestions(
    state,
    corp,
    heading: str,
    free: set[tuple[int, int]],
    limit: int,
    own=frozenset(),
    matcher: Matcher | None = None,
    who: Matcher | None = None,
):
    """Stage 3: clusters of the unassigned sentences, named by their most distinctive phrase.

    ``who``: the concepts of the participants heading. A cluster named only by who took part ("Young
    people", "Older people") names the people every answer is about, not an idea of this heading."""
    import dataclasses
    import math

    from synth.themes.inductive import inductive_themes
    from synth.themes.termhood import weight as termhood

    units = corp.units[heading]
    n = len(units)
    if not free or n < 2:
        return []
    cfg = settings()
    fcorp = _free_corpus(corp, heading, free)
    titles = title_words([c.title for c in state.cases.values()])
    floor = max(int(cfg["inductive"]["min_projects"]), math.ceil(cfg["inductive"]["min_share"] * n))
    if n < 3:
        floor = 1
    out = []
    for s in inductive_themes(fcorp, heading, limit * 2, own):
        head = s.phrases[0] if s.phrases else ""
        ordinary = " " not in head and termhood(head) < 1.0
        if len(s.case_ids) < floor or not acceptable_label(s.label, titles, ordinary):
            continue
        keys = tuple(k for k, _, _ in words_of(s.label) if k not in ("and", "of"))
        if matcher is not None and keys and matcher.names(keys):
            continue  # the label is a framework term: the concept already stands for it
        if who is not None and keys and who.names(keys):
            continue
        # one scale with the concepts: named by a phrase of two words or more, or by a code
        # ("SROI"), a cluster is as strong as a framework phrase; by one ordinary word, as one term
        strong = len(keys) >= 2 or (len(keys) == 1 and _is_code(s.label))
        strength = cfg["rank"]["inductive_phrase_strength"] if strong else cfg["rank"]["inductive_strength"]
        score = len(s.case_ids) / n * strength
        out.append(dataclasses.replace(s, score=round(score, 4)))
    return out[:limit]


def _rank_order(s) -> tuple:
    """Best first: score, then a framework concept, then the idea more projects share, then the label."""
    return (-s.score, s.source != "framework", -len(s.case_ids), s.label)


def rank(suggestions: list) -> list:
    """Stage 4: one scale for every source; a suggestion that mostly repeats a better one moves down
    (concepts: the same words; other sources: the same sentences). Ties: :func:`_rank_order` (a theme
    is what recurs, so at equal score the idea more projects share goes first)."""
    import dataclasses

    cfg = settings()["rank"]
    ordered = sorted(suggestions, key=_rank_order)
    kept: list = []
    read: list[tuple[set, set, str]] = []  # (words, sentences, source) of each suggestion kept
    demoted: list = []
    families: dict[str, str] = {}  # family -> the framework that offered it first
    evidence = [{(e.case_id, e.start) for e in s.evidence} for s in ordered]
    pairs = list(zip(ordered, evidence, strict=True))
    concepts_read = [(set(), sentences, s.source) for s, sentences in pairs if s.source == "framework"]
    for s, sentences in pairs:
        words = set(s.words)
        if s.family and families.get(s.family, s.framework) != s.framework:
            # the same idea from a second framework of the heading ("Flexibility and tailoring" after
            # "Flexibility and adaptation"): offered, but below every distinct idea. Two concepts of one
            # framework and family ("WEMWBS", "ONS4") are two ideas of one kind, both offered
            demoted.append(dataclasses.replace(s, score=round(s.score * cfg["same_family_damp"], 4)))
            continue
        if s.family:
            families.setdefault(s.family, s.framework)

        others = read
        if s.source == "inductive":
            # an inductive theme on the sentences a concept holds repeats it in other words ("Budget line"
            # over "Securing further funding"): the concept names the idea, wherever it ranks
            others = read + concepts_read
        elif s.source == "framework":
            others = [o for o in read if o[2] != "inductive"]
        if any(_repeats(words, sentences, other, cfg["overlap"]) for other in others):
            demoted.append(dataclasses.replace(s, score=round(s.score * cfg["overlap_damp"], 4)))
            continue
        kept.append(s)
        read.append((words, sentences, s.source))
    return sorted(kept + demoted, key=_rank_order)


def _repeats(words: set, sentences: set, other: tuple[set, set, str], share: float) -> bool:
    """Two concepts are compared on the words they read (one dense sentence can hold two ideas;
    the same words read twice are one idea), anything else on its sentences."""
    mine, theirs = (words, other[0]) if words and other[0] else (sentences, other[1])
    return bool(mine) and len(mine & theirs) > share * len(mine)


def rescored_codebook(suggestions: list, n_cases: int) -> list:
    """Codebook suggestions on the same scale: share of projects x the strength of a named code."""
    import dataclasses

    strength = settings()["rank"]["codebook_strength"]
    return [
        dataclasses.replace(s, score=round(min(1.0, len(s.case_ids) / max(n_cases, 1) * strength), 4))
        for s in suggestions
    ]
