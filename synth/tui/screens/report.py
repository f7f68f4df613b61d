"""The report: a Markdown preview, and export to every format the core writes.

The preview is written in a worker and shown a page at a time (``>`` and ``<``): the Markdown
widget mounts a widget per block, and a 10,000-case report has tens of thousands of them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Markdown

from synth.report import write_all, write_report
from synth.tui import views
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
        Binding("greater_than_sign", "page(1)", "Next page", show=False, tooltip="The next page of the preview"),
        Binding("less_than_sign", "page(-1)", "Previous page", show=False, tooltip="The previous page"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._seq = -1
        self._pages: list[str] = []
        self._words = 0
        self.page = 0

    def body(self) -> ComposeResult:
        yield Label("Report preview (Markdown)", classes="pane-title", id="report-title")
        with VerticalScroll(id="report-preview"):
            yield Markdown("", id="report-md")

    def refresh_view(self) -> None:
        if self._seq != self.state.seq:
            self._seq = self.state.seq
            self.action_preview()

    def action_preview(self) -> None:
        self.set_line("#report-title", "Report preview (writing…)")
        project = self.project

        def job(progress, cancelled):
            with tempfile.TemporaryDirectory() as tmp:
                path = write_report(project, "md", Path(tmp) / "report.md")
                text = Path(path).read_text(encoding="utf-8")
            return views.markdown_pages(text), len(text.split())

        self.run_task(job, group="report", title="Writing the report preview", what="report preview",
                      done=self._previewed, failed=self._not_previewed)  # fmt: skip

    def _previewed(self, found) -> None:
        self._pages, self._words = found
        self.show_page(0)

    def show_page(self, page: int) -> None:
        self.page = max(0, min(page, len(self._pages) - 1))
        pages = len(self._pages)
        where = f", page {self.page + 1}/{pages} < >" if pages > 1 else ""
        self.set_line("#report-title", f"Report preview ({self._words} words{where}) · e export · a export all")
        self.query_one(Markdown).update(self._pages[self.page])
        self.query_one("#report-preview").scroll_home(animate=False)

    def action_page(self, by: int) -> None:
        if self._pages and 0 <= self.page + by < len(self._pages):
            self.show_page(self.page + by)

    def _not_previewed(self, error: Exception) -> None:
        self.set_line("#report-title", "Report preview: not available")
        self.query_one(Markdown).update(f"*The report could not be written:* {error}")

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
        project, path = self.project, path.expanduser()

        def job(progress, cancelled):
            if fmt == "all":
                path.mkdir(parents=True, exist_ok=True)
                return list(write_all(project, path))
            path.parent.mkdir(parents=True, exist_ok=True)
            return [write_report(project, fmt, path)]

        self.run_task(job, group="export", title=f"Exporting {fmt}", what="export", done=self._exported)

    def _exported(self, paths: list) -> None:
        self.notify("Wrote " + ", ".join(str(p) for p in paths), title="exported", timeout=12)
