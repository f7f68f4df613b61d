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

import os

from synth.coding.view import shared_state
from synth.state import ProjectState
from synth.themes.corpus import corpus
from synth.themes.phrases import (
    heading_words,
)
from synth.themes.suggestion import MAX_EVIDENCE as MAX_EVIDENCE
from synth.themes.suggestion import Evidence as Evidence
from synth.themes.suggestion import ThemeSuggestion as ThemeSuggestion
from synth.themes.text import Progress, lemma_tokens


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
    who = None
    if heading != "participants" and "participants" in choice.by_heading:
        who = meaning.Matcher.build(choice.concepts("participants"))
    found += meaning.inductive_suggestions(state, corp, heading, free, room, own, matcher, who)
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
