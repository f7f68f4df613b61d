"""Step 3: collate the themes of every heading into general themes.

The theme x heading matrix shows which ideas recur across headings. A general
theme is proposed where themes of two or more headings share meaning, judged by
three things an analyst would look at: similar labels (lemmas, rapidfuzz, the
thesaurus), shared vocabulary in the coded sentences (TF-IDF cosine over
lemmas), and shared projects. The analyst accepts, edits or rejects each
proposal; each is one trail event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from synth.model import GeneralTheme, Theme, make_id
from synth.project import under_lock
from synth.state import ProjectState
from synth.themes import ENGINE, ENGINE_VERSION
from synth.themes.text import concepts, lemma_tokens
from synth.themes.words import settings as _settings
from synth.trail import Event

_G = _settings()["general"]  # engine.toml [general]: step 3's tuning values, as data
MAX_CODINGS = int(_G["max_codings"])  # coded sentences read per theme for its vocabulary
FUZZY_LABEL = float(_G["fuzzy_label"])  # two labels this alike as strings or more count as alike ...
FUZZY_DAMP = float(_G["fuzzy_damp"])  # ... below it, their likeness keeps this share
GENERAL_DISTANCE = float(_G["general_distance"])  # average-linkage distance under which themes form one general theme
FAMILY_SIMILARITY = float(_G["family_similarity"])  # two themes of one framework concept, or of one family of concepts
OTHER_FAMILY = float(_G["other_family"])  # at most this similar: themes of framework concepts of different families


def concept_family(theme: Theme) -> str:
    """The family of ideas of the framework concept a theme was accepted from ("volunteering"), or ""."""
    key = theme.suggestion_key or ""
    if not key.startswith("f:"):
        return ""
    from synth.themes.frameworks import FrameworkError, concept_of_key

    try:
        concept = concept_of_key(key)
    except FrameworkError:
        concept = None
    return concept.family if concept is not None else key.rsplit(":", 1)[-1]


def heading_own_subject(theme: Theme) -> bool:
    """Whether a theme is of the idea its heading's question names (engine.toml [general] own_subject):
    co-production under Lived experience, which nearly every answer there speaks of."""
    own = _settings().get("general", {}).get("own_subject", {}).get(theme.heading, ())
    return bool(own) and concept_family(theme) in own


def family_label(family: str) -> str:
    """The name of a family of concepts shared across headings (engine.toml [families])."""
    return _settings().get("families", {}).get(family, "")


class CollateError(Exception):
    """A general-theme action cannot be done as asked; the message says why."""


class Proposal:
    """What a machine proposal (a general theme, a merge) was based on, for the trail: its key, score and reason."""

    key: str
    score: float
    reason: str

    def basis(self) -> dict:
        return {
            "proposal": self.key,
            "score": round(self.score, 4),
            "reason": self.reason,
            "engine": ENGINE,
            "engine_version": ENGINE_VERSION,
        }


@dataclass(frozen=True)
class GeneralProposal(Proposal):
    """A proposed general theme: themes of several headings that share meaning."""

    key: str
    label: str
    themes: tuple[str, ...]  # theme ids
    case_ids: tuple[str, ...]  # case ids
    score: float
    reason: str


@dataclass(frozen=True)
class MatrixRow:
    """One row of the theme x heading matrix: a general theme, or a theme on its own."""

    label: str
    general_id: str | None
    cells: dict[str, tuple[str, ...]]  # heading -> theme ids
    case_ids: tuple[str, ...]


@dataclass(frozen=True)
class Matrix:
    headings: tuple[str, ...]
    rows: tuple[MatrixRow, ...]


def theme_heading_matrix(state: ProjectState) -> Matrix:
    """General themes first (their member themes spread over the headings), then ungrouped themes."""
    headings = list(state.fields)
    for t in state.themes.values():
        if t.heading not in headings:
            headings.append(t.heading)
    rows = []
    grouped: set[str] = set()
    for g in state.general_themes.values():
        cells: dict[str, list[str]] = {}
        case_ids: set[str] = set()
        for tid in g.themes:
            t = state.themes.get(tid)
            if t is None:
                continue
            cells.setdefault(t.heading, []).append(tid)
            case_ids |= t.case_ids
            grouped.add(tid)
        rows.append(MatrixRow(g.label, g.id, {h: tuple(v) for h, v in cells.items()}, tuple(sorted(case_ids))))
    for t in sorted(state.themes.values(), key=lambda t: (headings.index(t.heading), -len(t.case_ids), t.label)):
        if t.id not in grouped:
            rows.append(MatrixRow(t.label, None, {t.heading: (t.id,)}, tuple(sorted(t.case_ids))))
    return Matrix(tuple(headings), tuple(rows))


def label_key(label: str) -> str:
    return " ".join(lemma_tokens(label)) or label.strip().lower()


def label_heads(label: str) -> set[str]:
    """The head word of each facet of a label: "wellbeing" in "Mental wellbeing", "isolation" and
    "loneliness" in "Social isolation and loneliness" (never the modifier "social")."""
    out = set()
    for facet in label.replace(" & ", " and ").split(" and "):
        words = lemma_tokens(facet)
        if words:
            out.add(words[-1])
    return out


def _documents(state: ProjectState, themes: list[Theme]) -> list[Counter]:
    """Each theme's vocabulary: its label's lemmas (weighted) and the phrases of its coded sentences."""
    from synth.themes.text import analyse, phrase_key

    docs = []
    for t in themes:
        words: Counter = Counter({w: 3 for w in lemma_tokens(t.label)})
        texts = [c.text for c in state.codings_of(t.id)][:MAX_CODINGS]
        for a in analyse(texts):
            words.update(k for k in (phrase_key(pid) for pid in a.pids) if " " not in k)
        docs.append(words)
    return docs


def _tfidf_cosine(docs: list[Counter]):
    """Cosine similarity of TF-IDF vectors (sublinear tf) of word counts."""
    import math

    import numpy as np
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    df: Counter = Counter()
    for d in docs:
        df.update(d.keys())
    rows, cols, vals = [], [], []
    n = len(docs)
    for i, d in enumerate(docs):
        for w, c in d.items():
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
            vals.append((1.0 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1.0))
    if not vals:
        return np.zeros((n, n))
    m = csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (m @ m.T).toarray() / np.outer(norms, norms)


def theme_similarity(state: ProjectState, themes: list[Theme]):
    """Pairwise similarity of themes: label, shared vocabulary, shared projects (0..1)."""
    import numpy as np
    from rapidfuzz import fuzz

    n = len(themes)
    keys = [label_key(t.label) for t in themes]
    lemma_sets = [set(k.split()) for k in keys]
    heads = [label_heads(t.label) for t in themes]
    concept_sets = [concepts(k) | frozenset().union(*(concepts(w) for w in k.split())) for k in keys]
    vocab = _tfidf_cosine(_documents(state, themes))
    families = [concept_family(t) for t in themes]
    sim = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            label = fuzz.token_set_ratio(keys[i], keys[j]) / 100.0
            if label < FUZZY_LABEL:  # "minute" and "winter" are alike as strings, not in meaning
                label *= FUZZY_DAMP
            if heads[i] & lemma_sets[j] or heads[j] & lemma_sets[i]:
                label = max(label, 0.85)
            if concept_sets[i] & concept_sets[j]:
                label = max(label, 0.8)
            a, b = themes[i].case_ids, themes[j].case_ids
            shared = len(a & b) / len(a | b) if a | b else 0.0
            value = 0.6 * label + 0.25 * float(vocab[i, j]) + 0.15 * shared
            if families[i] and families[i] == families[j]:
                value = max(value, FAMILY_SIMILARITY)  # one concept, or one family of concepts
            elif families[i] and families[j]:
                value = min(value, OTHER_FAMILY)  # two concepts of different families are two ideas
            sim[i, j] = sim[j, i] = value
    np.fill_diagonal(sim, 1.0)
    return sim


def _ideas(label: str) -> set[str]:
    """A label's lemmas and the thesaurus concepts they touch ("Natural" and "Nature" share "nature")."""
    words = lemma_tokens(label)
    found = set(words)
    found |= {f"concept:{c}" for c in concepts(" ".join(words)) | frozenset().union(*(concepts(w) for w in words))}
    return found


