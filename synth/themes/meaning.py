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

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from synth.themes import ENGINE, ENGINE_VERSION
from synth.themes.frameworks import Concept

ENGINE_FILE = Path(__file__).with_name("engine.toml")


@lru_cache(maxsize=1)
def settings() -> dict:
    """The engine's tuning values and word lists (``engine.toml``)."""
    return tomllib.loads(ENGINE_FILE.read_text(encoding="utf-8"))


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’&+\-]*|%")
_AGES = re.compile(r"\baged\s+(\d{1,3})\s*(?:to|-|–|and)\s*(\d{1,3})", re.IGNORECASE)
_AVERAGE = re.compile(
    r"\b(?:average|median|mean)(?:\s+age)?(?:\s+(?:of|was|is|were))?\s+(?:age\s+)?(\d{1,3})\b", re.IGNORECASE
)
_OVER = re.compile(r"\b(?:over|over-|aged)\s*(\d{2})s?\b(?!\s*(?:to|-|–))|\b(\d{2})\s*\+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def norm(word: str) -> str:
    """A word's family key: lowercase, no hyphens or possessive, lemma, then stem."""
    from synth.themes.text import lemma_of

    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    low = low.replace("-", "").replace("'", "")
    if not low:
        return ""
    if not low.isalpha():
        return low
    return _stemmer().stemWord(lemma_of(low))


def words_of(text: str) -> list[tuple[str, int, int]]:
    """(family key, start, end) of each word of ``text``."""
    return [(norm(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


# -- stage 1: assign ------------------------------------------------------------------------


@dataclass
class Matcher:
    """Framework terms and phrases indexed by their first word's family key."""

    concepts: list[Concept]
    first: dict[str, list[tuple[tuple[str, ...], int, float]]] = field(default_factory=dict)
    veto: dict[str, list[tuple[tuple[str, ...], int]]] = field(default_factory=dict)
    #: the finer parts of a concept (``parent`` in its framework): index -> their indexes
    parts: dict[int, list[int]] = field(default_factory=dict)
    part_first: dict[str, list[tuple[tuple[str, ...], int, float]]] = field(default_factory=dict)

    @classmethod
    def build(cls, concepts: Sequence[Concept], heading_words: Iterable[str] = ()) -> Matcher:
        """A part's words also count for its concept (a sentence naming WEMWBS names a validated
        measure); parts never compete with concepts for a sentence, they only divide a concept's.
        A term made only of ``heading_words`` (the heading's name and question) is not matched
        under it: every answer to "How did lived experience shape the project?" says "lived
        experience", so the words say nothing about which idea an answer holds."""
        cfg = settings()["assign"]
        m = cls(list(concepts))
        own = {norm(w) for w in heading_words} - {""}
        index = {(c.framework, c.id): i for i, c in enumerate(m.concepts)}
        for i, c in enumerate(m.concepts):
            parent = index.get((c.framework, c.parent)) if c.parent else None
            if c.parent and parent is None:
                continue  # its concept does not apply under this heading
            if parent is not None:
                m.parts.setdefault(parent, []).append(i)
            seen: set[tuple[str, ...]] = set()
            for text, weight in [(t, cfg["term_weight"]) for t in (c.name, *c.terms)] + [
                (p, cfg["phrase_weight"]) for p in c.phrases
            ]:
                key = tuple(k for k, _, _ in words_of(text) if k)
                if not key or key in seen or (own and set(key) <= own):
                    continue
                if text is c.name and len(key) > 1:
                    continue  # a concept's name is matched only when it is one word ("Volunteers")
                seen.add(key)
                w = weight if len(key) == 1 else cfg["phrase_weight"]
                if parent is None:
                    m.first.setdefault(key[0], []).append((key, i, w))
                else:
                    m.first.setdefault(key[0], []).append((key, parent, w))
                    m.part_first.setdefault(key[0], []).append((key, i, w))
            for text in c.exclude_terms:
                key = tuple(k for k, _, _ in words_of(text) if k)
                if key:
                    m.veto.setdefault(key[0], []).append((key, i))
        return m

    def names(self, keys: tuple[str, ...]) -> bool:
        """Whether ``keys`` (a label's family keys) is one of the concepts' terms or phrases."""
        return any(key == keys for key, _, _ in self.first.get(keys[0], ()))

    def top_level(self) -> list[int]:
        """Indexes of the concepts that are no other's part."""
        inner = {i for kids in self.parts.values() for i in kids}
        return [i for i, c in enumerate(self.concepts) if i not in inner and not c.parent]

    def match(self, keys: list[str], parts: bool = False) -> dict[int, list[tuple[float, int]]]:
        """Concept index -> [(weight, word position)] of the terms found in a sentence's word keys
        (with ``parts``: of the concepts' finer parts instead)."""
        found: dict[int, dict[tuple[str, ...], tuple[float, int]]] = {}
        vetoed: set[int] = set()
        n = len(keys)
        first = self.part_first if parts else self.first
        for pos, k in enumerate(keys):
            for key, i, w in first.get(k, ()):
                if len(key) == 1 or tuple(keys[pos : pos + len(key)]) == key:
                    found.setdefault(i, {}).setdefault(key, (w, pos))
            for key, i in self.veto.get(k, ()):
                if pos + len(key) <= n and tuple(keys[pos : pos + len(key)]) == key:
                    vetoed.add(i)
        out: dict[int, list[tuple[float, int]]] = {}
        for i, hits in found.items():
            if i in vetoed:
                continue
            # a phrase's own words count once: "social isolation" is not also "isolation"
            spans = sorted(
                ((pos, pos + len(key), w) for key, (w, pos) in hits.items()), key=lambda s: (s[1] - s[0]) * -1
            )
            taken: set[int] = set()
            kept = []
            for a, b, w in spans:
                if any(p in taken for p in range(a, b)):
                    continue
                taken.update(range(a, b))
                kept.append((w, a))
            out[i] = kept
        return out


@dataclass(frozen=True)
class Assignment:
    """One sentence taken by one concept."""

    unit: int  # index into the heading's units
    sentence: int  # sentence index within the unit
    concept: int  # index into the matcher's concepts
    weight: float
    strength: float  # 0..1
    positions: tuple[int, ...]  # word positions of the terms that matched


def age_keys(sentence: str) -> list[str]:
    """Synthetic words for the ages a sentence gives ("aged 62 to 97", "average age 73"):
    ``age-older`` or ``age-young`` (thresholds in engine.toml [ages]), so a framework can
    name older or young participants that the text only counts."""
    cfg = settings()["ages"]
    out = []
    for lo, hi in _AGES.findall(sentence):
        lo, hi = int(lo), int(hi)
        if lo >= cfg["older_from"]:
            out.append(norm("age-older"))
        elif hi <= cfg["young_to"] and lo >= cfg["young_from"]:
            out.append(norm("age-young"))
    for avg in _AVERAGE.findall(sentence):
        if int(avg) >= cfg["older_average"]:
            out.append(norm("age-older"))
    for a, b in _OVER.findall(sentence):
        n = int(a or b)
        if n >= cfg["older_from"]:
            out.append(norm("age-older"))
    return out


def sentence_words(text: str, span: tuple[int, int]) -> tuple[tuple[str, int, int], ...]:
    """(family key, start, end) of each word of the sentence ``span`` of ``text``, ages as words;
    read once per sentence (assignment, clauses, direction and evidence all ask)."""
    return _sentence_words(text, tuple(span))


@lru_cache(maxsize=100_000)
def _sentence_words(text: str, span: tuple[int, int]) -> tuple[tuple[str, int, int], ...]:
    a, b = span
    words = [(k, s + a, e + a) for k, s, e in words_of(text[a:b])]
    return tuple(words + [(k, b, b) for k in age_keys(text[a:b])])


def assign(units: Sequence, matcher: Matcher) -> tuple[list[Assignment], set[tuple[int, int]]]:
    """Stage 1: each sentence to at most ``max_concepts`` concepts; also the sentences open to the
    inductive stage: those no concept took, and those taken only weakly (below ``full_strength``)."""
    cfg = settings()["assign"]
    out: list[Assignment] = []
    free: set[tuple[int, int]] = set()
    for u_index, unit in enumerate(units):
        for s_index, span in enumerate(unit.analysis.sentences):
            keys = [k for k, _, _ in sentence_words(unit.text, span)]
            hits = matcher.match(keys)
            scored = sorted(
                ((sum(w for w, _ in h), i, h) for i, h in hits.items()),
                key=lambda x: (-x[0], x[1]),
            )
            scored = [s for s in scored if s[0] >= cfg["min_weight"]]
            if not scored:
                free.add((u_index, s_index))
                continue
            top = scored[0][0]
            if top < cfg["full_strength"]:
                free.add((u_index, s_index))
            kept = []
            for rank, (weight, i, h) in enumerate(scored[: int(cfg["max_concepts"])]):
                if rank and weight < cfg["second_share"] * top:
                    break
                kept.append((weight, i, h))
            per_clause = int(cfg.get("clause_concepts", 0))
            if per_clause and len(scored) > len(kept):
                kept += _clause_winners(unit.text, span, scored, {i for _, i, _ in kept}, per_clause, cfg)
            for weight, i, h in kept:
                strength = min(1.0, weight / cfg["full_strength"])
                out.append(Assignment(u_index, s_index, i, weight, strength, tuple(p for _, p in h)))
            if matcher.parts and any(i in matcher.parts for _, i, _ in kept):
                out += _assign_parts(matcher, keys, kept, u_index, s_index, cfg)
    return out, free


def _assign_parts(matcher: Matcher, keys, kept, u_index: int, s_index: int, cfg) -> list[Assignment]:
    """A sentence taken by a concept also goes to each of its parts whose words it holds."""
    hits = matcher.match(keys, parts=True)
    out = []
    for _, parent, _ in kept:
        for i in matcher.parts.get(parent, ()):
            h = hits.get(i)
            weight = sum(w for w, _ in h) if h else 0.0
            if weight >= cfg["min_weight"]:
                strength = min(1.0, weight / cfg["full_strength"])
                out.append(Assignment(u_index, s_index, i, weight, strength, tuple(p for _, p in h)))
    return out


def clauses_of(text: str, span: tuple[int, int]) -> list[int]:
    """The clause number of each word of a sentence (as :func:`sentence_words` lists them): a new
    clause starts after a comma, semicolon, colon, dash or bracket, and at a contrast word."""
    contrast = {norm(w) for w in settings()["direction"]["contrast"]}
    words = sentence_words(text, span)
    out, clause, last = [], 0, span[0]
    for k, start, end in words:
        if (start > last and re.search(r"[,;:()\u2013\u2014]| - ", text[last:start])) or k in contrast:
            clause += 1
        out.append(clause)
        last = max(last, end)
    return out


def _clause_winners(text, span, scored, taken: set[int], per_clause: int, cfg) -> list:
    """Concepts beyond the sentence's first ``max_concepts`` that lead a clause of their own: in a
    dense sentence ("The university team ran interviews, observed sessions, and collected artwork")
    each clause may name its own idea. A clause's leaders are its ``per_clause`` concepts of most
    weight within it (at least ``min_weight``), the sentence's own ranking breaking ties."""
    clause = clauses_of(text, span)
    within: dict[int, dict[int, float]] = {}
    for _, i, h in scored:
        for w, pos in h:
            c = clause[pos] if pos < len(clause) else clause[-1] if clause else 0
            within.setdefault(c, {}).setdefault(i, 0.0)
            within[c][i] += w
    order = {i: rank for rank, (_, i, _) in enumerate(scored)}
    leaders: set[int] = set()
    for weights in within.values():
        ranked = sorted(weights.items(), key=lambda kv: (-kv[1], order[kv[0]]))
        leaders |= {i for i, w in ranked[:per_clause] if w >= cfg["min_weight"]}
    return [x for x in scored if x[1] in leaders and x[1] not in taken]


def _engine_name() -> str:
    """``synth-meaning``, or ``synth-meaning+all-MiniLM-L6-v2`` when the semantic extra is asked for and there."""
    from synth.themes import semantic

    if not semantic.wanted():
        return ENGINE
    try:
        semantic.encoder()
    except semantic.SemanticUnavailable:
        return ENGINE
    return f"{ENGINE}+{semantic.NAME}"


def semantic_assign(units, matcher: Matcher, found: list[Assignment], free: set[tuple[int, int]]):
    """Stage 1 with the semantic extra: a sentence no term took goes to the concept whose definition and
    examples it is closest to, when the cosine is at least ``[semantic] threshold``."""
    import numpy as np

    from synth.themes import semantic

    cfg = settings()["semantic"]
    taken = {(a.unit, a.sentence) for a in found}
    todo = [(u, s) for u, unit in enumerate(units) for s in range(len(unit.analysis.sentences)) if (u, s) not in taken]
    if not todo or not matcher.concepts:
        return found, free
    concept_vectors = []
    top = matcher.top_level()  # a part is reached through its concept's words, never by itself
    for c in (matcher.concepts[i] for i in top):
        v = semantic.embed([f"{c.name}: {c.definition}", *c.examples]).mean(axis=0)
        concept_vectors.append(v / max(float(np.linalg.norm(v)), 1e-12))
    cv = np.stack(concept_vectors)
    texts = [units[u].text[slice(*units[u].analysis.sentences[s])] for u, s in todo]
    sims = semantic.embed(texts) @ cv.T
    out = list(found)
    for row, (u, s) in enumerate(todo):
        best = top[int(np.argmax(sims[row]))]
        if sims[row, top.index(best)] >= cfg["threshold"]:
            out.append(Assignment(u, s, best, 1.0, cfg["strength"], ()))
            free.discard((u, s)) if cfg["strength"] >= settings()["assign"]["full_strength"] else None
    return out, free


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
    found, free = assign(units, matcher)
    engine = _engine_name()
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
    score = len(best) / n * strength
    return ThemeSuggestion(
        key=c.key,
        heading=heading,
        label=label,
        projects=tuple(sorted(best)),
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
    from synth.themes.text import Corpus, TextAnalysis, Unit

    for h in corp.headings():
        corp.df(h)  # counted once on the shared corpus, reused by the copy
    units = []
    for u_index, unit in enumerate(corp.units[heading]):
        a = unit.analysis
        keep = [(p, s) for p, s in zip(a.pids, a.sentence_of, strict=True) if (u_index, s) in free]
        from array import array

        analysis = TextAnalysis(a.sentences, array("I", [p for p, _ in keep]), array("I", [s for _, s in keep]))
        units.append(Unit(unit.case_id, unit.field_id, unit.text, unit.target, analysis))
    df = {h: c for h, c in corp._df.items() if h != heading}
    return Corpus({**corp.units, heading: units}, df)


def inductive_suggestions(
    state, corp, heading: str, free: set[tuple[int, int]], limit: int, own=frozenset(), matcher: Matcher | None = None
):
    """Stage 3: clusters of the unassigned sentences, named by their most distinctive phrase."""
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
        if len(s.projects) < floor or not acceptable_label(s.label, titles, ordinary):
            continue
        keys = tuple(k for k, _, _ in words_of(s.label) if k not in ("and", "of"))
        if matcher is not None and keys and matcher.names(keys):
            continue  # the label is a framework term: the concept already stands for it
        # one scale with the concepts: named by a phrase of two words or more, or by a code
        # ("SROI"), a cluster is as strong as a framework phrase; by one ordinary word, as one term
        strong = len(keys) >= 2 or (len(keys) == 1 and _is_code(s.label))
        strength = cfg["rank"]["inductive_phrase_strength"] if strong else cfg["rank"]["inductive_strength"]
        score = len(s.projects) / n * strength
        out.append(dataclasses.replace(s, score=round(score, 4)))
    return out[:limit]


def rank(suggestions: list) -> list:
    """Stage 4: one scale for every source; a suggestion that mostly repeats a better one moves down
    (concepts: the same words; other sources: the same sentences)."""
    import dataclasses

    cfg = settings()["rank"]
    ordered = sorted(suggestions, key=lambda s: (-s.score, s.source != "framework", s.label))
    kept: list = []
    read: list[tuple[set, set]] = []  # (words, sentences) of each suggestion kept
    demoted: list = []
    families: set[str] = set()
    for s in ordered:
        sentences = {(e.case_id, e.start) for e in s.evidence}
        words = set(s.words)
        if s.family and s.family in families:
            # the same idea from a second framework of the heading ("Flexibility and tailoring" after
            # "Flexibility and adaptation"): offered, but below every distinct idea
            demoted.append(dataclasses.replace(s, score=round(s.score * cfg["same_family_damp"], 4)))
            continue
        if s.family:
            families.add(s.family)

        if any(_repeats(words, sentences, other, cfg["overlap"]) for other in read):
            demoted.append(dataclasses.replace(s, score=round(s.score * cfg["overlap_damp"], 4)))
            continue
        kept.append(s)
        read.append((words, sentences))
    return sorted(kept + demoted, key=lambda s: (-s.score, s.source != "framework", s.label))


def _repeats(words: set, sentences: set, other: tuple[set, set], share: float) -> bool:
    """Two concepts are compared on the words they read (one dense sentence can hold two ideas;
    the same words read twice are one idea), anything else on its sentences."""
    mine, theirs = (words, other[0]) if words and other[0] else (sentences, other[1])
    return bool(mine) and len(mine & theirs) > share * len(mine)


def rescored_codebook(suggestions: list, n_cases: int) -> list:
    """Codebook suggestions on the same scale: share of projects x the strength of a named code."""
    import dataclasses

    strength = settings()["rank"]["codebook_strength"]
    return [
        dataclasses.replace(s, score=round(min(1.0, len(s.projects) / max(n_cases, 1) * strength), 4))
        for s in suggestions
    ]
