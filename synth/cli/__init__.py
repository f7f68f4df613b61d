"""The ``synth`` command line: parses arguments, calls the core, prints.

No logic lives here that the TUI would also need; every command is a thin call
into the core. Exit status: 0 success, 1 the command ran but found problems
(a failed check, a file that could not be imported, a trail that does not
verify), 2 bad usage. A bad input never shows a traceback: :func:`main` turns
the core's errors into one line naming the file or folder.

This module holds the ``synth`` group and :func:`main`; each step's commands live in
their own module of this package and are registered here.
"""

from __future__ import annotations

import os
import sys

import click

from synth import __version__
from synth.cli import (
    codebook,
    coding,
    forms,
    frameworks,
    projects,
    remap,
    report,
    rounds,
    run,
    summaries,
    themes,
    trail,
    tui,
)
from synth.cli.common import (
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Problem,
    ProjectPath,
    analyst_of,
    analyst_option,
    handles_errors,
    no_forms,
)

__all__ = [
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "Problem",
    "ProjectPath",
    "analyst_of",
    "analyst_option",
    "cli",
    "handles_errors",
    "main",
    "no_forms",
]


@click.group(name="synth", invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--analyst", metavar="NAME", help="Who is making these decisions (else SYNTH_ANALYST, else your login).")
@click.version_option(__version__, prog_name="synth")
@click.pass_context
def cli(ctx: click.Context, analyst: str | None) -> None:
    """synth: case-study thematic synthesis and qualitative coding.

    With no command, opens the terminal UI on the last project used, or on a
    demo project made from the bundled case studies.
    """
    import synth.inert

    ctx.ensure_object(dict)
    ctx.obj["analyst"] = analyst
    synth.inert.NOTICE_HANDLER = lambda message: click.echo(
        f"synth: warning: {synth.inert.terminal_safe(message)}", err=True
    )
    if ctx.invoked_subcommand is None:
        ctx.invoke(tui.tui, project=None)


for _command in (
    projects.init,
    projects.import_command,
    projects.extract,
    projects.fields,
    projects.copy_command,
    remap.remap_command,
    forms.form,
    trail.trail_command,
    trail.undo,
    trail.redo,
    summaries.summarise,
    summaries.check_summaries,
    themes.suggest,
    themes.collate,
    themes.themes,
    frameworks.frameworks,
    codebook.codebook,
    run.run,
    report.report,
    report.write,
    coding.code_command,
    coding.uncode_command,
    coding.merge_command,
    rounds.round_command,
    rounds.agreement_command,
    rounds.reconcile_command,
    tui.tui,
):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``synth`` console script: no traceback reaches a user."""
    import signal

    # SIGTERM unwinds like Ctrl-C, so temporary files and open transactions are cleaned up on the way out
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        cli.main(args=argv, prog_name="synth", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("synth: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SYNTH_DEBUG"):
            raise
        click.echo(f"synth: internal error: {type(exc).__name__}: {exc} (set SYNTH_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_PROBLEMS)
