"""What every ``synth`` command shares: exit statuses, the one-line error, the analyst, the option blocks.

Each command module takes its PROJECT argument, ``--analyst``, ``--json``, ``--as-of`` and ``--template``
from here, so one option reads the same everywhere and a change to it is made once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import click

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
    from synth.extract.remap import RemapError
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
        RemapError,
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


def progress_bar(what: str):
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


class ProjectPath(click.Path):
    """A PROJECT argument: a folder, or a ``postgresql://`` URL naming a project on a server (synth.store_pg)."""

    def convert(self, value, param, ctx):
        from synth.store_pg import is_server_url

        if is_server_url(value):
            return str(value)
        return super().convert(value, param, ctx)


#: The PROJECT argument most commands take first.
project_argument = click.argument("project", type=ProjectPath(path_type=Path))

#: PATHS...: form files or folders of them, one or more.
paths_argument = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))

#: ``--template NAME``: a bundled template or a template file.
template_option = click.option(
    "--template", default="practice-based", show_default=True, help="A bundled template name or a template .toml file."
)


def options(*decorators: Callable) -> Callable:
    """One decorator applying several options in the order given (the order ``--help`` lists them)."""

    def apply(fn: Callable) -> Callable:
        for decorator in reversed(decorators):
            fn = decorator(fn)
        return fn

    return apply


def json_option(help: str) -> Callable:
    """``--json``: print JSON instead of text; ``help`` says what the JSON holds."""
    return click.option("--json", "as_json", is_flag=True, help=help)


def as_of_option(help: str) -> Callable:
    """``--as-of TIME``: the project as it stood at a UTC time."""
    return click.option("--as-of", "as_of", metavar="TIME", help=help)


def cutoff_of(as_of: str | None):
    """The ``--as-of`` value as a time, or None; a bad value is a usage error naming the option."""
    from synth.trail import parse_time

    try:
        return parse_time(as_of) if as_of else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None


def open_project(ctx: click.Context, project: Path, analyst_override: str | None):
    """Open PROJECT as the analyst the command line names."""
    from synth.project import Project

    return Project.open(project, analyst=analyst_of(ctx, analyst_override))
