"""The report as PDF: the HTML report printed by headless Chromium, with its print stylesheet.

synth draws no PDF itself: a browser engine already lays out the HTML
report's tables, figures and page breaks well, and the print stylesheet in
:mod:`synth.report.html` (A4, a page per section, headers kept with what
follows, table headers repeated) is the same one a reader gets with "Print"
in a browser. Chromium is found on the PATH (``chromium``,
``chromium-browser``, ``google-chrome``...) or named by ``SYNTH_CHROMIUM``;
without it the report is refused with one line saying so, and nothing is
written. The page is loaded from a local file, with background networking off, in a
throwaway browser profile; the report's Content-Security-Policy forbids
scripts and any fetch. (Chromium's own "scripts off" setting also stops it
printing, so it is not used.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from synth.report.errors import ReportError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "microsoft-edge")
TIMEOUT = 180  # seconds; a 1,000-case report prints in well under a minute

#: Extra print rules for the PDF: page numbers in the bottom margin, and the title page on its own.
PDF_CSS = """
@media print {
  @page { @bottom-center { content: "Page " counter(page) " of " counter(pages); font-family: "Helvetica Neue",
    Helvetica, Arial, sans-serif; font-size: 8.5pt; color: #52606d; } }
  main > h1:first-child { margin-top: 30mm; }
}
"""


def find_browser() -> str | None:
    """The Chromium (or Chrome) program to print with, or None."""
    named = os.environ.get("SYNTH_CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() and os.access(named, os.X_OK) else None)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_message() -> str:
    return (
        "PDF needs headless Chromium, which is not installed (apt install chromium, or set SYNTH_CHROMIUM); "
        "'--format html' gives the same report to print from a browser"
    )


def html_to_pdf(html: str, target: Path, browser: str | None = None, label: str | Path | None = None) -> None:
    """Print ``html`` to ``target`` with headless Chromium; raise :class:`ReportError` (naming ``label``) if it cannot."""
    label = label or target
    browser = browser or find_browser()
    if browser is None:
        raise ReportError(missing_message())
    with tempfile.TemporaryDirectory(prefix="synth-pdf-") as work:
        page = Path(work) / "report.html"
        page.write_text(html, encoding="utf-8")
        out = Path(work) / "report.pdf"
        command = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",  # root in a container has no user namespace for the sandbox; the page runs no script
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-sync",
            "--no-first-run",
            "--mute-audio",
            f"--user-data-dir={Path(work) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise ReportError(f"{label}: Chromium did not finish printing within {TIMEOUT} s") from None
        except OSError as exc:
            raise ReportError(f"{label}: could not start {browser} ({exc.strerror or exc})") from None
        if not out.exists() or out.stat().st_size == 0 or not out.read_bytes().startswith(b"%PDF"):
            detail = " ".join(done.stderr.decode("utf-8", "replace").split())[-200:]
            raise ReportError(f"{label}: Chromium printed no PDF (exit {done.returncode}): {detail}")
        shutil.copyfile(out, target)


def write_pdf(data, target: Path, label: str | Path | None = None) -> None:
    """The HTML report, printed to ``target`` as PDF (``label``: the file named in errors)."""
    from synth.report.html import to_html

    html = to_html(data).replace("</style>", PDF_CSS + "</style>", 1)
    html_to_pdf(html, target, label=label)
