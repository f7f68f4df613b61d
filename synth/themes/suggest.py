"""Theme suggestions for one heading: ranked, labelled, with the sentences behind each.

Topic models need hundreds of documents; a synthesis has 8-30 case studies. So a
suggestion here is built from phrases the analyst can check by eye:

1. Candidate phrases are lemma n-grams bounded by stop words (:mod:`synth.themes.text`).
2. Each phrase is scored by the share of projects that use it under this heading
   times how distinctive it is for this heading against the project's other headings
   (a phrase every heading uses, such as "mental health" in a mental health
   synthesis, says nothing about *barriers*).
3. The best phrases are grouped with agglomerative clustering under a distance
   threshold (no fixed number of themes): phrases group when they share lemmas
   ("volunteer", "volunteer recruitment"), are spelling variants (rapidfuzz), or
   occur in the same sentences ("befrienders" beside "volunteers").
4. A group becomes a suggestion labelled with its best phrase as written in the
   text ("Volunteer recruitment"), supported by every project whose text carries
   one of its phrases, with those exact sentences as evidence.
5. Suggestions that repeat a higher-ranked one's sentences are moved down, and
   suggestions the analyst accepted or rejected are not offered again.

The codebook's deductive suggestions (:mod:`synth.themes.codebook`) are ranked in
with the inductive ones, marked ``source="codebook"``.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field

from synth.coding.view import shared_state
from synth.state import ProjectState
from synth.themes import ENGINE, ENGINE_VERSION
from synth.themes.termhood import is_noun, is_verb
from synth.themes.termhood import weight as termhood
from synth.themes.text import (
    VERBISH,
    Corpus,
    Progress,
    Unit,
    concepts,
    corpus,
    is_participle,
    lemma_tokens,
    phrase_key,
    phrase_spans,
    word_families,
)

MAX_PHRASES = 120  # candidate phrases clustered per heading
MAX_EVIDENCE = 400
GLOBAL_SAMPLE = 3000  # texts read for co-occurrence across headings
LABEL_SAMPLE = 30  # sentences read again to find how the texts write a label phrase
CLUSTER_DISTANCE = 0.62  # average-linkage distance under which phrases form one theme
LINKAGE = "average"
TERM_POWER = 1.0
DIST_POWER = 0.5  # how much a theme's distinctiveness for its heading weighs in its rank
PHRASE_DIST_POWER = 2.0
CONTAINED_SHARE = 0.5
TWO_FACETS = True
FACET_SHARE = 0.5
FULLER_SHARE = 0.4  # share of a one-word label's projects a two-word member naming it fuller must have ...
FULLER_SHARE_NOUN = 0.6  # ... or, when the word is a specific noun, this share
CORE_SIMILARITY = 0.45  # a member gives its projects to a theme when this close to the label phrase
THESAURUS_SIMILARITY = 0.75
CONTAINED = 0.8  # "volunteer" inside "volunteer recruitment"
OVERLAP = 0.45  # "creative health" and "mental health" share a word but not a meaning
GLOBAL_WEIGHT = 0.9  # sentence co-occurrence under other headings counts a little less than under this one
COOC_WEIGHT = 0.7
LABEL_SUPPORT = 0.5  # a label phrase is carried by at least this share of the best member's projects
LABEL_SPECIFIC = 0.35  # preference per extra word for a specific label ("Social prescribing model" over "Model")
UBIQUITOUS = 0.8  # a phrase nearly every project uses under a heading is a convention of the form, not a theme
UBIQUITY_DAMP = 0.05
CLAUSE = 0.5  # weight of a phrase of three words with a verb inside
NON_NOUN = 0.5  # weight of a single word English never uses as a noun ("lonely", "expand", "consistent")
SPELLING_MIN = 4  # shorter words are not compared by spelling
BROADER = 1.0  # a part of the label phrase with more projects than this times the label's is a broader idea
DEMOTE = 0.25
SPREAD = 0.6  # share of a one-word theme's sentences that other themes carry ...
SPREAD_ONE = 0.5  # ... while none carries this share of them: the word runs through the heading
RELATED = 0.3  # phrase similarity at which two suggestions' shared projects make one redundant
SAME_PROJECTS = 0.8  # score kept by a suggestion whose sentences are mostly a better one's


@dataclass(frozen=True)
class Evidence:
    """One sentence that carries a theme: where it is and what it says."""

    case_id: str
    field_id: str
    start: int
    end: int
    text: str
    target: str  # "summary" or "answer": which text the offsets count in
    direction: str = ""  # "enabler", "barrier", "both" or "" (headings with a direction only)


@dataclass(frozen=True)
class ThemeSuggestion:
    """A candidate theme of one heading, with the projects and sentences behind it."""

    key: str
    heading: str
    label: str
    projects: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    score: float
    source: str  # "framework" | "inductive" | "codebook"
    phrases: tuple[str, ...] = ()  # the lemma phrases grouped under it (framework: its terms)
    definition: str = ""
    framework: str = ""  # the framework's id, for a framework concept
    concept: str = ""  # the concept's id in it
    family: str = ""  # the idea it shares with concepts of other frameworks ("volunteering")
    directions: tuple[tuple[str, str], ...] = ()  # (case id, "enabler" | "barrier" | "both" | "")
    detail: str = ""  # "barrier in 6 projects, enabler in 2"
    engine: str = ENGINE
    engine_version: str = ENGINE_VERSION
    #: (case id, offset) of each word that matched a framework concept: two concepts read from one
    #: sentence are two ideas, from the same words one idea read twice (meaning.rank)
    words: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    @property
    def display(self) -> str:
        """The label with its direction, as a list shows it ("Transport and access: barrier in 6 projects, enabler in 2")."""
        return f"{self.label}: {self.detail}" if self.detail else self.label

    def basis(self) -> dict:
        """What accepting this suggestion rests on, for the trail (with the engine and its version)."""
        out = {
            "suggestion": self.key,
            "label": self.label,
            "score": round(self.score, 4),
            "source": self.source,
            "phrases": list(self.phrases[:12]),
            "projects": len(self.projects),
            "engine": self.engine,
            "engine_version": self.engine_version,
        }
        if self.framework:
            out["framework"] = self.framework
            out["concept"] = self.concept
        if self.detail:
            out["direction"] = self.detail
        return out


@dataclass
class _Phrase:
    key: str
    cases: set[str]
    sentences: set[tuple[int, int]]  # (unit index, sentence index)
    score: float
    dist: float
    lemmas: frozenset[str] = field(default_factory=frozenset)
    concepts: frozenset[str] = field(default_factory=frozenset)
    participle: bool = False
    term: float = 1.0  # termhood: below 1 for a single ordinary English word
    label_term: float = 1.0  # termhood as a name: lower for a bare adjective
    pid: int = -1
    families: frozenset[str] = field(default_factory=frozenset)  # its lemmas' word families


def excluded_keys(state: ProjectState, heading: str) -> set[str]:
    """Keys not to offer again: rejected here, accepted as a theme of this heading, or merged into one.

    A theme merged into another is gone from ``state.themes`` but not from the analyst's decisions: its
    suggestion key, and the key its label would have as a phrase, stay excluded (as do suggestions merged
    straight into a theme).
    """
    keys = {key for h, key in state.rejected if h == heading}
    keys |= {t.suggestion_key for t in state.themes_of(heading) if t.suggestion_key}
    for h, key, label in state.merged:
        if h == heading:
            keys |= {key} if key else set()
            lemmas = lemma_tokens(label) if label else ()
            if lemmas:
                keys.add("p:" + " ".join(lemmas))
    return keys


def suggest_themes(
    state: ProjectState,
    heading: str,
    limit: int = 10,
    progress: Progress | None = None,
    frameworks=None,
) -> list[ThemeSuggestion]:
    """Ranked theme suggestions for ``heading`` (a field id), best first (:mod:`synth.themes.meaning`).

    Framework concepts, inductive clusters of the sentences no concept takes, and the
    analyst's codebook codes, on one scale. ``frameworks`` is a
    :class:`~synth.themes.frameworks.FrameworkChoice` (``synth.toml``'s ``[frameworks]``;
    default: the bundled defaults). :func:`excluded_keys` decides what is never offered
    again, for every source; a theme the analyst already has with the same label
    lemmas is not suggested twice.
    """
    from synth.themes import meaning
    from synth.themes.codebook import codebook_suggestions
    from synth.themes.frameworks import DEFAULT_CHOICE, FrameworkChoice

    state = shared_state(state)  # every coder of a blind round gets the same suggestions (synth.coding.view)
    corp = corpus(state, [heading], progress)
    units = corp.units.get(heading, [])
    if not units:
        return []
    skip = excluded_keys(state, heading)
    have = {frozenset(lemma_tokens(t.label)) for t in state.themes_of(heading)}
    choice = frameworks or DEFAULT_CHOICE
    if os.environ.get("SYNTH_ENGINE", "").lower() == "phrases":
        choice = FrameworkChoice({h: () for h in (*choice.by_heading, heading)})  # the phrase engine alone (bench)
    own = heading_words(state, heading)
    matcher = meaning.Matcher.build(choice.concepts(heading), own)
    found, free = meaning.concept_suggestions(units, heading, matcher.concepts, matcher)
    room = limit + len(skip) + len(have) + 4
    found += meaning.inductive_suggestions(state, corp, heading, free, room, own, matcher)
    found += meaning.rescored_codebook(codebook_suggestions(state, heading, corp), len(units))
    offered = [s for s in found if s.key not in skip and frozenset(lemma_tokens(s.label)) - {"of"} not in have]
    return meaning.rank(offered)[:limit]


def suggest_for_project(
    project, heading: str, limit: int = 10, progress: Progress | None = None, state: ProjectState | None = None
) -> list[ThemeSuggestion]:
    """:func:`suggest_themes` for an open :class:`~synth.project.Project`, with the frameworks its
    ``synth.toml`` chooses (``[frameworks]``, else the defaults), so no front end decides which
    frameworks a heading uses (``synth suggest`` and ``synth run`` read the same choice).
    ``state``: the project's state already read (a TUI worker reads none itself); default
    ``project.state``."""
    from synth.themes.frameworks import FrameworkChoice

    choice = FrameworkChoice.from_config(project.config, project.path)
    state = project.state if state is None else state
    return suggest_themes(state, heading, limit=limit, progress=progress, frameworks=choice)


# -- the inductive engine ------------------------------------------------------------


def _min_df(n_cases: int) -> int:
    if n_cases < 3:
        return 1
    return max(2, math.ceil(0.01 * n_cases))


def heading_words(state: ProjectState | None, heading: str) -> frozenset[str]:
    """Lemmas of a heading's name and question: "barrier" says nothing new under *Enablers and barriers*."""
    words = set(lemma_tokens(heading.replace("_", " ")))
    template = state.template if state is not None else None
    if template is not None and heading in template.field_ids:
        f = template.field(heading)
        words |= set(lemma_tokens(f.heading))
        words |= {w for w in lemma_tokens(f.question) if w not in ("project", "people")}
    return frozenset(words)


