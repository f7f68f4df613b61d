"""Step 4: refine the general themes into the final set.

Repetitive general themes are proposed for merging when their names are alike
(rapidfuzz over lemmas, the thesaurus) or they share member themes or most of
their projects. The analyst merges, defines and orders them; :func:`final_set`
gives each final theme with the projects and quotes behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from synth.model import Coding, GeneralTheme
from synth.project import under_lock
from synth.state import ProjectState
from synth.themes.collate import CollateError, Proposal, concept_family, label_key
from synth.themes.text import concepts
from synth.themes.words import settings
from synth.trail import Event

MERGE_THRESHOLD = float(settings()["general"]["merge_threshold"])  # engine.toml [general]


@dataclass(frozen=True)
class MergeProposal(Proposal):
    """General themes that repeat one another, with the label the merged theme would take."""

    key: str
    general_ids: tuple[str, ...]
    label: str
    score: float
    reason: str


@dataclass(frozen=True)
class FinalTheme:
    """A general theme as the report shows it: its themes, projects and quotes."""

    general: GeneralTheme
    themes: tuple[str, ...]
    headings: tuple[str, ...]
    case_ids: tuple[str, ...]
    quotes: tuple[Coding, ...]


def general_projects(state: ProjectState, general: GeneralTheme) -> set[str]:
    case_ids: set[str] = set()
    for tid in general.themes:
        t = state.themes.get(tid)
        if t is not None:
            case_ids |= t.case_ids
    return case_ids


def _pair_score(state: ProjectState, a: GeneralTheme, b: GeneralTheme) -> tuple[float, str]:
    from rapidfuzz import fuzz

    ka, kb = label_key(a.label), label_key(b.label)
    name = fuzz.token_set_ratio(ka, kb) / 100.0
    ca = concepts(ka) | frozenset().union(*(concepts(w) for w in ka.split()))
    cb = concepts(kb) | frozenset().union(*(concepts(w) for w in kb.split()))
    if ca & cb:
        name = max(name, 0.8)
    ma, mb = set(a.themes), set(b.themes)
    members = len(ma & mb) / len(ma | mb) if ma | mb else 0.0
    pa, pb = general_projects(state, a), general_projects(state, b)
    case_ids = len(pa & pb) / len(pa | pb) if pa | pb else 0.0
    score = max(name * (0.7 + 0.3 * case_ids), members, 0.5 * name + 0.5 * case_ids if name >= 0.5 else 0.0)
    fa, fb = _families(state, a), _families(state, b)
    if fa and fb and not fa & fb:
        # ideas of different framework families ("Older people", "People living alone") share words of
        # their names, not their idea: only shared member themes make them one
        score = members
    reason = f"names {name:.0%} alike, {members:.0%} shared themes, {case_ids:.0%} shared projects"
    return score, reason


def _families(state: ProjectState, general: GeneralTheme) -> set[str]:
    """The framework families of a general theme's member themes (an inductive member has none)."""
    return {f for f in (concept_family(state.themes[t]) for t in general.themes if t in state.themes) if f}


def propose_merges(state: ProjectState, threshold: float = MERGE_THRESHOLD) -> list[MergeProposal]:
    """Pairs of general themes worth merging, best first; rejected pairs are not proposed again."""
    generals = list(state.general_themes.values())
    out = []
    for i, a in enumerate(generals):
        for b in generals[i + 1 :]:
            score, reason = _pair_score(state, a, b)
            if score < threshold:
                continue
            ids = tuple(sorted((a.id, b.id)))
            key = "m:" + "+".join(ids)
            if key in state.rejected_general:
                continue
            bigger = max((a, b), key=lambda g: (len(general_projects(state, g)), len(g.themes), -len(g.label)))
            out.append(
                MergeProposal(
                    key, (bigger.id, *(g for g in ids if g != bigger.id)), bigger.label, round(score, 4), reason
                )
            )
    out.sort(key=lambda p: (-p.score, p.key))
    return out


@under_lock
def merge_generals(
    project,
    proposal: MergeProposal | Sequence[str],
    label: str | None = None,
    definition: str | None = None,
    origin: str = "analyst",
) -> GeneralTheme:
    """Merge general themes into the first one (a proposal's, or the first id given)."""
    state = project.state
    if isinstance(proposal, MergeProposal):
        ids = list(proposal.general_ids)
        basis = proposal.basis()
        label = label or proposal.label
    else:
        ids = list(dict.fromkeys(proposal))
        basis = {"by_hand": True}
    missing = [g for g in ids if g not in state.general_themes]
    if missing:
        raise CollateError(f"no general theme(s) {', '.join(missing)}")
    if len(ids) < 2:
        raise CollateError("merging needs two or more general themes")
    basis["labels"] = [state.general_themes[g].label for g in ids]
    payload: dict = {"into": ids[0], "generals": ids[1:], "origin": origin, "basis": basis}
    if label:
        payload["label"] = " ".join(label.split())
    if definition:
        payload["definition"] = definition.strip()
    project.record("general.merged", **payload)
    return project.state.general_themes[ids[0]]


def reject_merge(project, proposal: MergeProposal) -> Event:
    return project.record(
        "general.rejected", key=proposal.key, label=proposal.label, origin="analyst", basis=proposal.basis()
    )


def define_general(project, general_id: str, text: str) -> Event:
    from synth.themes.collate import update_general

    return update_general(project, general_id, definition=text)


@under_lock
def set_order(project, ids: Sequence[str], origin: str = "analyst") -> Event:
    """The final order of the general themes (others keep their order after these)."""
    state = project.state
    ids = list(dict.fromkeys(ids))
    missing = [g for g in ids if g not in state.general_themes]
    if missing:
        raise CollateError(f"no general theme(s) {', '.join(missing)}")
    return project.record("general.ordered", order=ids, origin=origin, basis={"previous": list(state.general_themes)})


def suggested_order(state: ProjectState) -> list[str]:
    """Most widely supported first: projects, then headings spanned."""

    def weight(g: GeneralTheme) -> tuple:
        headings = {state.themes[t].heading for t in g.themes if t in state.themes}
        return (-len(general_projects(state, g)), -len(headings), g.label)

    return [g.id for g in sorted(state.general_themes.values(), key=weight)]


def final_set(state: ProjectState) -> list[FinalTheme]:
    """The general themes in their order, each with the projects and quotes behind it."""
    out = []
    for g in state.general_themes.values():
        members = [state.themes[t] for t in g.themes if t in state.themes]
        quotes = tuple(
            sorted(
                (c for t in members for c in state.codings_of(t.id)),
                key=lambda c: (c.case_id, c.heading_id, c.start),
            )
        )
        out.append(
            FinalTheme(
                general=g,
                themes=tuple(t.id for t in members),
                headings=tuple(dict.fromkeys(t.heading for t in members)),
                case_ids=tuple(sorted(general_projects(state, g))),
                quotes=quotes,
            )
        )
    return out