def _general_label(themes: list[Theme]) -> str:
    """The idea the member labels share, in the words of the shortest label that carries it; a member
    that does not carry it is named too ("Nature and active"), so the label hides none of the members.
    Themes of one framework concept, or one family of concepts, are named by that idea: when most
    of the framework members and at least half of all members are of it (an inductive member, named
    by a phrase of its sentences, does not name the idea it shares: "Initial training" beside
    "Training and workforce development" is training)."""
    families = Counter(f for f in (concept_family(t) for t in themes) if f)
    if families:
        family, count = families.most_common(1)[0]
        if 2 * count > sum(families.values()) and 2 * count >= len(themes):
            named = family_label(family)
            if named:
                return named
            carriers = [t for t in themes if concept_family(t) == family]
            return min(carriers, key=lambda t: (len(t.label.split()), t.label)).label
    ideas = {t.id: _ideas(t.label) for t in themes}
    counts: Counter = Counter()
    for found in ideas.values():
        counts.update(found)
    if not counts:
        return min(themes, key=lambda t: (len(t.label.split()), -len(t.case_ids), t.label)).label
    top = counts.most_common(1)[0][1]
    common = {w for w, c in counts.items() if c == top}
    carriers = [t for t in themes if ideas[t.id] & common]
    named = {x for w in common for x in lemma_tokens(w.removeprefix("concept:").replace("_", " "))}

    def rank(t: Theme):
        # a label that is the concept's own word ("Nature" for nature, natural) before its variants
        return (len(t.label.split()), not (set(lemma_tokens(t.label)) & named), -len(t.case_ids), t.label)

    best = min(carriers or themes, key=rank)
    others = [t for t in themes if t not in carriers]
    others = [t for t in others if " and " not in t.label]
    if top >= 2 and others and 3 * len(others) >= len(themes):
        other = min(others, key=lambda t: (-len(t.case_ids), len(t.label.split()), t.label))
        words = other.label.split()
        first = words[0] if sum(ch.isupper() for ch in words[0]) >= 2 else words[0].lower()
        other_label = " ".join([first, *words[1:]])
        if other_label.lower() not in best.label.lower():
            return f"{best.label} and {other_label}"
    return best.label


