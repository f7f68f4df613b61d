"""Re-mapping on the command line: ``synth remap`` moves a section of a case study to another heading.

A thin call into :func:`synth.extract.remap.remap`, the function the TUI's Extract screen calls.
"""

from __future__ import annotations

from pathlib import Path

import click

from synth.cli.common import analyst_option, handles_errors, open_project, project_argument


@click.command(name="remap")
@project_argument
@click.argument("case")
@click.argument("section")
@click.argument("to", metavar="TO")
@analyst_option
@click.pass_context
@handles_errors
def remap_command(ctx, project: Path, case: str, section: str, to: str, analyst_override) -> None:
    """Move SECTION of the case study CASE to the heading TO (TO "-": out to the unplaced sections).

    CASE is a case id or title. SECTION is a heading's id with an answer, or an unplaced section's
    heading as the form gave it. One undoable event (case.remapped); synth trail log shows it.
    """
    from synth.extract.remap import find_case, find_section, remap

    with open_project(ctx, project, analyst_override) as p:
        by_title = {c.title.casefold(): c.id for c in p.state.cases.values()}
        case_id = case if case in p.state.cases else by_title.get(case.casefold(), case)
        target = None if to == "-" else to
        remap(p, case_id, find_section(find_case(p, case_id), section), target)
        title = p.state.cases[case_id].title
        click.echo(f"moved {title} / {section} to {to if target else 'the unplaced sections'}")
