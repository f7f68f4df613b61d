"""What the screens show, read off the project state (no Textual, no analysis).

These are counts and lookups over :class:`~synth.state.ProjectState`, kept here
so that they are tested without a terminal and screens stay layout only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.markup import escape

from synth.model import CaseStudy, Summary, Theme
from synth.state import ProjectState
from synth.summaries import working_text as working_text  # one rule for every step

if TYPE_CHECKING:
    from synth.themes.suggest import ThemeSuggestion

LOW_CONFIDENCE = 0.8


@dataclass(frozen=True)
class StepProgress:
    step: int
    name: str
    line: str
    done: bool


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 case``, ``2 cases``."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def heading(state: ProjectState, heading_id: str) -> str:
    return state.template.heading(heading_id) if state.template else heading_id


def cells(state: ProjectState) -> list[tuple[str, str]]:
    """Every (case, field) of the extraction template that has an answer to summarise."""
    return [(c.id, f) for c in state.cases.values() for f in state.fields if c.fields.get(f, "").strip()]


@dataclass(frozen=True)
class CellCounts:
    """The cells to summarise, how many have a reviewed summary, the first that needs one, and each still to do."""

    cells: int
    reviewed: int
    todo: tuple[tuple[str, str], ...]


_counted: list = [(None, -1, None)]  # (the state last counted, its seq, its counts): one item, swapped whole


def cell_counts(state: ProjectState) -> CellCounts:
    """One pass over every cell (70,000 at 10,000 cases), kept until the state moves on: Home and the grid share it."""
    last, seq, known = _counted[0]  # one read: a worker may count another state meanwhile
    if last is state and seq == state.seq:
        return known
    summaries, fields = state.summaries, state.fields
    n = reviewed = 0
    todo = []
    for c in state.cases.values():
        answers = c.fields
        for f in fields:
            if answers.get(f, "").strip():
                n += 1
                s = summaries.get((c.id, f))
                if s is not None and s.reviewed:
                    reviewed += 1
                else:
                    todo.append((c.id, f))
    counts = CellCounts(n, reviewed, tuple(todo))
    _counted[0] = (state, state.seq, counts)
    return counts


def answered(state: ProjectState, case_ids, heading_id: str) -> list[str]:
    """The cases, in order, whose working text under the heading (summary, else answer) is not blank.

    ``working_text`` for each case, inlined: a heading switch on 10,000 cases asks it 10,000 times.
    """
    summaries, cases, out = state.summaries, state.cases, []
    for c in case_ids:
        s = summaries.get((c, heading_id))
        if s is not None:
            text = s.text
        else:
            case = cases.get(c)
            text = case.fields.get(heading_id, "") if case is not None else ""
        if text.strip():
            out.append(c)
    return out


def summary_status(state: ProjectState, case: CaseStudy, heading_id: str) -> str:
    """One word for a framework-matrix cell: none, todo, machine, accepted, edited, written."""
    if not case.fields.get(heading_id, "").strip() and (case.id, heading_id) not in state.summaries:
        return "none"
    s: Summary | None = state.summaries.get((case.id, heading_id))
    if s is None:
        return "todo"
    if not s.reviewed:
        return "machine"
    return s.status


def needs_review(case: CaseStudy) -> bool:
    """A case with unplaced sections or a heading matched with low confidence."""
    return bool(case.unplaced) or any(m.confidence < LOW_CONFIDENCE for m in case.matches.values())


_reviewed: list = [(None, -1, None)]  # (the state last read, its seq, the cases to check): swapped whole


def to_check(state: ProjectState) -> tuple[str, ...]:
    """The ids of the cases :func:`needs_review` flags, in order; kept until the state moves on.

    Home's counting worker reads them first, so Extract's first opening does not read 10,000 cases.
    """
    last, seq, known = _reviewed[0]
    if last is state and seq == state.seq:
        return known
    flagged = tuple(c.id for c in state.cases.values() if needs_review(c))
    _reviewed[0] = (state, state.seq, flagged)
    return flagged


def progress(state: ProjectState) -> list[StepProgress]:
    """The four steps, each as one line such as "Step 1: 86 of 96 summaries accepted"."""
    counts = cell_counts(state)
    accepted, todo = counts.reviewed, range(counts.cells)
    headings_with = {t.heading for t in state.themes.values()}
    covered = sum(1 for f in state.fields if f in headings_with)
    generals = list(state.general_themes.values())
    defined = sum(1 for g in generals if g.definition.strip())
    return [
        StepProgress(1, "Extract and normalise", f"Step 1: {accepted} of {len(todo)} summaries accepted",
                     bool(todo) and accepted == len(todo)),
        StepProgress(2, "Themes per heading",
                     f"Step 2: {plural(len(state.themes), 'theme')} under {covered} of {plural(len(state.fields), 'heading')}",
                     bool(state.fields) and covered == len(state.fields)),
        StepProgress(3, "Collate general themes", f"Step 3: {plural(len(generals), 'general theme')}", bool(generals)),
        StepProgress(4, "Refine", f"Step 4: {defined} of {plural(len(generals), 'general theme')} defined",
                     bool(generals) and defined == len(generals)),
    ]  # fmt: skip


def attention(state: ProjectState) -> list[str]:
    """What needs the analyst next, most urgent first (each line names where to go)."""
    if not state.cases:
        return ["Import case studies: press 1 (Extract), then i."]
    notes: list[str] = []
    flagged = to_check(state)
    if flagged:
        notes.append(
            f"{plural(len(flagged), 'case has', 'cases have')} unplaced sections or uncertain headings (first: {state.cases[flagged[0]].title}); press 1."
        )
    todo = cell_counts(state).todo
    if todo:
        case_id, heading_id = todo[0]
        notes.append(
            f"{plural(len(todo), 'summary', 'summaries')} to review (next: {state.cases[case_id].title} / {heading(state, heading_id)}); press 2."
        )
    headings_with = {t.heading for t in state.themes.values()}
    bare = [f for f in state.fields if f not in headings_with]
    if bare:
        notes.append(
            f"{plural(len(bare), 'heading has', 'headings have')} no themes yet (next: {heading(state, bare[0])}); press 3."
        )
    if state.themes and not state.general_themes:
        notes.append("No general themes yet: collate the themes across headings; press 4.")
    undefined = [g for g in state.general_themes.values() if not g.definition.strip()]
    if undefined:
        notes.append(
            f"{plural(len(undefined), 'general theme needs', 'general themes need')} a definition (first: {undefined[0].label}); press 5."
        )
    if not notes:
        notes.append("Every step is done: preview and export the report; press 6.")
    return notes


def theme_projects(state: ProjectState, theme_id: str) -> list[str]:
    """The titles of a theme's projects, sorted."""
    t = state.themes.get(theme_id)
    if t is None:
        return []
    return sorted(state.cases[c].title if c in state.cases else c for c in t.case_ids)


