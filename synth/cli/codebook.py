"""``synth codebook``: load a codebook for deductive theme suggestions, or export the project's codebook."""

from __future__ import annotations

from pathlib import Path

import click

from synth.cli.common import analyst_of, analyst_option, handles_errors, project_argument


@click.command()
@project_argument
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
        from synth.cli.interchange import export_codebook

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
