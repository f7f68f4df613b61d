"""synth's terminal UI: a thin Textual face over the same core the CLI calls.

Only this package (and the ``tui`` command, lazily) imports Textual. Nothing
here analyses text: screens show the project state and send each decision to
one core function; slow work runs in thread workers that post a message with
the result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from synth.project import Project


def run(project: Project, *, notice: str | None = None) -> None:
    """Run the app on an open project until the analyst quits."""
    from synth.tui.app import SynthApp

    SynthApp(project=project, notice=notice).run()