def _phrases(corp: Corpus, heading: str, own: frozenset[str] = frozenset()) -> list[_Phrase]:
    units = corp.units[heading]
    n = len(units)
    df = corp.df(heading)
    others = [(h, corp.df(h), corp.n_cases(h)) for h in corp.headings() if h != heading]
    floor = _min_df(n)
    scored: list[tuple[float, float, str, int]] = []
    for pid, count in df.items():
        key = phrase_key(pid)
        if count < floor and (count < 1 or not concepts(key)):
            continue
        if own and set(key.split()) - {"of"} <= own:
            continue
        share = count / n
        if others:
            elsewhere = sum(d.get(pid, 0) / m for _, d, m in others) / len(others)
            dist = share / (share + elsewhere)
        else:
            dist = 1.0
        words = key.count(" ") + 1 - (2 if " of " in key else 0)
        score = share * dist**PHRASE_DIST_POWER * (1.0 + 0.12 * (words - 1))
        scored.append((score, dist, key, pid))
    scored.sort(key=lambda x: (-x[0], x[2]))
    chosen = {pid: (score, dist, key) for score, dist, key, pid in scored[:MAX_PHRASES]}
    found: dict[int, _Phrase] = {}
    for u_index, unit in enumerate(units):
        a = unit.analysis
        for pid, s_index in zip(a.pids, a.sentence_of, strict=True):
            if pid not in chosen:
                continue
            p = found.get(pid)
            if p is None:
                score, dist, key = chosen[pid]
                p = found[pid] = _Phrase(
                    key,
                    set(),
                    set(),
                    score,
                    dist,
                    _key_lemmas(key),
                    concepts(key),
                    is_participle(key),
                    termhood(key) if " " not in key else _clause_weight(key),
                    pid,
                )
            p.cases.add(unit.case_id)
            p.sentences.add((u_index, s_index))
    for p in found.values():
        # an adjective alone names no theme: the group is named by a member ("Loneliness", not "Lonely")
        p.label_term = p.term * (NON_NOUN if " " not in p.key and not is_noun(p.key) and not is_verb(p.key) else 1.0)
    family = word_families(w for p in found.values() for w in p.lemmas)
    for p in found.values():
        p.families = frozenset(family.get(w, w) for w in p.lemmas)
    return sorted(found.values(), key=lambda p: (-p.score, p.key))


