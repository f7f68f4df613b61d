"""Candidate phrases of a heading for the inductive engine: which phrases count, how alike they are.

The tuning values of the phrase ranker are data, ``engine.toml`` ``[phrases]``, read once into the named
constants below, beside the code they tune;
:mod:`synth.themes.inductive` clusters these phrases into themes and
:mod:`synth.themes.labels` names them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from synth.state import ProjectState
from synth.themes.corpus import Corpus, word_families
from synth.themes.suggestion import MAX_EVIDENCE as MAX_EVIDENCE
from synth.themes.suggestion import Evidence as Evidence
from synth.themes.suggestion import ThemeSuggestion as ThemeSuggestion
from synth.themes.termhood import is_noun, is_verb
from synth.themes.termhood import weight as termhood
from synth.themes.text import VERBISH, concepts, is_participle, lemma_tokens, phrase_key
from synth.themes.words import settings

_P = settings()["phrases"]  # engine.toml [phrases]: the values below, as data

MAX_PHRASES = int(_P["max_phrases"])  # candidate phrases clustered per heading
GLOBAL_SAMPLE = int(_P["global_sample"])  # texts read for co-occurrence across headings
LABEL_SAMPLE = int(_P["label_sample"])  # sentences read again to find how the texts write a label phrase
CLUSTER_DISTANCE = float(_P["cluster_distance"])  # average-linkage distance under which phrases form one theme
LINKAGE = str(_P["linkage"])  # how clusters of phrases join (scipy linkage: average of all pairs)
TERM_POWER = float(
    _P["term_power"]
)  # how much a label phrase's termhood (a noun that names an idea) weighs in a theme's rank
DIST_POWER = float(_P["dist_power"])  # how much a theme's distinctiveness for its heading weighs in its rank
PHRASE_DIST_POWER = float(
    _P["phrase_dist_power"]
)  # how much a phrase's distinctiveness for its heading weighs when phrases are chosen
CONTAINED_SHARE = float(
    _P["contained_share"]
)  # a longer phrase holding a shorter one is its close kin when it has this share of its projects ...
TWO_FACETS = bool(
    _P["two_facets"]
)  # a label may join the theme's two facets as the texts join them ("Short-term funding")
FACET_SHARE = float(_P["facet_share"])  # a second facet needs this share of the label phrase's projects
FULLER_SHARE = float(
    _P["fuller_share"]
)  # share of a one-word label's projects a two-word member naming it fuller must have ...
FULLER_SHARE_NOUN = float(_P["fuller_share_noun"])  # ... or, when the word is a specific noun, this share
CORE_SIMILARITY = float(
    _P["core_similarity"]
)  # a member gives its projects to a theme when this close to the label phrase
THESAURUS_SIMILARITY = float(_P["thesaurus_similarity"])  # phrases of one thesaurus.toml family are at least this alike
CONTAINED = float(_P["contained"])  # ... this alike ("volunteer" inside "volunteer recruitment")
OVERLAP = float(_P["overlap"])  # ... else only this ("creative health" and "mental health" share a word, not a meaning)
GLOBAL_WEIGHT = float(
    _P["global_weight"]
)  # sentence co-occurrence under other headings counts a little less than under this one
COOC_WEIGHT = float(_P["cooc_weight"])  # weight of sentence co-occurrence in how alike two phrases are
LABEL_SUPPORT = float(
    _P["label_support"]
)  # a label phrase is carried by at least this share of the best member's projects
LABEL_SPECIFIC = float(
    _P["label_specific"]
)  # preference per extra word for a specific label ("Social prescribing model" over "Model")
UBIQUITOUS = float(
    _P["ubiquitous"]
)  # a phrase nearly every project uses under a heading is a convention of the form, not a theme
UBIQUITY_DAMP = float(_P["ubiquity_damp"])  # ... and keeps this share of its score
CLAUSE = float(_P["clause"])  # weight of a phrase of three words with a verb inside
NON_NOUN = float(
    _P["non_noun"]
)  # weight of a single word English never uses as a noun ("lonely", "expand", "consistent")
SPELLING_MIN = int(_P["spelling_min"])  # shorter words are not compared by spelling
BROADER = float(
    _P["broader"]
)  # a part of the label phrase with more projects than this times the label's is a broader idea
DEMOTE = float(_P["demote"])  # score kept by a theme moved down (spread over others, or repeating a better one)
SPREAD = float(_P["spread"])  # share of a one-word theme's sentences that other themes carry ...
SPREAD_ONE = float(_P["spread_one"])  # ... while none carries this share of them: the word runs through the heading
RELATED = float(_P["related"])  # phrase similarity at which two suggestions' shared projects make one redundant
SAME_PROJECTS = float(_P["same_projects"])  # ... when this share of its projects are the better one's


@dataclass
class Phrase:
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


def min_df(n_cases: int) -> int:
    if n_cases < 3:
        return 1
    return max(2, math.ceil(0.01 * n_cases))


def heading_words(state: ProjectState | None, heading: str) -> frozenset[str]:
    """Lemmas of a heading's name and question: "barrier" says nothing new under *Enablers and barriers*."""
    words = set(lemma_tokens(heading.replace("_", " ")))
    template = state.template if state is not None else None
    if template is not None and heading in template.heading_ids:
        f = template.field(heading)
        words |= set(lemma_tokens(f.heading))
        words |= {w for w in lemma_tokens(f.question) if w not in ("project", "people")}
    return frozenset(words)


def candidate_phrases(corp: Corpus, heading: str, own: frozenset[str] = frozenset()) -> list[Phrase]:
    units = corp.units[heading]
    n = len(units)
    df = corp.df(heading)
    others = [(h, corp.df(h), corp.n_cases(h)) for h in corp.headings() if h != heading]
    floor = min_df(n)
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
    found: dict[int, Phrase] = {}
    for u_index, unit in enumerate(units):
        a = unit.analysis
        for pid, s_index in zip(a.pids, a.sentence_of, strict=True):
            if pid not in chosen:
                continue
            p = found.get(pid)
            if p is None:
                score, dist, key = chosen[pid]
                p = found[pid] = Phrase(
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


def _global_cooccurrence(corp: Corpus, phrases: list[Phrase]):
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


def _similarity(phrases: list[Phrase], corp: Corpus):
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
    meaning = _semantic_similarity(phrases)
    if meaning is not None:
        sim = np.maximum(sim, meaning)
    np.fill_diagonal(sim, 1.0)
    return sim


def _semantic_similarity(phrases: list[Phrase]):
    """With the semantic extra: phrases alike in meaning though in other words ("isolated", "few visitors",
    "cut off") by the cosine of their sentence embeddings, from ``engine.toml`` [semantic]
    ``cluster_threshold`` up (scaled by ``cluster_weight``); without it, None."""
    import numpy as np

    from synth.themes import ENGINE, semantic
    from synth.themes.assign import engine_name
    from synth.themes.words import settings

    if engine_name() == ENGINE:
        return None
    cfg = settings()["semantic"]
    vectors = semantic.embed([p.key.replace("name:", "") for p in phrases])
    cos = vectors @ vectors.T
    return np.where(cos >= cfg["cluster_threshold"], cos * cfg["cluster_weight"], 0.0)


def clusters(phrases: list[Phrase], corp: Corpus):
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
