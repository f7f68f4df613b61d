"""Coding by hand on the command line: ``synth code`` and ``uncode`` a theme on a case, ``synth merge`` a diverged copy.

Thin calls into :mod:`synth.coding`; the rounds of blind double coding are in :mod:`synth.cli.rounds`.
"""

from __future__ import annotations

from pathlib import Path

import click

from synth.cli.common import analyst_option, handles_errors, open_project, options, project_argument

where_options = [
    click.option("--heading", required=True, metavar="H", help="The extraction heading (field id)."),
    click.option("--case", "case", required=True, metavar="C", help="The case (id or title)."),
    click.option("--theme", "label", required=True, metavar="LABEL", help="The theme's label (made if new)."),
    click.option("--text", metavar="SPAN", help="Code only this span of the case's text under the heading."),
]


uncode_options = [
    where_options[0],
    where_options[1],
    click.option("--theme", "label", required=True, metavar="LABEL", help="The theme's label."),
    click.option("--text", metavar="SPAN", help="Take off only the coded span holding this text."),
]


where = options(*where_options)
uncode_where = options(*uncode_options)


@click.command(name="code")
@project_argument
@where
@analyst_option
@click.pass_context
@handles_errors
def code_command(ctx, project: Path, heading: str, case: str, label: str, text: str | None, analyst_override):
    """Apply a theme to a case under a heading as the current analyst (the theme is made if new)."""
    from synth.coding.commands import code

    with open_project(ctx, project, analyst_override) as p:
        done = code(p, heading, case, label, text)
        title = p.state.cases[done.case_id].title
        made = " (new theme)" if done.created_theme else ""
        what = f'"{done.coding.text}"' if done.coding else "the whole answer"
        click.echo(f"coded {title} / {heading}: {done.theme.label}{made}: {what} as {p.analyst}")


@click.command(name="uncode")
@project_argument
@uncode_where
@analyst_option
@click.pass_context
@handles_errors
def uncode_command(ctx, project: Path, heading: str, case: str, label: str, text: str | None, analyst_override):
    """Take a theme off a case under a heading (with --text, only the coded span holding it)."""
    from synth.coding.commands import uncode

    with open_project(ctx, project, analyst_override) as p:
        n = uncode(p, heading, case, label, text)
        click.echo(f"took {label!r} off {case} / {heading} ({n} coded span{'s' if n != 1 else ''}) as {p.analyst}")


@click.command(name="merge")
@project_argument
@click.argument("other", type=click.Path(path_type=Path))
@analyst_option
@click.pass_context
@handles_errors
def merge_command(ctx, project: Path, other: Path, analyst_override):
    """Bring in the events of a diverged copy of PROJECT (OTHER); conflicts become disagreements to reconcile."""
    from synth.coding.merge import merge

    with open_project(ctx, project, analyst_override) as p:
        result = merge(p, other)
        click.echo(result.describe())
        if result.conflicts:
            click.echo(f"settle them with 'synth reconcile {project}' and close with 'synth round {project} close'")
