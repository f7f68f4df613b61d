"""The synthesis report: Markdown, HTML, an Excel workbook and REFI-QDA files.

Every writer reads the project's state and trail and nothing else, so a
project opened ``as_of`` a past moment yields that moment's report. Files are
written to a temporary name beside the target and moved into place, so a
crash never leaves half a report where a whole one was expected.

This module stays cheap to import (the CLI registers :class:`ReportError` at
start-up); markdown-it, pandas and openpyxl load inside the writers.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from synth.report.errors import ReportError as ReportError
from synth.tempfiles import temp_beside

FORMATS = ("md", "html", "xlsx", "qdpx", "qdc", "pdf")
EXTENSIONS = {"md": ".md", "html": ".html", "xlsx": ".xlsx", "qdpx": ".qdpx", "qdc": ".qdc", "pdf": ".pdf"}
ALL_FILES = {"md": "report.md", "html": "report.html", "xlsx": "synthesis.xlsx", "qdpx": "project.qdpx"}


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = temp_beside(path)  # also removes what a killed earlier run left
    except OSError as exc:
        raise ReportError(f"{path}: cannot write here ({exc.strerror or exc})") from exc
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        raise ReportError(f"{path}: could not write the report ({exc.strerror or exc})") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path


def _text(content: str) -> Callable[[Path], None]:
    return lambda tmp: tmp.write_text(content, encoding="utf-8", newline="\n")


def render(data, fmt: str) -> Callable[[Path], None]:
    """A function that writes ``data`` in format ``fmt`` to a given path."""
    if fmt == "md":
        from synth.report.markdown import to_markdown

        return _text(to_markdown(data))
    if fmt == "html":
        from synth.report.html import to_html

        return _text(to_html(data))
    if fmt == "xlsx":
        from synth.report.xlsx import write_xlsx

        return lambda tmp: write_xlsx(data, tmp)
    if fmt == "qdpx":
        from synth.report.refi import write_qdpx

        return lambda tmp: (write_qdpx(data, tmp), _add_anchor(tmp, data))
    if fmt == "qdc":
        from synth.report.refi import write_qdc

        return lambda tmp: write_qdc(data, tmp)
    if fmt == "pdf":
        from synth.report.pdf import write_pdf

        return lambda tmp: write_pdf(data, tmp)
    raise ReportError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")


def _add_anchor(path: Path, data) -> None:
    """Put the trail anchor of the state shown into a .qdpx as ``synth-anchor.json`` (other tools ignore it)."""
    if not getattr(data, "anchor", ""):
        return
    import zipfile

    from synth.anchors import ANCHOR_MEMBER

    info = zipfile.ZipInfo(ANCHOR_MEMBER, date_time=(1980, 1, 1, 0, 0, 0))  # the same state, the same bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(info, data.anchor + "\n")


def default_path(project, fmt: str, folder: Path | None = None) -> Path:
    """``<project name>-report.md`` and so on, in ``folder`` (default: the current folder)."""
    from synth.model import slugify

    stem = slugify(project.state.name or Path(project.path).name)
    names = {"md": "report", "html": "report", "xlsx": "", "qdpx": "", "qdc": "codebook", "pdf": "report"}
    name = f"{stem}-{names[fmt]}" if names[fmt] else stem
    if project.as_of:
        name += "-as-of-" + project.as_of[:19].replace(":", "").replace("-", "")
    return (folder or Path.cwd()) / f"{name}{EXTENSIONS[fmt]}"


def write_report(project, fmt: str, path: str | Path, *, data=None) -> Path:
    """Write one report of an open project (current or ``as_of``) to ``path``, atomically."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "pdf":
        from synth.report.pdf import find_browser, missing_message

        if find_browser() is None:  # say so before anything is gathered or written
            raise ReportError(missing_message())
    if data is None:
        from synth.report.gather import gather

        data = gather(project)
    if fmt == "pdf":
        from synth.report.pdf import write_pdf

        return atomic_write(Path(path), lambda tmp: write_pdf(data, tmp, label=path))
    return atomic_write(Path(path), render(data, fmt))


def write_all(project, out_dir: str | Path) -> list[Path]:
    """report.md, report.html, synthesis.xlsx, project.qdpx and themes.json in ``out_dir``."""
    from synth.report.gather import gather
    from synth.report.html import to_html
    from synth.report.markdown import markdown_lines, to_markdown

    out = Path(out_dir)
    data = gather(project)
    lines = markdown_lines(data)  # built once for report.md and report.html
    written = [
        atomic_write(out / ALL_FILES["md"], _text(to_markdown(data, lines=lines))),
        atomic_write(out / ALL_FILES["html"], _text(to_html(data, lines))),
    ]
    del lines
    written += [write_report(project, fmt, out / ALL_FILES[fmt], data=data) for fmt in ("xlsx", "qdpx")]
    from synth.report.json_text import dumps_indented

    text = dumps_indented(_themes_json(project, data)) + "\n"  # json.dumps(indent=2)'s text, faster
    written.append(atomic_write(out / "themes.json", _text(text)))
    return written


def _themes_json(project, data) -> dict:
    """themes.json (DESIGN.md): the themes exporter's shape of the project's state."""
    from synth.themes.export import themes_json

    return themes_json(project.state)