def _one_idea_per_heading(idx: list[int], themes: list[Theme], sim) -> list[int]:
    """A cluster's members, keeping under each heading only themes of one family: two ideas step 2
    told apart under a heading ("Older people", "Children and young people") are not one general theme
    because a third theme ("Older people" under Overview) is like both. The one kept is the most like
    the members under other headings."""

    def idea(i: int) -> str:  # a theme of no framework concept is an idea of its own
        return concept_family(themes[i]) or themes[i].id

    by_heading: dict[str, list[int]] = {}
    for i in idx:
        by_heading.setdefault(themes[i].heading, []).append(i)
    keep: list[int] = []
    for heading, members in by_heading.items():
        if len({idea(i) for i in members}) > 1:
            others = [j for j in idx if themes[j].heading != heading]
            best = max(members, key=lambda i: (sum(sim[i, j] for j in others), -i))
            members = [i for i in members if idea(i) == idea(best)]
        keep += members
    return sorted(keep)


def _one_family_each(idx: list[int], themes: list[Theme], sim) -> list[list[int]]:
    """A cluster's members split by framework family: two families are two ideas, even where themes of no
    family ("Focus groups" of an inductive theme) link them ("Led by a charity" under Setting and
    "Expanding to new sites" under Next steps were one general theme through it). A theme of no family
    joins the family group it is most like; a cluster of no family stays whole."""
    groups: dict[str, list[int]] = {}
    for i in idx:
        family = concept_family(themes[i])
        if family:
            groups.setdefault(family, []).append(i)
    if len(groups) < 2:
        return [idx]
    for i in idx:
        if not concept_family(themes[i]):
            best = max(groups, key=lambda f: (sum(sim[i, j] for j in groups[f]) / len(groups[f]), f))
            groups[best].append(i)
    return [sorted(g) for g in groups.values()]


def propose_general_themes(state: ProjectState, min_headings: int = 2) -> list[GeneralProposal]:
    """General themes to consider: clusters of themes spanning ``min_headings`` headings or more.

    Themes already in a general theme are left out, as are themes of the idea their heading's
    question names (:func:`heading_own_subject`), rejected proposals and proposals whose label an
    existing general theme already has.
    """
    grouped = {tid for g in state.general_themes.values() for tid in g.themes}
    themes = [t for t in state.themes.values() if t.id not in grouped and not heading_own_subject(t)]
    if len(themes) < 2:
        return []
    from synth.themes.phrases import agglomerative

    sim = theme_similarity(state, themes)
    labels = agglomerative(1.0 - sim, GENERAL_DISTANCE)
    taken = {label_key(g.label) for g in state.general_themes.values()}
    proposals = []
    groups = [
        group
        for cluster in sorted(set(labels))
        for group in _one_family_each([i for i, lab in enumerate(labels) if lab == cluster], themes, sim)
    ]
    for group in groups:
        idx = _one_idea_per_heading(group, themes, sim)
        members = [themes[i] for i in idx]
        headings = sorted({t.heading for t in members})
        if len(headings) < min_headings:
            continue
        label = _general_label(members)
        key = f"g:{label_key(label)}"
        if key in state.rejected_general or label_key(label) in taken:
            continue
        pairs = [sim[i, j] for a, i in enumerate(idx) for j in idx[a + 1 :]]
        cohesion = float(sum(pairs) / len(pairs)) if pairs else 0.0
        case_ids = sorted(set().union(*(t.case_ids for t in members)))
        score = cohesion * min(1.0, len(headings) / 3)
        reason = (
            f"{len(members)} themes under {len(headings)} headings ({', '.join(headings)}); {len(case_ids)} projects"
        )
        proposals.append(
            GeneralProposal(key, label, tuple(t.id for t in members), tuple(case_ids), round(score, 4), reason)
        )
    proposals.sort(key=lambda p: (-p.score, -len(p.case_ids), p.label))
    return proposals


