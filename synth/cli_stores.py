"""CLI for where a project is kept: PROJECT arguments that may be server URLs, and ``synth copy``."""

from __future__ import annotations

import click


class ProjectPath(click.Path):
    """A PROJECT argument: a folder, or a ``postgresql://`` URL naming a project on a server (synth.store_pg)."""

    def convert(self, value, param, ctx):
        from synth.store_pg import is_server_url

        if is_server_url(value):
            return str(value)
        return super().convert(value, param, ctx)


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
    from synth.cli import Problem
    from synth.inert import terminal_safe as safe
    from synth.project import ProjectError
    from synth.stores import copy_project
    from synth.trail import TrailError

    try:
        result = copy_project(source, dest, progress=lambda text: click.echo(safe(text), err=True))
    except (ProjectError, TrailError) as exc:
        raise Problem(str(exc)) from exc
    click.echo(f"copied {result.events} events from {safe(result.source)} to {safe(result.dest)}; both verify")
