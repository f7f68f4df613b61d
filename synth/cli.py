"""The ``synth`` command line: parses arguments, calls the core, prints.

No logic lives here that the TUI would also need; every command is a thin call
into the core. Exit status: 0 success, 1 the command ran but found problems
(a failed check, a file that could not be imported, a trail that does not
verify), 2 bad usage. A bad input never shows a traceback: :func:`main` turns
the core's errors into one line naming the file or folder.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from synth import __version__
from synth.cli_stores import ProjectPath

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class Problem(click.ClickException):
    """A command ran and found a problem: one line, exit status 1."""

    exit_code = EXIT_PROBLEMS

    def show(self, file=None) -> None:
        from synth.inert import terminal_safe

        click.echo(f"synth: {terminal_safe(self.format_message())}", err=True)


def _known_errors() -> tuple[type[BaseException], ...]:
    from synth.anchors import AnchorError
    from synth.coding.rounds import RoundError
    from synth.extract import FormError
    from synth.keys import KeyFileError
    from synth.project import ProjectError
    from synth.report import ReportError
    from synth.summaries import SummaryError
    from synth.templates import TemplateError
    from synth.themes.actions import ThemeError
    from synth.themes.codebook import CodebookError
    from synth.themes.collate import CollateError
    from synth.themes.frameworks import FrameworkError
    from synth.trail import TrailError

    return (
        ProjectError,
        TemplateError,
        TrailError,
        SummaryError,
        ReportError,
        FormError,
        ThemeError,
        CodebookError,
        CollateError,
        AnchorError,
        KeyFileError,
        FrameworkError,
        RoundError,
    )


def handles_errors(fn: Callable) -> Callable:
    """Turn the core's expected errors into a one-line message with exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except _known_errors() as exc:
            raise Problem(str(exc)) from exc

    return wrapper


def no_forms(paths: tuple[Path, ...]) -> Problem:
    """The one-line error for paths that hold no form file synth can read."""
    return Problem(f"no form files found in {', '.join(map(str, paths))} (synth reads .md, .txt, .docx, .csv, .xlsx)")


def analyst_of(ctx: click.Context, override: str | None = None) -> str:
    from synth.project import resolve_analyst

    return resolve_analyst(override or (ctx.obj or {}).get("analyst"))


analyst_option = click.option(
    "--analyst",
    "analyst_override",
    metavar="NAME",
    help="Who is making these decisions (else SYNTH_ANALYST, else your login).",
)


