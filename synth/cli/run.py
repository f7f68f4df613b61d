"""``synth run``: the four steps headless, on machine suggestions, then the report; the work is in :mod:`synth.pipeline`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from synth.cli.common import EXIT_PROBLEMS, analyst_of, analyst_option, handles_errors, paths_argument, progress_bar


@click.command()
@paths_argument
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
    with progress_bar("running") as progress:
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
