"""``synth tui``: open the terminal UI on a project, building the demo project on a first run."""

from __future__ import annotations

from pathlib import Path

import click

from synth.cli.common import Problem, ProjectPath, analyst_of, analyst_option, handles_errors


@click.command()
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