# -- actions ------------------------------------------------------------------------------


def _themes_exist(state: ProjectState, theme_ids: Iterable[str]) -> list[str]:
    ids = list(dict.fromkeys(theme_ids))
    missing = [t for t in ids if t not in state.themes]
    if missing:
        raise CollateError(f"no theme(s) {', '.join(missing)}")
    if not ids:
        raise CollateError("a general theme needs at least one theme")
    return ids


def _general_event(state: ProjectState, label: str, theme_ids: list[str], definition: str, origin: str) -> dict:
    label = " ".join(label.split())
    if not label:
        raise CollateError("a general theme needs a label")
    gid = make_id("g", label, *sorted(theme_ids), state.seq)
    return {"id": gid, "label": label, "definition": definition.strip(), "themes": theme_ids, "origin": origin}


@under_lock
def accept_general(
    project,
    proposal: GeneralProposal,
    origin: str = "analyst",
    label: str | None = None,
    themes: Sequence[str] | None = None,
) -> GeneralTheme:
    """Make a proposal a general theme, optionally with another label or member list (an edit)."""
    ids = _themes_exist(project.state, themes if themes is not None else proposal.themes)
    general = _general_event(project.state, label or proposal.label, ids, "", origin)
    basis = proposal.basis()
    if label and label != proposal.label:
        basis["renamed_from"] = proposal.label
    if themes is not None and list(themes) != list(proposal.themes):
        basis["proposed_themes"] = list(proposal.themes)
    project.record("general.created", general=general, key=proposal.key, origin=origin, basis=basis)
    return project.state.general_themes[general["id"]]


@under_lock
def accept_generals(project, proposals: Sequence[GeneralProposal], origin: str = "machine") -> list[GeneralTheme]:
    """Accept several proposals in one transaction."""
    events = []
    for p in proposals:
        general = _general_event(project.state, p.label, list(p.themes), "", origin)
        events.append(("general.created", {"general": general, "key": p.key, "origin": origin, "basis": p.basis()}))
    if not events:
        return []
    project.commit(events)
    return [project.state.general_themes[e[1]["general"]["id"]] for e in events]


@under_lock
def create_general(project, label: str, theme_ids: Sequence[str], definition: str = "") -> GeneralTheme:
    """A general theme the analyst makes by hand from themes of any headings."""
    ids = _themes_exist(project.state, theme_ids)
    general = _general_event(project.state, label, ids, definition, "analyst")
    project.record("general.created", general=general, key=None, origin="analyst", basis={"by_hand": True})
    return project.state.general_themes[general["id"]]


def reject_general(project, proposal: GeneralProposal) -> Event:
    """Set a proposal aside; it is not proposed again."""
    return project.record(
        "general.rejected", key=proposal.key, label=proposal.label, origin="analyst", basis=proposal.basis()
    )


@under_lock
def update_general(
    project,
    general_id: str,
    *,
    label: str | None = None,
    themes: Sequence[str] | None = None,
    definition: str | None = None,
) -> Event:
    """Edit a general theme's label, member themes or definition."""
    g = project.state.general_themes.get(general_id)
    if g is None:
        raise CollateError(f"no general theme {general_id!r}")
    payload: dict = {"general_id": general_id, "origin": "analyst"}
    previous: dict = {}
    if label is not None:
        payload["label"] = " ".join(label.split())
        if not payload["label"]:
            raise CollateError("a general theme needs a label")
        previous["label"] = g.label
    if themes is not None:
        payload["themes"] = _themes_exist(project.state, themes)
        previous["themes"] = list(g.themes)
    if definition is not None:
        payload["definition"] = definition.strip()
        previous["definition"] = g.definition
    if len(payload) == 2:
        raise CollateError("nothing to change")
    payload["basis"] = {"previous": previous}
    return project.record("general.updated", **payload)


@under_lock
def delete_general(project, general_id: str) -> Event:
    g = project.state.general_themes.get(general_id)
    if g is None:
        raise CollateError(f"no general theme {general_id!r}")
    return project.record("general.deleted", general_id=general_id, origin="analyst", basis={"label": g.label})
