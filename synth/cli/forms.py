"""``synth form``: blank forms for project teams to fill in, and checks of filled-in forms before import."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from synth.cli.common import EXIT_PROBLEMS, Problem, handles_errors, no_forms, template_option


@click.group()
def form() -> None:
    """Blank forms and form checks for project teams."""


@form.command(name="new")
@template_option
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
@template_option
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
