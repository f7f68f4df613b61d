"""Step 1 on the command line: make a synthesis project, import forms into it, choose its fields, copy it.

``synth extract`` reads forms without a project, to show what import would make of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from synth.cli.common import (
    EXIT_PROBLEMS,
    Problem,
    ProjectPath,
    analyst_of,
    analyst_option,
    handles_errors,
    json_option,
    no_forms,
    paths_argument,
    progress_bar,
    project_argument,
    template_option,
)


@click.command()
@click.argument("project", type=ProjectPath(file_okay=False, path_type=Path))
@template_option
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
            from synth.cli.interchange import print_qdpx_report
            from synth.interchange.importer import import_read

            print_qdpx_report(import_read(p, read))
        click.echo(f"extraction fields: {', '.join(p.state.fields)}")


@click.command(name="import")
@project_argument
@paths_argument
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
    from synth.cli.interchange import import_qdpx_files, is_qdpx, print_qdpx_report
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

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p, progress_bar("importing") as progress:
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


@click.command()
@paths_argument
@json_option("Print JSON (one object per case study found).")
@template_option
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
    with progress_bar("reading") as progress:
        cases, errors = read_forms(paths, tpl, progress=progress, max_mb=max_mb)
    if as_json:
        click.echo(json.dumps(extracted_to_json(cases), ensure_ascii=False, indent=2))
    else:
        for case in cases:
            click.echo(f"{case.title}  [{case.label}, {case.format}, title from {case.title_from}]")
            for fid, text in case.fields.items():
                m = case.matches[fid]
                click.echo(f"  {fid:<20} <- {m.heading!r} ({m.method}, {m.confidence:.2f}): {len(text.split())} words")
            for fid in tpl.heading_ids:
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


@click.command()
@project_argument
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


@click.command(name="copy")
@click.argument("source", type=ProjectPath())
@click.argument("dest", type=ProjectPath())
def copy_command(source: str, dest: str) -> None:
    """Copy a project between a folder and a PostgreSQL server (either way), verifying both sides.

    SOURCE and DEST are folders or URLs (postgresql://user@host/db?project=NAME).
    The source's trail must verify; the copy holds the same events, hashes and
    signatures, is verified before it is committed, and DEST must not hold a
    project yet.
    """
    from synth.inert import terminal_safe as safe
    from synth.project import ProjectError
    from synth.stores import copy_project
    from synth.trail import TrailError

    try:
        result = copy_project(source, dest, progress=lambda text: click.echo(safe(text), err=True))
    except (ProjectError, TrailError) as exc:
        raise Problem(str(exc)) from exc
    click.echo(f"copied {result.events} events from {safe(result.source)} to {safe(result.dest)}; both verify")