@click.group(name="synth", invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--analyst", metavar="NAME", help="Who is making these decisions (else SYNTH_ANALYST, else your login).")
@click.version_option(__version__, prog_name="synth")
@click.pass_context
def cli(ctx: click.Context, analyst: str | None) -> None:
    """synth: case-study thematic synthesis and qualitative coding.

    With no command, opens the terminal UI on the last project used, or on a
    demo project made from the bundled case studies.
    """
    import synth.inert

    ctx.ensure_object(dict)
    ctx.obj["analyst"] = analyst
    synth.inert.NOTICE_HANDLER = lambda message: click.echo(
        f"synth: warning: {synth.inert.terminal_safe(message)}", err=True
    )
    if ctx.invoked_subcommand is None:
        ctx.invoke(tui, project=None)


# -- projects and the trail ---------------------------------------------------------


@cli.command()
@click.argument("project", type=ProjectPath(file_okay=False, path_type=Path))
@click.option(
    "--template", default="practice-based", show_default=True, help="A bundled template name or a template .toml file."
)
@click.option(
    "--fields", metavar="ID,ID,...", help="The extraction template: field ids this synthesis analyses (default: all)."
)
@click.option("--name", help="The synthesis's name (default: the folder name).")
@click.option(
    "--from",
    "from_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Start from a REFI-QDA project (.qdpx) made by synth, QualCoder, NVivo, ATLAS.ti, MAXQDA...",
)
@analyst_option
@click.pass_context
@handles_errors
def init(
    ctx: click.Context,
    project: Path,
    template: str,
    fields: str | None,
    name: str | None,
    from_file: Path | None,
    analyst_override: str | None,
) -> None:
    """Create a synthesis project folder (synth.toml + the coding trail synth.db)."""
    from synth.project import Project

    chosen = [f.strip() for f in fields.split(",") if f.strip()] if fields else None
    read = None
    if from_file is not None:
        from synth.interchange.qdpx import read_qdpx

        read = read_qdpx(from_file)  # a bad file fails here, before any folder is made
        name = name or read.name or None
    with Project.create(
        project, name=name, template=template, fields=chosen, analyst=analyst_of(ctx, analyst_override)
    ) as p:
        from synth.inert import terminal_safe as safe

        state = p.state
        click.echo(f"created project {safe(repr(state.name))} in {safe(p.path)}")
        click.echo(f"template: {safe(state.template.name)} ({safe(state.template.id)}); analyst: {safe(p.analyst)}")
        if read is not None:
            from synth.cli_interchange import print_qdpx_report
            from synth.interchange.importer import import_read

            print_qdpx_report(import_read(p, read))
        click.echo(f"extraction fields: {', '.join(p.state.fields)}")


@cli.command(name="trail")
@click.argument("project", type=ProjectPath(path_type=Path))
@click.argument("action", type=click.Choice(["log", "verify", "export", "anchor"]), default="log")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="export: file format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="export/anchor: write to FILE instead of standard output.",
)
@click.option(
    "--anchor",
    "anchor_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="verify: also check the trail still extends this anchor (an anchor file, report, workbook or .qdpx).",
)
@click.option(
    "--accept-head",
    is_flag=True,
    help="verify: you put back an older copy on purpose; remember this head as the one you have seen.",
)
@click.option("--kind", help="log/export: only events whose kind starts with this (e.g. theme).")
@click.option("--by", "by", metavar="NAME", help="log/export: only this analyst's events.")
@click.option("--limit", type=int, default=0, help="log: show only the newest N events.")
@click.option("--as-of", "as_of", metavar="TIME", help="log/export: only events up to this UTC time (ISO 8601).")
@analyst_option
@click.pass_context
@handles_errors
def trail_command(
    ctx: click.Context,
    project: Path,
    action: str,
    fmt: str,
    output: Path | None,
    anchor_file: Path | None,
    accept_head: bool,
    kind: str | None,
    by: str | None,
    limit: int,
    as_of: str | None,
    analyst_override: str | None,
) -> None:
    """Show (log), check (verify), export or anchor the coding trail of PROJECT.

    verify walks the hash chain, checks every command's signature against the
    keys registered to its analyst and this user's witness of the highest head
    seen, and exits 1 naming the first event that was altered, removed,
    reordered or wrongly signed; with --anchor FILE it also checks the trail
    still extends that anchor. anchor writes a signed statement of the head.
    """
    from synth.history import describe
    from synth.inert import terminal_safe as safe
    from synth.stores import open_trail
    from synth.trail import TrailError, parse_time

    try:
        trail = open_trail(project)
    except TrailError as exc:
        raise Problem(str(exc)) from exc
    with trail:
        if action in ("verify", "anchor"):
            from synth.cli_trail import anchor_action, verify_action

            if action == "verify":
                sys.exit(verify_action(trail, project, anchor_file, accept_head))
            anchor_action(trail, project, analyst_of(ctx, analyst_override), output)
            return
        try:
            cutoff = parse_time(as_of) if as_of else None
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--as-of") from None
        events = [
            e
            for e in trail.events(as_of=cutoff)
            if (kind is None or e.kind.startswith(kind)) and (by is None or e.analyst == by)
        ]
        if action == "log":
            for e in events[-limit:] if limit else events:
                click.echo(
                    f"{e.seq:>6}  {e.ts[:19].replace('T', ' ')}  {safe(e.analyst):<12}  {safe(e.kind):<20}  {safe(describe(e))}"
                )
            return
        writer = trail.export_csv if fmt == "csv" else trail.export_jsonl
        if output is None:
            writer(sys.stdout, events)
            return
        from synth.tempfiles import temp_beside

        tmp = temp_beside(output)
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                n = writer(fh, events)
            os.replace(tmp, output)
        finally:
            if tmp.exists():
                tmp.unlink()
        click.echo(f"wrote {n} events to {output}", err=True)


@cli.command()
@click.argument("project", type=ProjectPath(path_type=Path))
@analyst_option
@click.pass_context
@handles_errors
def undo(ctx: click.Context, project: Path, analyst_override: str | None) -> None:
    """Take back the newest command still in effect (recorded as a new event)."""
    from synth.project import Project

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        event = p.undo()
        click.echo(f"undid transaction {event.payload['txn']}" if event else "nothing to undo")


@cli.command()
@click.argument("project", type=ProjectPath(path_type=Path))
@analyst_option
@click.pass_context
@handles_errors
def redo(ctx: click.Context, project: Path, analyst_override: str | None) -> None:
    """Restore the command most recently undone (recorded as a new event)."""
    from synth.project import Project

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        event = p.redo()
        click.echo(f"redid transaction {event.payload['txn']}" if event else "nothing to redo")


# -- step 1: forms, extraction, import ------------------------------------------------