def _clause_weight(key: str) -> float:
    """A phrase with a verb inside ("volunteer gain food") is a piece of a clause, not the name of an idea."""
    words = key.split()
    return CLAUSE if len(words) >= 3 and any(w in VERBISH for w in words[1:-1]) else 1.0


def _key_lemmas(key: str) -> frozenset[str]:
    if key.startswith("name:"):
        from synth.themes.text import lemma_of

        return frozenset(lemma_of(w) for w in key[5:].split() if w not in ("to", "of", "and", "for", "on", "in", "the"))
    return frozenset(key.split()) - {"of"}


def _cosine(rows: list[int], cols: list[int], n: int, min_count: int):
    import numpy as np
    from scipy.sparse import csr_matrix

    incidence = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, (max(cols) + 1) if cols else 1))
    incidence.data[:] = 1.0
    shared = (incidence @ incidence.T).toarray()
    counts = np.diag(shared).copy()
    sizes = np.sqrt(np.maximum(counts, 1.0))
    cosine = shared / np.outer(sizes, sizes)
    # one shared sentence between two rare phrases is chance, not meaning
    rare = counts < min_count
    cosine[rare, :] = 0.0
    cosine[:, rare] = 0.0
    return cosine


def _global_cooccurrence(corp: Corpus, phrases: list[_Phrase]):
    """Cosine of the phrases' sentence sets across every heading: "befrienders" next to "volunteers" anywhere.

    On a large project a sample of the texts is enough (every ``step``-th text of each heading).
    """
    position = {p.pid: i for i, p in enumerate(phrases)}
    rows: list[int] = []
    cols: list[int] = []
    column = 0
    total = sum(len(corp.units[h]) for h in corp.headings())
    step = max(1, total // GLOBAL_SAMPLE)
    for heading in corp.headings():
        for unit in corp.units[heading][::step]:
            a = unit.analysis
            for pid, s_index in zip(a.pids, a.sentence_of, strict=True):
                i = position.get(pid)
                if i is not None:
                    rows.append(i)
                    cols.append(column + s_index)
            column += len(a.sentences)
    return _cosine(rows, cols, len(phrases), 3)


def _similarity(phrases: list[_Phrase], corp: Corpus):
    """Pairwise phrase similarity: shared lemmas, spelling variants, shared sentences."""
    import numpy as np
    from rapidfuzz import fuzz, process

    n = len(phrases)
    index: dict[tuple[int, int], int] = {}
    rows, cols = [], []
    for i, p in enumerate(phrases):
        for s in p.sentences:
            rows.append(i)
            cols.append(index.setdefault(s, len(index)))
    cooc = COOC_WEIGHT * np.maximum(_cosine(rows, cols, n, 2), GLOBAL_WEIGHT * _global_cooccurrence(corp, phrases))
    keys = [p.key for p in phrases]
    spelling = process.cdist(keys, keys, scorer=fuzz.ratio, workers=1) / 100.0
    # a spelling variant ("organisation", "organization") is a long word with the same start: "pace" is no "space"
    variant = np.array([len(k) >= SPELLING_MIN and not k.startswith("name:") for k in keys])
    first = np.array([k[:2] for k in keys])
    spelling = np.where(
        (spelling >= 0.86) & variant[:, None] & variant[None, :] & (first[:, None] == first[None, :]), spelling, 0.0
    )
    lexical = np.zeros((n, n))
    for i in range(n):
        a = phrases[i].families
        for j in range(i + 1, n):
            b = phrases[j].families
            common = len(a & b)
            if not common:
                continue
            if a <= b or b <= a:
                # "volunteer" in "volunteer recruitment" is one idea; "model" in "social prescribing
                # model" is not when the bare word is used far more widely than the phrase
                short, long = (phrases[i], phrases[j]) if len(a) <= len(b) else (phrases[j], phrases[i])
                value = CONTAINED if len(long.cases) >= CONTAINED_SHARE * len(short.cases) else OVERLAP
            else:
                value = OVERLAP * common / min(len(a), len(b))
            lexical[i, j] = lexical[j, i] = value
    for i in range(n):
        ci = phrases[i].concepts
        if not ci:
            continue
        for j in range(i + 1, n):
            if ci & phrases[j].concepts:
                lexical[i, j] = lexical[j, i] = max(lexical[i, j], THESAURUS_SIMILARITY)
    sim = np.maximum(np.maximum(lexical, spelling), cooc)
    np.fill_diagonal(sim, 1.0)
    return sim


def _clusters(phrases: list[_Phrase], corp: Corpus):
    """Groups of phrase indexes, and the similarity matrix they came from."""
    import numpy as np

    if len(phrases) < 2:
        return [[i] for i in range(len(phrases))], np.ones((len(phrases), len(phrases)))
    sim = _similarity(phrases, corp)
    labels = agglomerative(1.0 - sim, CLUSTER_DISTANCE, LINKAGE)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return list(groups.values()), sim


def agglomerative(distance, threshold: float, linkage: str = "average") -> list[int]:
    """Agglomerative clustering of a precomputed distance matrix, cut at a distance threshold.

    The same clustering as scikit-learn's ``AgglomerativeClustering(distance_threshold=...)``,
    through SciPy's hierarchy module, which loads in a fraction of the time.
    """
    import numpy as np
    from scipy.cluster.hierarchy import fcluster
    from scipy.cluster.hierarchy import linkage as link
    from scipy.spatial.distance import squareform

    n = distance.shape[0]
    if n < 2:
        return [0] * n
    d = np.clip((distance + distance.T) / 2.0, 0.0, 1.0)
    np.fill_diagonal(d, 0.0)
    tree = link(squareform(d, checks=False), method=linkage)
    # clusters whose members merge below the threshold (strictly, as scikit-learn cuts)
    return [int(x) for x in fcluster(tree, t=threshold - 1e-9, criterion="distance")]


def _label_phrase(members: list[_Phrase]) -> _Phrase:
    """The member a reader would name the theme by: well supported first, then specific."""
    members = [p for p in members if not p.participle] or members
    best = max(len(p.cases) for p in members)
    fair = [p for p in members if len(p.cases) >= LABEL_SUPPORT * best]
    return max(
        fair,
        key=lambda p: (
            p.label_term * p.dist * len(p.cases) * (1.0 + LABEL_SPECIFIC * (len(p.lemmas) - 1)),
            -len(p.key),
            p.key,
        ),
    )


def _inductive(corp: Corpus, heading: str, limit: int, own: frozenset[str] = frozenset()) -> list[ThemeSuggestion]:
    units = corp.units[heading]
    phrases = _phrases(corp, heading, own)
    if not phrases:
        return []
    n = len(units)
    floor = _min_df(n)
    candidates = []
    groups, sim = _clusters(phrases, corp)
    position = {id(p): i for i, p in enumerate(phrases)}
    for group in groups:
        members = [phrases[i] for i in group]
        head = _label_phrase(members)
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
        named = _fuller_name(head, members + [p for p in phrases if head.lemmas < p.lemmas and p not in members], units)
        label = _as_activity(surface_label(units, named), named.key)
        second = _second_facet(head, members, units) if TWO_FACETS else None
        if second is not None:
            keys = {p.key: p for p in members}
            joined = keys.get(f"{head.key} {second.key}") or keys.get(f"{second.key} {head.key}")
            if joined is not None:
                label = surface_label(units, joined)  # "Short-term funding", not "Short-term and funding"
            else:
                other = surface_label(units, second)
                if other.lower() not in label.lower():
                    label = _bridged(units, named, label, other) or f"{label} and {_lower_first(other)}"
        order = [head, *sorted((p for p in members if p is not head), key=lambda p: -p.score)]
        evidence = _evidence(units, heading, order, sentences)
        out.append(
            ThemeSuggestion(
                key=f"p:{head.key}",
                heading=heading,
                label=label,
                projects=tuple(sorted(cases)),
                evidence=evidence,
                score=round(min(1.0, score), 4),
                source="inductive",
                phrases=tuple(p.key for p in order),
            )
        )
    return out


_NOUN_ENDINGS = (
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ship",
    "ence",
    "ance",
    "ism",
    "ist",
    "er",
    "or",
    "age",
    "ure",
    "s",
)


def _nounish(p: _Phrase, units: list[Unit]) -> bool:
    """Without a tagger: a thesaurus term, an acronym, or a word with a noun's ending ("befrienders")."""
    if p.concepts:
        return True
    last = surface_label(units, p).split()[-1]
    if sum(ch.isupper() for ch in last) >= 2:
        return True
    low = last.lower()
    return (low.endswith(_NOUN_ENDINGS) and not low.endswith(("ss", "ous", "ness"))) or low.endswith("ness")


def _fuller_name(head: _Phrase, members: list[_Phrase], units: list[Unit]) -> _Phrase:
    """The phrase to name the theme by: the label phrase, or, when that is one word, the well-supported
    phrase of two words that contains it ("Link workers" for "Workers", "Living alone" for "Living"), from
    ``members`` (the group's members, then the heading's other phrases holding the word)."""
    if " " in head.key:
        return head
    # an ordinary word or an adjective is named fuller when it can be; a specific noun only when most of
    # its projects write it in the one longer phrase ("Workers": "link workers")
    share = FULLER_SHARE if head.term < 1.0 or not is_noun(head.key) else FULLER_SHARE_NOUN
    best = head
    for p in members:
        if p.participle or len(p.lemmas) != 2 or not head.lemmas < p.lemmas or len(p.cases) < 2:
            continue
        if len(p.cases) < share * len(head.cases) or p.lemmas & VERBISH:
            continue
        if _starts_with_verb_form(surface_label(units, p), p.key):
            continue
        if best is head or (len(p.cases), p.key) > (len(best.cases), best.key):
            best = p
    return best


def _second_facet(head: _Phrase, members: list[_Phrase], units: list[Unit]) -> _Phrase | None:
    """A member naming another side of the theme ("Volunteers and befrienders"), if one is strong."""
    best = None
    for p in members:
        if p is head or p.participle or p.families & head.families or len(p.cases) < 2:
            continue
        if len(p.cases) < FACET_SHARE * len(head.cases) or p.term < 1.0 or len(p.lemmas) > 2:
            continue
        if p.lemmas & VERBISH or not _nounish(p, units) or (" " not in p.key and not is_noun(p.key)):
            continue
        if " " in p.key and _starts_with_verb_form(surface_label(units, p), p.key):
            continue  # "gathered participants" tells what was done, it names no side of the theme
        if best is None or (len(p.cases) * p.dist, p.key) > (len(best.cases) * best.dist, best.key):
            best = p
    return best


def _starts_with_verb_form(label: str, key: str) -> bool:
    """The label opens with a verb ("Gathered participants", "Refer patients"), not a noun or adjective."""
    first = label.split()[0].lower()
    if is_verb(key.split()[0]):
        return True  # "refer patients"
    return first != key.split()[0] and first.endswith(("ed", "ing")) and not is_noun(first)


def _as_activity(label: str, key: str) -> str:
    """A label naming an action reads as one: "Expanding" (not "Expand"), "Living alone" (not "Lived alone");
    "Trained volunteers" stays, as its last word is a noun."""
    words = key.split()
    if len(words) == 1 and is_verb(key):
        return gerund(key).capitalize()
    first, _, rest = label.partition(" ")
    if (
        len(words) >= 2
        and first.lower().endswith("ed")
        and first.lower() != words[0]
        and not any(is_noun(w) for w in words[1:])
    ):
        return f"{gerund(words[0]).capitalize()} {rest}".strip()
    return label


def gerund(verb: str) -> str:
    """The -ing form of a verb ("expand" -> "expanding", "embed" -> "embedding", "share" -> "sharing")."""
    from synth.themes.text import lemma_of

    plain = verb[:-1] + "ing" if verb.endswith("e") and not verb.endswith("ee") else verb + "ing"
    for form in (verb + verb[-1:] + "ing", plain):
        if lemma_of(form) == verb:
            return form
    return plain


def _lower_first(text: str) -> str:
    first, _, rest = text.partition(" ")
    if sum(ch.isupper() for ch in first) >= 2:
        return text
    return f"{first.lower()} {rest}".strip()


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


def _evidence(units: list[Unit], heading: str, order: list[_Phrase], sentences: set) -> tuple[Evidence, ...]:
    """The sentences carrying the theme: the label phrase's first, every case before a second sentence of one."""
    seen: set[tuple[int, int]] = set()
    first: list[tuple[int, int]] = []
    rest: list[tuple[int, int]] = []
    covered: set[int] = set()
    for p in order:
        for s in sorted(p.sentences):
            if s in seen or s not in sentences:
                continue
            seen.add(s)
            (rest if s[0] in covered else first).append(s)
            covered.add(s[0])
    out = []
    for u_index, s_index in (first + rest)[:MAX_EVIDENCE]:
        unit = units[u_index]
        start, end = unit.analysis.sentences[s_index]
        out.append(Evidence(unit.case_id, heading, start, end, unit.text[start:end], unit.target))
    return tuple(out)


_labels: dict[tuple, str] = {}


def surface_label(units: list[Unit], phrase: _Phrase) -> str:
    """The phrase as the texts write it most often, first word capitalised: never lemmas."""
    memo = (id(units), len(units), phrase.key, len(phrase.sentences))
    found = _labels.get(memo)
    if found is None:
        if len(_labels) > 20_000:
            _labels.clear()
        found = _labels[memo] = _surface_label(units, phrase)
    return found


_BRIDGES = ("of", "on", "for", "in", "to", "with")


def _bridged(units: list[Unit], phrase: _Phrase, label: str, other: str) -> str | None:
    """The label and its second facet as the texts join them by a preposition, if they do.

    "Social return" and "investment" read "Social return on investment", not
    "Social return and investment".
    """
    pattern = re.compile(
        rf"\b{re.escape(label)}\s+({'|'.join(_BRIDGES)})\s+(?:the\s+)?{re.escape(other)}\b", re.IGNORECASE
    )
    for u_index, s_index in sorted(phrase.sentences)[:LABEL_SAMPLE]:
        unit = units[u_index]
        a, b = unit.analysis.sentences[s_index]
        found = pattern.search(unit.text[a:b])
        if found:
            return f"{label} {found.group(1).lower()} {_lower_first(other)}"
    return None


def _surface_label(units: list[Unit], phrase: _Phrase) -> str:
    counts: Counter = Counter()
    for u_index, s_index in sorted(phrase.sentences)[:LABEL_SAMPLE]:
        unit = units[u_index]
        a, b = unit.analysis.sentences[s_index]
        sentence = unit.text[a:b]
        for start, end, initial in phrase_spans(sentence, phrase.key):
            counts[_normal_case(sentence[start:end], initial)] += 1
    if not counts:
        return phrase.key.capitalize()
    surface = max(counts.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
    return surface[:1].upper() + surface[1:]


def _normal_case(text: str, at_sentence_start: bool) -> str:
    """Lowercase ordinary words, keep acronyms and names ("NHS", "Age UK")."""
    words = text.split()
    out = []
    for i, w in enumerate(words):
        if sum(ch.isupper() for ch in w) >= 2 or (w[:1].isupper() and not (i == 0 and at_sentence_start)):
            out.append(w)
        else:
            out.append(w.lower())
    return " ".join(out)
