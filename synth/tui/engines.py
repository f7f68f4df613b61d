"""The slow core functions the screens run in workers, handed to the App as one typed value.

Each field defaults to the real core function; a test gives the App small real functions
instead (``SynthApp(engines=Engines(propose_merges=lambda state: []))``), so no test reaches
into a module to swap a function, and a renamed core function fails at import, not at a key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from synth.extract.importer import ImportReport, import_paths
from synth.extract.summarise import SummarySuggestion, suggest_summaries
from synth.extract.uniformity import Finding, check_cell, check_project
from synth.state import ProjectState
from synth.themes.collate import GeneralProposal, propose_general_themes
from synth.themes.refine import MergeProposal, propose_merges
from synth.themes.suggest import ThemeSuggestion, suggest_for_project


@dataclass(frozen=True)
class Engines:
    """What the screens call for machine suggestions, checks and imports (the real core by default)."""

    #: step 1: read forms into the project (``import_paths(project, paths, progress=, cancelled=)``)
    import_paths: Callable[..., ImportReport] = import_paths
    #: step 1: draft summaries (``suggest_summaries(state, case_ids=, heading_ids=, points=, progress=, cancelled=)``)
    suggest_summaries: Callable[..., list[SummarySuggestion]] = suggest_summaries
    #: step 1: uniformity findings of every summary (``check_project(state)``)
    check_project: Callable[[ProjectState], dict[tuple[str, str], list[Finding]]] = check_project
    #: step 1: uniformity findings of one cell's text (``check_cell(state, case_id, heading_id, text)``)
    check_cell: Callable[..., list[Finding]] = check_cell
    #: step 2: theme suggestions for a heading (``suggest_for_project(project, heading, progress=, state=)``)
    suggest_for_project: Callable[..., list[ThemeSuggestion]] = suggest_for_project
    #: step 3: general themes proposed across headings
    propose_general_themes: Callable[[ProjectState], list[GeneralProposal]] = propose_general_themes
    #: step 4: repetitive general themes to merge
    propose_merges: Callable[[ProjectState], list[MergeProposal]] = propose_merges
