"""``synth run``: the four steps headlessly, on machine suggestions, then the report.

The run makes a project in ``OUT/project``, imports the forms, drafts a summary of
every answer and accepts it as machine-drafted and unreviewed, accepts the top
theme suggestions of every heading, accepts the proposed general themes, merges
the repetitive ones and orders them, then writes ``themes.json`` and the report
files into ``OUT``. The project (and so the report's title) is named after the
inputs unless a name is given. Every decision it makes is an ordinary trail event with
``origin: "machine"`` and the basis it rested on, so an analyst can open the
project afterwards, see which decisions were the machine's, and undo or redo
any of them.
"""

from __future__ import annotations

import contextlib
import gc
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from synth.project import Project, ProjectError

Progress = Callable[[int, int, str], None]

THEMES_PER_HEADING = 6  # the top six suggestions of each heading (issue 10)
MIN_RELATIVE_SCORE = 0.25  # a machine-accepted theme scores at least this share of the heading's best


@dataclass
class Step:
    """What one step of the run did, for the per-step summary."""

    name: str
    seconds: float
    detail: str


@dataclass
class RunResult:
    out: Path
    project: Path
    steps: list[Step] = field(default_factory=list)
    imported: int = 0
    failed: list[str] = field(default_factory=list)  # one line per file that could not be imported
    files: list[Path] = field(default_factory=list)
    themes: int = 0
    general_themes: int = 0
    problems: list[str] = field(default_factory=list)  # why a step could not run (no case studies imported...)

    @property
    def ok(self) -> bool:
        return not self.failed


def _fields_with_answers(project: Project) -> list[str]:
    state = project.state
    assert state.template is not None
    return [f for f in state.template.heading_ids if any(c.fields.get(f, "").strip() for c in state.cases.values())]


def default_name(paths: Sequence[str | Path]) -> str:
    """A readable project name from the inputs: the folder (or file) read, else the folder they share.

    ``synth run arts-on-prescription/ --out /tmp/x`` is "Arts on prescription", not "x": the report is titled
    after what was synthesised, not where it was written. A folder with a name that says nothing
    ("casestudies", "forms", "exports") gives the template's name instead: "Practice-based case study synthesis".
    """
    resolved = [Path(p).resolve() for p in paths] or [Path.cwd()]
    if len(resolved) == 1:
        only = resolved[0]
        base = only.name if only.is_dir() or not only.suffix else only.stem
    else:
        parents = {p.parent for p in resolved}
        if len(parents) == 1 and all(p.is_file() for p in resolved):
            base = next(iter(parents)).name
        else:
            names = [p.name if p.is_dir() else p.stem for p in resolved]
            base = f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} and {len(names) - 1} more"
    words = " ".join(base.replace("_", " ").replace("-", " ").split()) or "Case studies"
    if "".join(words.casefold().split()) in GENERIC_FOLDERS:
        return generic_name()
    return words[0].upper() + words[1:] if words[:1].islower() else words


#: Folder names that say nothing about what was synthesised ("casestudies/", "forms/", "exports/"...).
GENERIC_FOLDERS = frozenset(
    [
        "casestudies",
        "casestudy",
        "cases",
        "forms",
        "form",
        "data",
        "input",
        "inputs",
        "submissions",
        "responses",
        "response",
        "exports",
        "export",
        "files",
        "documents",
        "docs",
        "downloads",
        "uploads",
        "returns",
        "survey",
        "surveys",
        "project",
        "projects",
        "tmp",
        "temp",
    ]
)


def generic_name(template: str = "practice-based") -> str:
    """A title for inputs in a generically named folder: after the template ("Practice-based case study synthesis")."""
    from synth.templates import load_template

    try:
        name = load_template(template).name
    except Exception:
        name = "Case study"
    return f"{name} synthesis"


def choose_themes(suggestions: Sequence, n_cases: int, limit: int | None = None) -> list:
    """The suggestions a headless run accepts: shared by two projects or more, not far below the best."""
    limit = THEMES_PER_HEADING if limit is None else limit
    floor = 2 if n_cases >= 3 else 1
    usable = [s for s in suggestions if len(s.case_ids) >= floor]
    if not usable:
        return []
    best = max(s.score for s in usable)
    return [s for s in usable if s.score >= MIN_RELATIVE_SCORE * best][:limit]


