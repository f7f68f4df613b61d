"""The report on the command line: ``synth report`` writes it, ``synth write`` records the analyst's own
Discussion, Conclusions and general-theme narratives in it.

The report drafts those sections from the project's data and marks the draft; ``synth write`` records the
analyst's text as a trail event (``report.section_written``), after which the report prints it as theirs.
The text comes from ``--file FILE`` (``-`` for standard input); ``--draft`` prints synth's current draft to
start from, ``--clear`` goes back to it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from synth.cli.common import (
    Problem,
    analyst_of,
    analyst_option,
    as_of_option,
    cutoff_of,
    handles_errors,
    project_argument,
)


@click.command()
@project_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "xlsx", "qdpx", "qdc", "pdf"]),
    default="md",
    show_default=True,
    help="md or html report, xlsx workbook, qdpx REFI-QDA project, qdc codebook, pdf (the html printed by Chromium).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@as_of_option("The report as the project stood at this UTC time.")
@handles_errors
def report(project: Path, fmt: str, output: Path | None, as_of: str | None) -> None:
    """Write the synthesis report (Markdown, HTML, PDF, Excel workbook or REFI-QDA).

    The file goes to -o FILE, else to the current folder, named after the
    project. --as-of writes the report of the project as it stood then.
    """
    from synth.project import Project
    from synth.report import default_path, write_report

    cutoff = cutoff_of(as_of)
    with Project.open(project, as_of=cutoff) as p:
        if cutoff and not p.state.seq:
            raise Problem(f"{project}: the coding trail has no events up to {cutoff}; nothing to report")
        path = write_report(p, fmt, output or default_path(p, fmt))
        moment = f" as of {cutoff}" if cutoff else ""
        click.echo(f"wrote {path}{moment} (trail event {p.state.seq})")


@click.command(name="write")
@project_argument
@click.argument("section", metavar="SECTION")
@click.option(
    "--file",
    "source",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Read the section's text (Markdown) from FILE, or '-' for standard input.",
)
@click.option("--draft", is_flag=True, help="Print synth's draft of the section (a start to edit) and change nothing.")
@click.option("--clear", is_flag=True, help="Drop the analyst's text: the report goes back to synth's draft.")
@analyst_option
@click.pass_context
def write(
    ctx: click.Context,
    project: Path,
    section: str,
    source: Path | None,
    draft: bool,
    clear: bool,
    analyst_override: str | None,
) -> None:
    """Write a report SECTION of PROJECT: discussion, conclusions, or general:<id> (a general theme's narrative).

    \b
      synth write P discussion --draft > discussion.md   # start from synth's draft
      synth write P discussion --file discussion.md      # the report now prints your text
      synth write P general:g-7ebb7bdde4 --file -        # from standard input
      synth write P conclusions --clear                  # back to synth's draft

    Every write is an event on the coding trail; undo takes it back.
    """
    if sum(bool(x) for x in (source, draft, clear)) != 1:
        raise click.UsageError("give one of --file FILE, --draft or --clear")
    handles_errors(_write)(ctx, project, section, source, draft)


def _write(ctx: click.Context, project: Path, section: str, source: Path | None, draft: bool) -> None:
    from synth.project import Project
    from synth.report.sections import SectionError, check_section, write_section

    analyst_override = ctx.params.get("analyst_override")
    try:
        if draft:
            from synth.report.gather import gather
            from synth.report.sections import draft as draft_of

            with Project.open(project) as p:
                sid = check_section(p.state, section)
                click.echo(draft_of(gather(p, verify=False), sid))
            return
        text = ""
        if source is not None:
            text = _read(source)
            if not text.strip():
                raise Problem(f"{source}: empty; to go back to synth's draft use --clear")
        with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
            event = write_section(p, section, text)
    except SectionError as exc:
        raise Problem(str(exc)) from exc
    sid = event.payload["section"]
    if text:
        click.echo(f"wrote the {sid} ({len(text.split())} words) as trail event {event.seq}")
    else:
        click.echo(f"the {sid} is synth's draft again (trail event {event.seq})")


def _read(source: Path) -> str:
    if str(source) == "-":
        return sys.stdin.read()
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise Problem(f"{source}: file not found") from None
    except OSError as exc:
        raise Problem(f"{source}: unreadable ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Problem(f"{source}: not UTF-8 text") from None