#: titles a theme's detail names before "and N more" (a theme of a 10,000-case project rests on thousands)
TITLES_SHOWN = 12


def titles(state: ProjectState, case_ids, limit: int = TITLES_SHOWN) -> str:
    """The cases' titles (an id where the case is gone), sorted by id, comma-separated; past ``limit``, "and N more"."""
    ids = sorted(case_ids)
    named = ", ".join(state.cases[c].title if c in state.cases else c for c in ids[:limit])
    return named + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


_grouped: list = [(None, -1, None)]  # (the state last grouped, its seq, its codings by theme): swapped whole


def codings_by_theme(state: ProjectState) -> dict[str, list]:
    """Every theme's codings, in one pass kept until the state moves on.

    ``state.codings_of`` reads every coding (57,000 at 10,000 cases): once per highlight on Themes
    and Refine it was half the time a heading switch took.
    """
    last, seq, known = _grouped[0]
    if last is state and seq == state.seq:
        return known
    grouped: dict[str, list] = {}
    for c in state.codings.values():
        grouped.setdefault(c.theme_id, []).append(c)
    _grouped[0] = (state, state.seq, grouped)
    return grouped


def codings_of(state: ProjectState, theme_id: str) -> list:
    """A theme's codings, as ``state.codings_of`` gives them (from :func:`codings_by_theme`)."""
    return codings_by_theme(state).get(theme_id, [])


def marked_spans(
    state: ProjectState, kind: str, x: Theme | ThemeSuggestion, heading_id: str
) -> list[tuple[str, int, int]]:
    """(case, start, end) to mark under a heading: a suggestion's evidence, or a theme's codings."""
    if kind == "suggestion":
        return [(e.case_id, e.start, e.end) for e in x.evidence if e.heading_id == heading_id]
    return [(c.case_id, c.start, c.end) for c in codings_of(state, x.id) if c.heading_id == heading_id]


def theme_detail(state: ProjectState, kind: str, x: Theme | ThemeSuggestion) -> list[str]:
    """The lines (Rich markup) describing a highlighted suggestion or theme on the Themes screen."""
    if kind == "suggestion":
        lines = [
            f"[b]{x.label}[/b] (suggested, {x.source}, score {x.score:.2f})",
            f"projects: {titles(state, x.case_ids)}",
            f"{len(x.evidence)} evidence sentences highlighted",
        ]
        if x.detail:  # under a heading with a direction: "barrier in 6 projects, enabler in 2 projects"
            lines.insert(1, f"direction: {escape(x.detail)}")
        return lines
    codings = codings_of(state, x.id)
    memos = [m for m in state.memos.values() if m.target == f"theme:{x.id}"]
    lines = [
        f"[b]{x.label}[/b] ({x.origin}{', ' + x.analyst if x.analyst else ''})",
        f"projects: {titles(state, x.case_ids)}",
    ]
    if x.definition:
        lines.append(f"definition: {x.definition}")
    lines.append(f"{plural(len(codings), 'coded passage')} highlighted")
    lines += [f"[i]memo ({m.analyst}): {escape(m.text)}[/i]" for m in memos[-2:]]
    return lines


#: lines of Markdown the report preview shows at once (the Markdown widget mounts a widget per block)
PREVIEW_LINES = 150


def markdown_pages(text: str, lines: int = PREVIEW_LINES) -> list[str]:
    """The Markdown cut into pages of about ``lines`` lines, each starting at a heading where one is near.

    A page ends before a heading once it holds half its lines, and at a blank line (else anywhere) once
    it is full, so no page is much longer than ``lines`` and most begin with their section's heading.
    Fenced code is never cut.
    """
    pages: list[str] = []
    page: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if not fenced and page:
            at_heading = line.startswith("#") and len(page) >= lines // 2
            full = len(page) >= lines and (not line.strip() or len(page) >= lines + lines // 5)
            if at_heading or full:
                pages.append("\n".join(page))
                page = []
        if line.lstrip().startswith("```"):
            fenced = not fenced
        page.append(line)
    if page or not pages:
        pages.append("\n".join(page))
    return pages