@contextlib.contextmanager
def _long_lived_heap() -> Iterator[Callable[[], None]]:
    """Keep the collector off what a step leaves behind: the state, the trail's events, the NLP model.

    The run's heap only grows (a 1,000-form run ends near 400 MiB), and each full collection walks all
    of it: 1.7 s of a 1,000-form run went to 17 of them (issue 12). Yields ``settle()``, which moves
    every object alive now to the permanent generation (:func:`gc.freeze`), and until the run ends a
    full collection waits for ten times as many collections of the younger generations; then the
    thresholds are restored and the objects handed back (:func:`gc.unfreeze`), so garbage cycles
    among them are still collected. A caller that froze objects itself keeps them frozen and
    sees nothing frozen here.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], 10) * 10)
    ours = not gc.get_freeze_count()
    if ours:
        gc.freeze()
    try:
        yield gc.freeze if ours else lambda: None
    finally:
        gc.set_threshold(*thresholds)
        if ours:
            gc.unfreeze()


def run(
    paths: Sequence[str | Path],
    out: str | Path,
    fields: Sequence[str] | None = None,
    analyst: str | None = None,
    progress: Progress | None = None,
    name: str | None = None,
    replace: bool = False,
    project_at: str | None = None,
) -> RunResult:
    """Run the four steps on ``paths`` into ``out``; see the module docstring.

    ``name`` titles the project and its report (default: :func:`default_name` of the inputs).
    ``replace`` removes the project of an earlier run in ``out`` first (only a folder
    holding a synth trail is ever removed); without it such a folder is an error.
    """
    with _long_lived_heap() as settle:
        return _run(paths, out, fields, analyst, progress, name, replace, project_at, settle)


def _run(paths, out, fields, analyst, progress, name, replace, project_at, settle: Callable[[], None]) -> RunResult:
    from synth.themes.actions import accept_many
    from synth.themes.collate import accept_generals, propose_general_themes
    from synth.themes.refine import merge_generals, propose_merges, set_order, suggested_order
    from synth.themes.suggest import suggest_themes

    out = Path(out)
    folder = project_at or out / "project"  # project_at: a server URL (synth.store_pg); the report still goes to out
    from synth.project import project_status

    # a half-made one (an earlier run killed mid-creation) is rebuilt
    if not project_at and project_status(folder) == "whole":
        if not replace:
            raise ProjectError(
                f"{folder}: a synth project already exists here; choose another --out, or --replace the earlier run"
            )
        shutil.rmtree(folder)
    result = RunResult(out=out, project=folder)

    def step(name: str, started: float, detail: str) -> None:
        result.steps.append(Step(name, time.perf_counter() - started, detail))
        settle()  # what the step made lives on to the end of the run

    t = time.perf_counter()
    project = Project.create(
        folder, name=name or default_name(paths), fields=list(fields) if fields else None, analyst=analyst
    )
    result.project = project.path  # a server project's URL as shown, without its password
    try:
        from synth.extract.importer import import_paths

        report = import_paths(project, paths, progress)
        result.imported = len(report.imported)
        result.failed = [str(e) for e in report.failed]
        if not fields:
            answered = _fields_with_answers(project)
            if answered and list(answered) != list(project.state.fields):
                project.set_fields(answered)
        detail = f"{len(report.imported)} case studies from {len(report.imported) + len(report.duplicates)} found"
        if report.duplicates:
            detail += f", {len(report.duplicates)} duplicates skipped"
        if report.failed:
            detail += f", {len(report.failed)} files failed"
        step("import", t, detail)
        del report  # it holds the cases as read; the project's state has them (issue 12: memory)
        state = project.state
        if not state.cases:
            result.problems.append("no case studies were imported; nothing to synthesise")
            return result

        t = time.perf_counter()
        from synth.extract.summarise import forget
        from synth.summaries import accept_all, draft

        drafts = draft(project, progress=progress)  # the project's summary settings (points, word limit)
        forget()  # nothing later in the run segments answers again
        accept_all(project, drafts, origin="machine", reviewed=False)
        step("summaries", t, f"{len(drafts)} summaries drafted and accepted as machine-drafted, unreviewed")
        del drafts

        t = time.perf_counter()
        from synth.themes.frameworks import FrameworkChoice

        choice = FrameworkChoice.from_config(project.config, project.path)
        chosen = []
        n_cases = len(project.state.cases)
        headings = list(project.state.fields)
        for i, heading in enumerate(headings):
            if progress is not None:
                progress(i, len(headings), f"themes: {heading}")
            chosen.extend(choose_themes(suggest_themes(project.state, heading, frameworks=choice), n_cases))
        themes = accept_many(project, chosen, origin="machine")
        result.themes = len(themes)
        used = len({t.heading for t in themes})
        step("themes", t, f"{len(themes)} themes accepted under {used} of {len(headings)} headings")

        t = time.perf_counter()
        proposals = propose_general_themes(project.state)
        generals = accept_generals(project, proposals, origin="machine")
        step("general themes", t, f"{len(generals)} general themes accepted from {len(proposals)} proposals")

        t = time.perf_counter()
        merged = 0
        while True:
            merges = propose_merges(project.state)
            if not merges:
                break
            merge_generals(project, merges[0], origin="machine")
            merged += 1
        if project.state.general_themes:
            set_order(project, suggested_order(project.state), origin="machine")
        result.general_themes = len(project.state.general_themes)
        step("refine", t, f"{merged} repetitive general themes merged; {result.general_themes} in the final set")

        t = time.perf_counter()
        result.files = write_outputs(project, out, result)
        step("report", t, ", ".join(p.name for p in result.files))
    finally:
        project.close()
    return result


def write_outputs(project: Project, out: Path, result: RunResult) -> list[Path]:
    """The report files and themes.json (written once, by the report)."""
    from synth.report import write_all

    out.mkdir(parents=True, exist_ok=True)
    return [Path(p) for p in write_all(project, out)]
