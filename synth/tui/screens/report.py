"""The report: a Markdown preview, and export to every format the core writes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label, Markdown

from synth.tui.available import core
from synth.tui.screens.base import SynthScreen
from synth.tui.widgets.dialogs import Ask, Pick

FORMATS = {
    "md": "Markdown report",
    "html": "HTML report",
    "xlsx": "Excel workbook",
    "qdpx": "REFI-QDA project",
    "qdc": "REFI-QDA codebook",
}
SUFFIX = {
    "md": "report.md",
    "html": "report.html",
    "xlsx": "synthesis.xlsx",
    "qdpx": "project.qdpx",
    "qdc": "codebook.qdc",
}


class ReportScreen(SynthScreen):
    """The report as readers will see it; every export runs in a worker."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "preview", "Refresh", tooltip="Write the preview again from the current state"),
        Binding("e", "export", "Export…", tooltip="Export the report in one format"),
        Binding("a", "export_all", "Export all", tooltip="Write every format into a folder"),
    ]

    class Previewed(Message):
        def __init__(self, text: str, error: Exception | None = None) -> None:
            super().__init__()
            self.text, self.error = text, error

    class Exported(Message):
        def __init__(self, paths: list, error: Exception | None = None) -> None:
            super().__init__()
            self.paths, self.error = paths, error

    def __init__(self) -> None:
        super().__init__()
        self._seq = -1

    def body(self) -> ComposeResult:
        yield Label("Report preview (Markdown)", classes="pane-title", id="report-title")
        with VerticalScroll(id="report-preview"):
            yield Markdown("", id="report-md")

    def refresh_view(self) -> None:
        if self._seq != self.state.seq:
            self._seq = self.state.seq
            self.action_preview()

    def action_preview(self) -> None:
        self.query_one("#report-title", Label).update("Report preview (writing…)")
        self.taskbar.start("Writing the report preview", self.preview())

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def preview(self) -> None:
        try:
            write_report = core("synth.report", "write_report")
            with tempfile.TemporaryDirectory() as tmp:
                path = write_report(self.project, "md", Path(tmp) / "report.md")
                text = Path(path).read_text(encoding="utf-8")
        except Exception as exc:
            self.post_message(self.Previewed("", exc))
            return
        self.post_message(self.Previewed(text))

    def on_report_screen_previewed(self, message: Previewed) -> None:
        self.taskbar.stop()
        title = self.query_one("#report-title", Label)
        if message.error is not None:
            title.update("Report preview: not available")
            self.query_one(Markdown).update(f"*The report could not be written:* {message.error}")
            with self.app.guard("report preview"):
                raise message.error
            return
        title.update(f"Report preview (Markdown, {len(message.text.split())} words) · e export · a export all")
        self.query_one(Markdown).update(message.text)

    def default_folder(self) -> Path:
        return self.project.path / "report"

    def action_export(self) -> None:
        self.app.push_screen(Pick("Export which format?", list(FORMATS.items())), self._export_format)

    def _export_format(self, fmt: str | None) -> None:
        if fmt:
            default = str(self.default_folder() / SUFFIX[fmt])
            self.app.push_screen(
                Ask(f"Write the {FORMATS[fmt]} to:", value=default), lambda path: path and self._start(fmt, Path(path))
            )

    def action_export_all(self) -> None:
        self.app.push_screen(Ask("Write every format into folder:", value=str(self.default_folder())),
                             lambda path: path and self._start("all", Path(path)))  # fmt: skip

    def _start(self, fmt: str, path: Path) -> None:
        self.taskbar.start(f"Exporting {fmt}", self.export(fmt, path.expanduser()))

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export(self, fmt: str, path: Path) -> None:
        try:
            if fmt == "all":
                path.mkdir(parents=True, exist_ok=True)
                paths = core("synth.report", "write_all")(self.project, path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                paths = [core("synth.report", "write_report")(self.project, fmt, path)]
        except Exception as exc:
            self.post_message(self.Exported([], exc))
            return
        self.post_message(self.Exported(list(paths)))

    def on_report_screen_exported(self, message: Exported) -> None:
        self.taskbar.stop()
        if message.error is not None:
            with self.app.guard("export"):
                raise message.error
            return
        self.notify("Wrote " + ", ".join(str(p) for p in message.paths), title="exported", timeout=12)