@cli.command(name="import")
@click.argument("project", type=ProjectPath(path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--max-mb", type=float, help="Refuse form files bigger than this (default: the project's max_import_mb, 20)."
)
@analyst_option
@click.pass_context
@handles_errors
def import_command(
    ctx: click.Context, project: Path, paths: tuple[Path, ...], max_mb: float | None, analyst_override: str | None
) -> None:
    """Import case study forms (files or folders) into PROJECT; bad files are named and skipped.

    All cases go into the trail in one commit, each with its source's SHA-256
    and how each heading was matched. A form already imported is recognised
    and not added twice. A REFI-QDA project (.qdpx) brings its sources, codes,
    codings and notes in, one commit per file. Exit status 1 if any file could
    not be imported.
    """
    from synth.cli_interchange import import_qdpx_files, is_qdpx, print_qdpx_report
    from synth.extract import form_paths
    from synth.extract.importer import import_paths
    from synth.project import Project

    qdpx = [q for q in paths if is_qdpx(q)]
    paths = tuple(q for q in paths if not is_qdpx(q))
    done: list = []
    if qdpx:
        with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
            done = import_qdpx_files(p, qdpx)
        for r in done:
            if isinstance(r, Exception):
                click.echo(f"failed     {r}", err=True)
            else:
                print_qdpx_report(r)
        if not paths:
            if any(isinstance(r, Exception) for r in done):
                sys.exit(EXIT_PROBLEMS)
            return
    if not form_paths(paths)[0]:
        raise no_forms(paths)

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p, _progress_bar("importing") as progress:
        result = import_paths(p, paths, progress=progress, max_mb=max_mb)
    from synth.inert import terminal_safe as safe

    per_file = {f.source: f.lines() for f in result.files}
    for n, ((source, case_id, title), case) in enumerate(zip(result.imported, result.cases, strict=True)):
        click.echo(f"imported   {safe(source)} -> {safe(case_id)} ({safe(title)})")
        if n + 1 == len(result.cases) or result.cases[n + 1].source != case.source:
            for line in per_file.pop(case.source, []):
                click.echo(safe(line))
    for source, case_id, _title in result.duplicates:
        click.echo(f"unchanged  {safe(source)}: already imported as {safe(case_id)}")
    for note in result.notes:
        click.echo(f"note       {safe(note)}")
    for exc in result.failed:
        click.echo(f"failed     {safe(exc)}", err=True)
    if result.ignored:
        shown = ", ".join(safe(Path(i).name) for i in result.ignored[:5]) + (" ..." if len(result.ignored) > 5 else "")
        click.echo(f"ignored    {len(result.ignored)} file(s) in folders that are not forms: {shown}")
    click.echo(
        f"{len(result.imported)} case(s) imported, {len(result.duplicates)} already there, {len(result.failed)} file(s) failed"
    )
    if result.failed or any(isinstance(r, Exception) for r in done):
        sys.exit(EXIT_PROBLEMS)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per case study found).")
@click.option(
    "--template", default="practice-based", show_default=True, help="A bundled template name or a template .toml file."
)
@click.option("--max-mb", type=float, default=20, show_default=True, help="Refuse form files bigger than this.")
@handles_errors
def extract(paths: tuple[Path, ...], as_json: bool, template: str, max_mb: float) -> None:
    """Read forms without a project and show which answer went under which field.

    Exit status 1 if any file could not be read (each is named with the reason).
    """
    import json

    from synth.extract import extracted_to_json, form_paths, read_forms
    from synth.templates import load_template

    tpl = load_template(template)
    if not form_paths(paths)[0]:
        raise no_forms(paths)
    with _progress_bar("reading") as progress:
        cases, errors = read_forms(paths, tpl, progress=progress, max_mb=max_mb)
    if as_json:
        click.echo(json.dumps(extracted_to_json(cases), ensure_ascii=False, indent=2))
    else:
        for case in cases:
            click.echo(f"{case.title}  [{case.label}, {case.format}, title from {case.title_from}]")
            for fid, text in case.fields.items():
                m = case.matches[fid]
                click.echo(f"  {fid:<20} <- {m.heading!r} ({m.method}, {m.confidence:.2f}): {len(text.split())} words")
            for fid in tpl.field_ids:
                if fid not in case.fields:
                    click.echo(f"  {fid:<20} -- no answer")
            for u in case.unplaced:
                hint = f", nearest: {u.hint} {u.score:.2f}" if u.hint else ""
                click.echo(f"  {'(unplaced)':<20} {u.heading!r} ({len(u.text.split())} words{hint})")
            for key, value in case.attributes.items():
                click.echo(f"  {'(attribute)':<20} {key}: {value}")
        click.echo(f"{len(cases)} case(s) found, {len(errors)} file(s) failed", err=True)
    for exc in errors:
        click.echo(f"failed: {exc}", err=True)
    if errors:
        sys.exit(EXIT_PROBLEMS)


@cli.group()
def form() -> None:
    """Blank forms and form checks for project teams."""


@form.command(name="new")
@click.option(
    "--template", default="practice-based", show_default=True, help="A bundled template name or a template .toml file."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the form to FILE (default: standard output).",
)
@handles_errors
def form_new(template: str, output: Path | None) -> None:
    """Write a blank Markdown form with each question and its guidance."""
    from synth.templates import load_template
    from synth.templates.forms import blank_form

    text = blank_form(load_template(template))
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists():
        raise Problem(f"{output}: already exists; not overwritten")
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote a blank form to {output}; check it when filled in with: synth form check {output}", err=True)


@form.command(name="check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--template", default="practice-based", show_default=True, help="A bundled template name or a template .toml file."
)
@handles_errors
def form_check(files: tuple[Path, ...], template: str) -> None:
    """Check filled-in forms: missing or empty answers, word limits, unplaced headings.

    Exit status 1 when any form has an error (warnings and notes do not fail).
    """
    from synth.extract import form_paths
    from synth.templates import load_template
    from synth.templates.forms import check_form

    tpl = load_template(template)
    paths, _ = form_paths(files)
    if not paths:
        raise no_forms(files)
    failed = 0
    for path in paths:
        result = check_form(path, tpl)
        failed += not result.ok
        errors = len(result.errors)
        status = "ok" if result.ok else f"{errors} problem(s)"
        click.echo(f"{path}: {status} ({result.answers} answer(s) in {result.cases} case(s))")
        for problem in result.problems:
            where = f"[{problem.case}] " if problem.case else ""
            click.echo(f"  {problem.severity:<8}{where}{problem.message}")
    if len(paths) > 1:
        click.echo(f"{len(paths) - failed} of {len(paths)} form(s) passed")
    if failed or not paths:
        sys.exit(EXIT_PROBLEMS)


@form.command(name="templates")
def form_templates() -> None:
    """List the templates: bundled ones and a team's own (in the user templates folder)."""
    from synth.templates import available_templates, user_templates_dir

    for name, where, problem in available_templates():
        click.echo(f"{name:<24} {where}" + (f"  (invalid: {problem})" if problem else ""))
    click.echo(
        f"(add a team's own template as a .toml file in {user_templates_dir()}, or pass --template PATH)", err=True
    )


def _progress_bar(what: str):
    """A rich progress bar on standard error when it is a terminal; a silent callback otherwise."""
    import contextlib

    @contextlib.contextmanager
    def bar():
        from rich.console import Console

        console = Console(stderr=True)
        if not console.is_terminal:
            yield None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(
            TextColumn(f"{what} {{task.fields[name]}}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task(what, total=None, name="")

            def update(done: int, total: int, name: str) -> None:
                progress.update(task, completed=done, total=total, name=Path(name).name if name else "")

            yield update

    return bar()


@cli.command()
@click.argument("project", type=ProjectPath(path_type=Path))
@click.argument("ids", nargs=-1, metavar="[ID,ID,...]")
@analyst_option
@click.pass_context
@handles_errors
def fields(ctx: click.Context, project: Path, ids: tuple[str, ...], analyst_override: str | None) -> None:
    """Show the extraction template (the fields this synthesis analyses), or set it to ID,ID,...

    Without IDs, lists every template field, marking the chosen ones with how
    many cases answered each. With IDs (comma- or space-separated, in the order
    wanted), records the new choice on the trail and in synth.toml.
    """
    from synth.extract.summarise import is_placeholder
    from synth.project import Project

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        state = p.state
        wanted = [f.strip() for part in ids for f in part.split(",") if f.strip()]
        if wanted:
            if len(set(wanted)) != len(wanted):
                raise click.BadParameter("a field is listed twice", param_hint="ID,ID,...")
            if tuple(wanted) == state.fields:
                click.echo(f"extraction fields unchanged: {', '.join(wanted)}")
                return
            p.set_fields(wanted)
            click.echo(f"extraction fields: {', '.join(p.state.fields)}")
            return
        shown = f"{len(state.fields)} of {len(state.template.fields)} fields; x = analysed"
        click.echo(f"extraction template of {state.name!r} ({shown})")
        for f in state.template.fields:
            answered = sum(1 for c in state.cases.values() if not is_placeholder(c.answer(f.id)))
            mark = "x" if f.id in state.fields else " "
            click.echo(f"  [{mark}] {f.id:<20} {f.heading:<24} {answered:>4} answered")
        click.echo(f"analysed, in this order: {', '.join(state.fields) or '(none)'}")


def _summary_settings(p) -> tuple[int, int, str | None]:
    """(points, word limit per point, subject) from the project's [settings]."""
    from synth.summaries import summary_settings

    conf = summary_settings(p)
    return conf.points, conf.point_words, conf.subject


def _pick_case(state, case_id: str | None) -> list[str] | None:
    if case_id is None:
        return None
    if case_id in state.cases:
        return [case_id]
    by_title = [c.id for c in state.cases.values() if c.title.casefold() == case_id.casefold()]
    if not by_title:
        raise click.BadParameter(f"no case with id or title {case_id!r}", param_hint="--case")
    return by_title


def _pick_field(state, field_id: str | None) -> list[str] | None:
    if field_id is None:
        return None
    if field_id not in state.template.field_ids:
        known = ", ".join(state.template.field_ids)
        raise click.BadParameter(f"no field {field_id!r} (known: {known})", param_hint="--field")
    return [field_id]


def _rich_progress():
    """A progress callback drawing a bar on standard error when it is a terminal, and its closer."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task("drafting", total=None)
    bar.start()

    def update(done: int, total: int, what: str) -> None:
        bar.update(task, completed=done, total=total, description=what)

    return update, bar.stop


@cli.command()
@click.argument("project", type=ProjectPath(path_type=Path))
@click.option("--case", "case_id", help="Only this case (id or title).")
@click.option("--field", "field_id", help="Only this field id.")
@click.option("--accept", is_flag=True, help="Record the drafts as accepted, marked machine-drafted.")
@click.option(
    "--points", type=click.IntRange(1, 20), help="Key points per summary (default: summary_points in synth.toml or 3)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the drafts as JSON.")
@click.option("--check", "check", is_flag=True, help="Also run the uniformity check on each draft; show its findings.")
@analyst_option
@click.pass_context
@handles_errors
def summarise(
    ctx: click.Context,
    project: Path,
    case_id: str | None,
    field_id: str | None,
    accept: bool,
    points: int | None,
    as_json: bool,
    check: bool,
    analyst_override: str | None,
) -> None:
    """Draft uniform summaries of each answer under each extraction heading.

    Prints each draft: its key points, in the answer's order, one sentence
    each, in the third person. With --accept, records them in one commit as
    accepted, machine-drafted and unreviewed; summaries already recorded are
    kept, never overwritten. With --check, each draft's uniformity findings
    follow it, and a last line counts the drafts that pass as drafted.
    """
    import json

    from synth.extract.summarise import suggest_summaries
    from synth.extract.uniformity import check_drafts
    from synth.project import Project
    from synth.shapes import summary_drafts
    from synth.summaries import accept_all, drafts_to_accept

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        state = p.state
        default_points, words, subject = _summary_settings(p)
        progress, stop = _rich_progress()
        try:
            drafts = suggest_summaries(
                state,
                _pick_case(state, case_id),
                _pick_field(state, field_id),
                points or default_points,
                progress=progress,
                subject=subject,
                limit=words,
            )
        finally:
            stop()
        findings = check_drafts(state, drafts, word_limit=words, subject=subject) if check else {}
        if as_json:
            click.echo(
                json.dumps(
                    summary_drafts(state, drafts, findings if check else None),
                    indent=2,
                    ensure_ascii=False,
                )
            )
        else:
            last_case = None
            for d in drafts:
                if d.case_id != last_case:
                    click.echo(f"{'' if last_case is None else chr(10)}{state.cases[d.case_id].title} ({d.case_id})")
                    last_case = d.case_id
                click.echo(f"  {state.template.heading(d.field_id)}")
                for point in d.points:
                    click.echo(f"    - {point}")
                for x in findings.get((d.case_id, d.field_id), ()):
                    click.echo(f"      ! [{x.rule}] {x.message}")
            if check and drafts:
                passing = sum(1 for v in findings.values() if not v)
                click.echo(f"{passing} of {len(drafts)} drafts pass the uniformity check as drafted")
        if not drafts:
            click.echo("no answers to summarise", err=True)
        if accept:
            fresh = drafts_to_accept(state, drafts)
            kept = len(drafts) - len(fresh)
            accept_all(p, fresh)
            click.echo(
                f"recorded {len(fresh)} summaries as accepted (machine-drafted, unreviewed) in one commit"
                + (f"; kept {kept} already recorded" if kept else ""),
                err=True,
            )


@cli.command(name="check-summaries")
@click.argument("project", type=ProjectPath(path_type=Path))
@click.option("--field", "field_id", help="Only this field id.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@handles_errors
def check_summaries(project: Path, field_id: str | None, as_json: bool) -> None:
    """Check every summary for uniformity: tense, person, one sentence per point, order.

    Exits 1 when any summary has a finding; each finding names the point and
    says why.
    """
    import json

    from synth.extract.uniformity import check_project
    from synth.project import Project
    from synth.summaries import summary_stats

    with Project.open(project) as p:
        state = p.state
        _, words, subject = _summary_settings(p)
        results = check_project(state, word_limit=words, subject=subject, fields=_pick_field(state, field_id))
        flagged = {k: v for k, v in results.items() if v}
        if as_json:
            click.echo(
                json.dumps(
                    [
                        {
                            "case": c,
                            "title": state.cases[c].title,
                            "field": f,
                            "rule": x.rule,
                            "point": x.index + 1,
                            "sentence": x.sentence,
                            "message": x.message,
                        }
                        for (c, f), found in flagged.items()
                        for x in found
                    ],
                    indent=2,
                    ensure_ascii=False,
                )
            )
        else:
            for (c, f), found in flagged.items():
                click.echo(f"{state.cases[c].title} ({c}) / {state.template.heading(f)}")
                for x in found:
                    click.echo(f"  [{x.rule}] {x.message}")
                    if x.sentence:
                        click.echo(f"      {x.sentence}")
            n = sum(len(v) for v in flagged.values())
            passed = len(results) - len(flagged)
            click.echo(f"checked {len(results)} summaries: {passed} pass, {len(flagged)} with {n} findings")
            missing = summary_stats(state).unsummarised
            if missing:
                click.echo(f"{missing} answers have no summary yet (synth summarise {project} --accept drafts them)")
        if flagged:
            sys.exit(EXIT_PROBLEMS)


# -- steps 2 to 4: themes ------------------------------------------------------------------


@cli.command()
@click.argument("project", type=ProjectPath(path_type=Path))
@click.option("--heading", help="Only this extraction heading (field id).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--limit", type=int, default=10, show_default=True, help="Suggestions per heading.")
@click.option(
    "--accept",
    "accept_n",
    type=int,
    default=0,
    metavar="N",
    help="Accept the top N suggestions of each heading as the analyst.",
)
@analyst_option
@click.pass_context
@handles_errors
def suggest(
    ctx: click.Context,
    project: Path,
    heading: str | None,
    as_json: bool,
    limit: int,
    accept_n: int,
    analyst_override: str | None,
) -> None:
    """Suggest themes per heading, with the projects and sentences behind each."""
    import json

    from synth.project import Project
    from synth.themes.actions import accept_suggestion
    from synth.themes.frameworks import FrameworkChoice
    from synth.themes.suggest import suggest_themes

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        choice = FrameworkChoice.from_config(p.config, p.path)
        state = p.state
        if heading and heading not in state.fields and heading not in state.template.field_ids:
            raise click.BadParameter(
                f"unknown heading {heading!r} (fields: {', '.join(state.fields)})", param_hint="--heading"
            )
        headings = [heading] if heading else list(state.fields)
        found = {}
        with _progress_bar("suggesting") as progress:
            for h in headings:
                found[h] = suggest_themes(p.state, h, limit=limit, progress=progress, frameworks=choice)
        title = {cid: c.title for cid, c in state.cases.items()}
        if as_json:
            out = {
                h: [
                    {
                        "key": s.key,
                        "label": s.label,
                        "score": s.score,
                        "source": s.source,
                        "framework": s.framework,
                        "concept": s.concept,
                        "direction": s.detail,
                        "engine": f"{s.engine} {s.engine_version}",
                        "projects": [title.get(c, c) for c in s.projects],
                        "evidence": [
                            {
                                "case": title.get(e.case_id, e.case_id),
                                "field": e.field_id,
                                "target": e.target,
                                "start": e.start,
                                "end": e.end,
                                "text": e.text,
                                "direction": e.direction,
                            }
                            for e in s.evidence
                        ],
                    }
                    for s in items
                ]
                for h, items in found.items()
            }
            click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        else:
            for h, items in found.items():
                click.echo(f"== {state.template.heading(h)} ({h}): {len(items)} suggestions")
                for rank, s in enumerate(items, 1):
                    tag = f" [{s.framework or s.source}]"
                    click.echo(
                        f"{rank:>3}. {s.display}{tag}  score {s.score:.2f}, {len(s.projects)} projects: {', '.join(title.get(c, c) for c in s.projects)}"
                    )
                    for e in s.evidence[:3]:
                        text = " ".join(e.text.split())
                        click.echo(
                            f'       {title.get(e.case_id, e.case_id)}: "{text[:140]}{"…" if len(text) > 140 else ""}"'
                        )
                    if len(s.evidence) > 3:
                        click.echo(f"       … and {len(s.evidence) - 3} more sentences")
        if accept_n > 0:
            made = [accept_suggestion(p, s) for items in found.values() for s in items[:accept_n]]
            click.echo(f"accepted {len(made)} themes as {p.analyst}", err=as_json)


@cli.command()
@click.argument("project", type=ProjectPath(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--accept", "accept_all_proposals", is_flag=True, help="Accept every proposed general theme as the analyst."
)
@analyst_option
@click.pass_context
@handles_errors
def collate(
    ctx: click.Context, project: Path, as_json: bool, accept_all_proposals: bool, analyst_override: str | None
) -> None:
    """Show the theme x heading matrix and proposed general themes (step 3)."""
    import json

    from synth.project import Project
    from synth.themes.collate import accept_general, propose_general_themes, theme_heading_matrix
    from synth.themes.refine import propose_merges

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        state = p.state
        matrix = theme_heading_matrix(state)
        proposals = propose_general_themes(state)
        merges = propose_merges(state)
        title = {cid: c.title for cid, c in state.cases.items()}
        label = {t.id: t.label for t in state.themes.values()}
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "headings": list(matrix.headings),
                        "rows": [
                            {
                                "label": r.label,
                                "general_id": r.general_id,
                                "projects": [title.get(c, c) for c in r.projects],
                                "cells": {h: [label[t] for t in ids] for h, ids in r.cells.items()},
                            }
                            for r in matrix.rows
                        ],
                        "proposals": [
                            {
                                "key": g.key,
                                "label": g.label,
                                "score": g.score,
                                "reason": g.reason,
                                "themes": [[state.themes[t].heading, label[t]] for t in g.themes],
                                "projects": [title.get(c, c) for c in g.projects],
                            }
                            for g in proposals
                        ],
                        "merges": [
                            {
                                "key": m.key,
                                "label": m.label,
                                "score": m.score,
                                "reason": m.reason,
                                "general_themes": [state.general_themes[g].label for g in m.general_ids],
                            }
                            for m in merges
                        ],
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(f"theme x heading matrix: {len(matrix.rows)} rows over {len(matrix.headings)} headings")
            for r in matrix.rows:
                mark = "G" if r.general_id else " "
                cells = "; ".join(f"{h}: {', '.join(label[t] for t in ids)}" for h, ids in r.cells.items())
                click.echo(f" {mark} {r.label} ({len(r.projects)} projects) | {cells}")
            click.echo(f"proposed general themes: {len(proposals)}")
            for g in proposals:
                click.echo(f"  - {g.label}  score {g.score:.2f}: {g.reason}")
                click.echo(f"      {'; '.join(f'{state.themes[t].heading}: {label[t]}' for t in g.themes)}")
            if merges:
                click.echo(f"general themes that repeat one another: {len(merges)}")
                for m in merges:
                    click.echo(
                        f"  - merge {' + '.join(state.general_themes[g].label for g in m.general_ids)}: {m.reason}"
                    )
        if accept_all_proposals:
            for g in proposals:
                accept_general(p, g)
            click.echo(f"accepted {len(proposals)} general themes as {p.analyst}", err=as_json)


@cli.command()
@click.argument("project", type=ProjectPath(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print themes.json (themes per heading and general themes).")
@click.option("--as-of", "as_of", metavar="TIME", help="The themes as they stood at this UTC time.")
@handles_errors
def themes(project: Path, as_json: bool, as_of: str | None) -> None:
    """Show the current themes per heading and the general themes."""
    import json

    from synth.project import Project
    from synth.themes.export import themes_json
    from synth.trail import parse_time

    try:
        cutoff = parse_time(as_of) if as_of else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None
    with Project.open(project, as_of=cutoff, analyst=analyst_of(click.get_current_context())) as p:
        data = themes_json(p.state)  # inside an open blind round, a coder sees their own themes there
        if as_json:
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
            return
        template = p.state.template
        for heading, items in data["headings"].items():
            click.echo(f"== {template.heading(heading)} ({heading}): {len(items)} themes")
            for t in items:
                click.echo(
                    f"   {t['label']}  [{t['status']}] {len(t['projects'])} projects: {', '.join(t['projects'])}"
                )
        click.echo(f"== general themes: {len(data['general_themes'])}")
        for g in data["general_themes"]:
            members = "; ".join(f"{h}: {label}" for h, label in g["themes"])
            click.echo(f"   {g['label']}  {len(g['projects'])} projects | {members}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--fields", metavar="ID,ID,...", help="Extraction fields (default: every field that has answers).")
@click.option("--name", metavar="TEXT", help="The synthesis's name, the report's title (default: from the inputs).")
@click.option("--replace", is_flag=True, help="Replace an earlier run's project and report files in OUT.")
@click.option("--project", "project_at", metavar="URL", help="Keep the project on a PostgreSQL server (a new one).")
@analyst_option
@click.pass_context
@handles_errors
def run(
    ctx: click.Context,
    paths: tuple[Path, ...],
    out: Path,
    fields: str | None,
    name: str | None,
    replace: bool,
    analyst_override: str | None,
    project_at: str | None = None,
) -> None:
    """Headless four steps on machine suggestions, then the report, into OUT.

    Every decision the run makes is recorded as the machine's on the trail of
    OUT/project. Exits 1 when a file could not be imported (the rest still run).
    """
    from synth.pipeline import run as run_pipeline

    chosen = [f.strip() for f in fields.split(",") if f.strip()] if fields else None
    with _progress_bar("running") as progress:
        result = run_pipeline(
            list(paths),
            out,
            fields=chosen,
            analyst=analyst_of(ctx, analyst_override),
            progress=progress,
            name=name.strip() if name and name.strip() else None,
            replace=replace,
            project_at=project_at,
        )
    for line in result.failed:
        click.echo(f"synth: {line}", err=True)
    for s in result.steps:
        click.echo(f"{s.name:<15} {s.seconds:6.2f}s  {s.detail}")
    for line in result.problems:
        click.echo(f"note: {line}", err=True)
    click.echo(f"wrote {len(result.files)} files to {out}; the project is {result.project}")
    if not result.ok:
        sys.exit(EXIT_PROBLEMS)


@cli.command()
@click.argument("project", type=ProjectPath(path_type=Path))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--export", "export", is_flag=True, help="Write the project's codebook to FILE instead of loading FILE.")
@click.option(
    "--shape",
    type=click.Choice(["qdc", "taguette", "qualcoder"]),
    help="With --export: REFI-QDA .qdc, Taguette's tag,description CSV, or QualCoder's Category>>Code CSV "
    "(default: from FILE's suffix; .csv is Taguette's).",
)
@analyst_option
@click.pass_context
@handles_errors
def codebook(
    ctx: click.Context, project: Path, file: Path, export: bool, shape: str | None, analyst_override: str | None
) -> None:
    """Load a codebook (TOML, CSV, QualCoder .txt, REFI-QDA .qdc/.qdpx) for deductive theme suggestions.

    With --export, write the project's codebook (general themes, themes and
    codebook codes, as in the .qdc) to FILE in the shape --shape names.
    """
    from synth.project import Project
    from synth.themes.codebook import load_codebook, set_codebook

    if export:
        from synth.cli_interchange import export_codebook

        written = export_codebook(project, file, shape)
        click.echo(f"wrote {file} ({written} codebook)")
        return
    entries = load_codebook(file)
    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        set_codebook(p, entries, source=str(file))
    scoped = sum(1 for e in entries if e.heading)
    click.echo(
        f"loaded {len(entries)} codes from {file} ({scoped} tied to one heading); 'synth suggest {project}' now shows them"
    )


# -- the report -----------------------------------------------------------------------------


@cli.command()
@click.argument("project", type=ProjectPath(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "xlsx", "qdpx", "qdc", "pdf"]),
    default="md",
    show_default=True,
    help="md or html report, xlsx workbook, qdpx REFI-QDA project, qdc codebook, pdf (the html printed by Chromium).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@click.option("--as-of", "as_of", metavar="TIME", help="The report as the project stood at this UTC time.")
@handles_errors
def report(project: Path, fmt: str, output: Path | None, as_of: str | None) -> None:
    """Write the synthesis report (Markdown, HTML, PDF, Excel workbook or REFI-QDA).

    The file goes to -o FILE, else to the current folder, named after the
    project. --as-of writes the report of the project as it stood then.
    """
    from synth.project import Project
    from synth.report import default_path, write_report
    from synth.trail import parse_time

    try:
        cutoff = parse_time(as_of) if as_of else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None
    with Project.open(project, as_of=cutoff) as p:
        if cutoff and not p.state.seq:
            raise Problem(f"{project}: the coding trail has no events up to {cutoff}; nothing to report")
        path = write_report(p, fmt, output or default_path(p, fmt))
        moment = f" as of {cutoff}" if cutoff else ""
        click.echo(f"wrote {path}{moment} (trail event {p.state.seq})")


# -- the terminal UI -------------------------------------------------------------------------


@cli.command()
@click.argument("project", required=False, type=ProjectPath(path_type=Path))
@analyst_option
@click.pass_context
@handles_errors
def tui(ctx: click.Context, project: Path | None, analyst_override: str | None = None) -> None:
    """Open the terminal UI on PROJECT (default: the last project, else the demo)."""
    from synth.project import DATABASE, Project, data_dir
    from synth.store_pg import is_server_url
    from synth.tui.recent import last_project

    notice = None
    if project is None:
        project = last_project()
    if project is None:
        from synth.demo import ensure_demo_project

        demo = data_dir() / "demo"
        if not (demo / DATABASE).exists():
            click.echo(f"synth: first run: building a demo project from the bundled case studies in {demo}", err=True)
            notice = f"Welcome: this is a demo project built from the bundled case studies, in {demo}. Open your own with 'synth tui PROJECT'."

        def progress(done: int, total: int, what: str = "") -> None:
            click.echo(f"\r  {done}/{total} {what[:60]:<60}", err=True, nl=False)

        try:
            project = ensure_demo_project(progress=progress)
        except (ImportError, FileNotFoundError) as exc:
            raise Problem(f"cannot build the demo project ({exc}); open a project with 'synth tui PROJECT'") from exc
        if notice:
            click.echo("", err=True)
    elif not is_server_url(project) and not (project / DATABASE).exists():
        raise Problem(f"{project}: not a synth project (no {DATABASE}); make one with 'synth init {project}'")
    from synth.tui import run

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as opened:
        run(opened, notice=notice)


from synth.cli_frameworks import frameworks as _frameworks  # noqa: E402

cli.add_command(_frameworks)

from synth.cli_report import write as _write_section  # noqa: E402  (registers after the helpers it uses)

cli.add_command(_write_section)
# -- several coders: blind double coding, agreement, reconciliation, merging (synth/cli_coding.py) ----------

from synth import cli_coding  # noqa: E402

cli.add_command(cli_coding.code_command)
cli.add_command(cli_coding.uncode_command)
cli.add_command(cli_coding.round_command)
cli.add_command(cli_coding.agreement_command)
cli.add_command(cli_coding.reconcile_command)
cli.add_command(cli_coding.merge_command)

# -- projects on a PostgreSQL server: copying between stores (synth/cli_stores.py) ----------
from synth import cli_stores  # noqa: E402

cli.add_command(cli_stores.copy_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``synth`` console script: no traceback reaches a user."""
    import signal

    # SIGTERM unwinds like Ctrl-C, so temporary files and open transactions are cleaned up on the way out
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        cli.main(args=argv, prog_name="synth", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("synth: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SYNTH_DEBUG"):
            raise
        click.echo(f"synth: internal error: {type(exc).__name__}: {exc} (set SYNTH_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_PROBLEMS)
