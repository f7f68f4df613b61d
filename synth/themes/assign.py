"""Stage 1 of the meaning engine: each sentence assigned to zero, one or two concepts.

A sentence's words (:mod:`synth.themes.words`: word families, ages, gaps, speakers) matched
against the frameworks' inclusion terms and phrases, clause by clause, with the tuning values read from
``engine.toml``; the optional semantic extra reassigns by sentence embeddings. The later
stages (:mod:`synth.themes.meaning`) turn these assignments into suggestions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from synth.themes import ENGINE
from synth.themes.frameworks import Concept
from synth.themes.words import (
    GAP,
    clauses_of,
    norm,
    phrase_end,
    phrase_key,
    sentence_words,
    settings,
    speaker_positions,
    words_of,
)


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
            for text, weight in (
                [(t, cfg["term_weight"]) for t in (c.name, *c.terms)]
                + [(t, cfg["weak_weight"]) for t in c.weak_terms]
                + [(p, cfg["phrase_weight"]) for p in c.phrases]
            ):
                key = phrase_key(text)
                if not key or key in seen or (own and set(key) - {GAP} <= own):
                    continue
                if text is c.name and len(key) > 1:
                    continue  # a concept's name is matched only when it is one word ("Volunteers")
                seen.add(key)
                # a phrase, or a code written in capitals ("WEMWBS", "PHQ-9": one instrument, never another
                # sense), weighs as a phrase
                w = cfg["phrase_weight"] if len(key) > 1 or text.isupper() else weight
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
        found: dict[int, dict[tuple[str, ...], tuple[float, int, int]]] = {}
        vetoed: set[int] = set()
        n = len(keys)
        first = self.part_first if parts else self.first
        for pos, k in enumerate(keys):
            for key, i, w in first.get(k, ()):
                size = len(key)
                if size == 1:
                    end = pos + 1
                elif GAP in key:
                    end = phrase_end(key, keys, pos)
                else:  # most phrases: no gap, compared in place
                    end = pos + size if tuple(keys[pos : pos + size]) == key else 0
                if end:
                    found.setdefault(i, {}).setdefault(key, (w, pos, end))
            for key, i in self.veto.get(k, ()):
                if pos + len(key) <= n and tuple(keys[pos : pos + len(key)]) == key:
                    vetoed.add(i)
        out: dict[int, list[tuple[float, int]]] = {}
        for i, hits in found.items():
            if i in vetoed:
                continue
            # a phrase's own words count once: "social isolation" is not also "isolation"
            spans = sorted(((pos, end, w) for w, pos, end in hits.values()), key=lambda s: (s[1] - s[0]) * -1)
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


def assign(units: Sequence, matcher: Matcher, heading: str = "") -> tuple[list[Assignment], set[tuple[int, int]]]:
    """Stage 1: each sentence to at most ``max_concepts`` concepts; also the sentences open to the
    inductive stage: those no concept took, and those taken only weakly (below ``full_strength``).
    Under a heading not listed in engine.toml ``[speakers] keep``, the words naming who speaks
    (:func:`speaker_positions`) are not read."""
    cfg = settings()["assign"]
    mask = heading not in settings()["speakers"]["keep"]
    out: list[Assignment] = []
    free: set[tuple[int, int]] = set()
    for u_index, unit in enumerate(units):
        for s_index, span in enumerate(unit.analysis.sentences):
            keys = [k for k, _, _ in sentence_words(unit.text, span)]
            if mask:
                for p in speaker_positions(unit.text, span):
                    keys[p] = ""
            hits = matcher.match(keys)
            # at equal weight, the concept whose words are its own here goes first: "informal" read by
            # two concepts says less about either than "chatting" read by one
            shared = Counter(pos for h in hits.values() for _, pos in h) if len(hits) > 1 else {}
            scored = sorted(
                ((sum(w for w, _ in h), i, h) for i, h in hits.items()),
                key=lambda x: (-x[0], -sum(1 / shared.get(pos, 1) for _, pos in x[2]), x[1]),
            )
            scored = [s for s in scored if s[0] >= cfg["min_weight"]]
            if not scored:
                free.add((u_index, s_index))
                continue
            top = scored[0][0]
            if top < cfg["full_strength"]:
                free.add((u_index, s_index))
            kept, first = _kept(matcher, scored, top, cfg)
            per_clause = int(cfg.get("clause_concepts", 0))
            if per_clause and len(scored) > len(kept):
                kept += _clause_winners(unit.text, span, scored, {i for _, i, _ in kept}, per_clause, cfg)
            for weight, i, h in kept:
                # a sentence says most about its first idea: a second one counts ``second_strength`` of it
                strength = min(1.0, weight / cfg["full_strength"]) * (1.0 if i in first else cfg["second_strength"])
                out.append(Assignment(u_index, s_index, i, weight, strength, tuple(p for _, p in h)))
            if matcher.parts and any(i in matcher.parts for _, i, _ in kept):
                out += _assign_parts(matcher, keys, kept, u_index, s_index, cfg)
    return out, free


def _kept(matcher: Matcher, scored: list, top: float, cfg) -> tuple[list, set[int]]:
    """The sentence's first ``max_concepts`` ideas, and which concepts are its first idea. Concepts
    of one family from two frameworks ("Flexibility and adaptation", "Flexibility and tailoring") are
    one idea: the second takes no slot of its own and counts as its family's first does."""
    kept: list = []
    rank_of: dict[str, int] = {}  # family -> its rank among the sentence's ideas
    first: set[int] = set()
    for weight, i, h in scored:
        family = matcher.concepts[i].family or str(i)
        if family not in rank_of:
            if len(rank_of) >= int(cfg["max_concepts"]) or (rank_of and weight < cfg["second_share"] * top):
                continue
            rank_of[family] = len(rank_of)
        kept.append((weight, i, h))
        if rank_of[family] == 0:
            first.add(i)
    return kept, first


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


def engine_name() -> str:
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
    """Stage 1 with the semantic extra: a sentence a concept's words took counts as much as it is close
    to the concept in meaning (``_weighed_by_meaning``); a sentence no term took goes to the concept
    whose definition and examples it is closest to, when the cosine is at least ``[semantic] threshold``."""
    import numpy as np

    from synth.themes import semantic

    cfg = settings()["semantic"]
    if not matcher.concepts:
        return found, free
    cv = _concept_vectors(matcher.concepts)
    found = _weighed_by_meaning(units, found, cv, cfg)
    taken = {(a.unit, a.sentence) for a in found}
    todo = [(u, s) for u, unit in enumerate(units) for s in range(len(unit.analysis.sentences)) if (u, s) not in taken]
    if not todo:
        return found, free
    top = matcher.top_level()  # a part is reached through its concept's words, never by itself
    sims = semantic.embed([_sentence_text(units, u, s) for u, s in todo]) @ cv[top].T
    out = list(found)
    for row, (u, s) in enumerate(todo):
        column = int(np.argmax(sims[row]))
        best = top[column]
        if sims[row, column] >= cfg["threshold"]:
            out.append(Assignment(u, s, best, 1.0, cfg["strength"], ()))
            free.discard((u, s)) if cfg["strength"] >= settings()["assign"]["full_strength"] else None
    return out, free


def _sentence_text(units, u: int, s: int) -> str:
    return units[u].text[slice(*units[u].analysis.sentences[s])]


def _concept_vectors(concepts):
    """Each concept's meaning: the unit mean of its name with definition, and its examples (one
    ``embed`` call for every concept's texts, so texts of like length share a batch)."""
    import numpy as np

    from synth.themes import semantic

    texts = [[f"{c.name}: {c.definition}", *c.examples] for c in concepts]
    vectors = semantic.embed([t for group in texts for t in group])
    ends = np.cumsum([len(group) for group in texts])
    means = np.stack([vectors[end - len(group) : end].mean(axis=0) for group, end in zip(texts, ends, strict=True)])
    return means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)


def _weighed_by_meaning(units, found: list[Assignment], cv, cfg) -> list[Assignment]:
    """A term is a clue, the sentence's meaning the check: a sentence a concept's words took keeps
    its strength when it is also close to the concept in meaning (cosine ``topic_high`` or more),
    and less as it is further, down to ``topic_floor`` of it at ``topic_low`` and below: "a cup of
    tea in the garden" read as nature by "garden" says less about nature than a walk in the woods."""
    from synth.themes import semantic

    low, high, floor = cfg["topic_low"], cfg["topic_high"], cfg["topic_floor"]
    if not found or floor >= 1.0:
        return found  # every sentence keeps all of its strength: nothing to embed
    vectors = semantic.embed([_sentence_text(units, a.unit, a.sentence) for a in found])
    shares = [
        min(1.0, max(floor, (float(v @ cv[a.concept]) - low) / (high - low)))
        for a, v in zip(found, vectors, strict=True)
    ]
    return [replace(a, strength=a.strength * share) for a, share in zip(found, shares, strict=True)]
