"""Step 1 of a synthesis: read case study forms and place each answer under a template field.

:func:`read_form` reads one file (Markdown, text, Word, CSV or Excel) into
:class:`ExtractedCase` s, one per form (a spreadsheet export holds one per
row); :func:`read_forms` reads files and folders and collects what failed
instead of stopping. Bad input raises :class:`FormError`, whose message is one
line naming the file, so the command line and the TUI can show it as it is.

Readers and their parsing libraries are imported when first used, so
``import synth.extract`` stays cheap for the modules that only need the types.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from synth.extract.errors import FormError as FormError
from synth.model import FieldMatch, Template, Unplaced
from synth.state import matches_to_dict, unplaced_to_list

#: The default largest form file read, in MB (a project's ``max_import_mb`` setting overrides it).
#: An 800-word form is about 5 KB as text and 40 KB as .docx; a Forms export of
#: hundreds of rows stays under 5 MB. 20 MB leaves room for pictures pasted into
#: Word while refusing the video or database dump that was dropped into the folder.
DEFAULT_MAX_MB = 20

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ExtractedCase:
    """One case study found in a file (or in one row of a spreadsheet export)."""

    title: str
    source: str
    format: str
    fields: dict[str, str]
    matches: dict[str, FieldMatch]
    unplaced: list[Unplaced]
    attributes: dict[str, str]
    row: int | None
    sha256: str
    title_from: str = ""  # heading | title style | first line | label | column | front matter | file name
    decisions: tuple[dict, ...] = field(default=())  # every heading's matching decision, in form order

    @property
    def label(self) -> str:
        """Where the case came from, for messages: ``forms/x.xlsx row 3``."""
        return f"{self.source} row {self.row}" if self.row is not None else self.source


def _stem_title(path: Path) -> str:
    stem = path.stem.replace("_", " ").replace("-", " ").strip()
    stem = " ".join(stem.split())
    return stem[:1].upper() + stem[1:] if stem else path.name


def _reason_for(path: Path, exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def read_form(path: str | Path, template: Template, *, max_mb: float = DEFAULT_MAX_MB) -> list[ExtractedCase]:
    """Read one form file; raise :class:`FormError` when it cannot be read.

    Refused with a reason: a missing, empty or unreadable file, one over
    ``max_mb`` MB, binary data in a text file, a truncated or damaged .docx or
    .xlsx, a format synth does not read, and a file in which no answer could
    be placed under any template heading.
    """
    from synth.extract.readers import UNSUPPORTED, read_bytes, sniff_format

    p = Path(path)
    where = str(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise FormError(f"{where}: file not found", where) from None
    except OSError as exc:
        raise FormError(f"{where}: unreadable ({_reason_for(p, exc)})", where) from None
    if p.is_dir():
        raise FormError(f"{where}: is a folder, not a form", where)
    if st.st_size == 0:
        raise FormError(f"{where}: empty file", where)
    limit = max_mb * 1024 * 1024
    if st.st_size > limit:
        raise FormError(
            f"{where}: too big ({st.st_size / 1024 / 1024:.1f} MB; the limit is {max_mb:g} MB, project setting max_import_mb)",
            where,
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise FormError(f"{where}: unreadable ({_reason_for(p, exc)})", where) from None
    if not data.strip():
        raise FormError(f"{where}: empty file (only blank space)", where)
    fmt = sniff_format(p.suffix, data)
    if fmt is None:
        reason = UNSUPPORTED.get(p.suffix.lower(), "not a form format synth reads (.md, .txt, .docx, .csv, .xlsx)")
        raise FormError(f"{where}: {reason}", where)
    sha = hashlib.sha256(data).hexdigest()
    try:
        found = read_bytes(data, fmt, where, template, _stem_title(p))
    except FormError as exc:
        exc.path = where
        raise
    except RecursionError:
        raise FormError(f"{where}: unreadable {fmt} file (nested too deeply)", where) from None
    except Exception as exc:
        detail = " ".join(str(exc).split())[:120]
        raise FormError(f"{where}: unreadable {fmt} file ({type(exc).__name__}: {detail})", where) from None
    cases = [
        ExtractedCase(
            title=a.title,
            source=where,
            format=fmt,
            fields=a.fields,
            matches=a.matches,
            unplaced=list(a.unplaced),
            attributes=a.attributes,
            row=row,
            sha256=sha,
            title_from=a.title_from,
            decisions=tuple(a.decisions),
        )
        for a, row in found
    ]
    if not any(c.fields for c in cases):
        if fmt in ("csv", "xlsx"):
            raise FormError(f"{where}: no column matches a question of template {template.id!r}", where)
        raise FormError(
            f"{where}: no answer under any heading of template {template.id!r} (is it a case study form?)", where
        )
    return cases


def _skip_in_folder(path: Path) -> bool:
    name = path.name
    return name.startswith((".", "~$", "_")) or name.lower().startswith(("readme", "license", "licence", "changelog"))


def form_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Expand files and folders into the form files to read, and the folder files left aside.

    A file named on the command line is always read (a wrong one fails with a
    reason). In a folder, files with a form extension (or one synth knows but
    does not read, like .pdf, so the team hears about it) are taken, in sorted
    order, recursively; hidden files, Office lock files (``~$...``) and
    READMEs are left aside, as is anything else (images, JSON...).
    """
    from synth.extract.readers import FORMATS, UNSUPPORTED

    files: list[Path] = []
    ignored: list[Path] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = os.path.normcase(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if not child.is_file() or any(part.startswith(".") for part in child.relative_to(p).parts):
                    continue
                if _skip_in_folder(child) or child.suffix.lower() not in FORMATS | UNSUPPORTED:
                    ignored.append(child)
                    continue
                add(child)
        else:
            add(p)
    return files, ignored


def read_forms(
    paths: Iterable[str | Path],
    template: Template,
    progress: Progress | None = None,
    *,
    max_mb: float = DEFAULT_MAX_MB,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[list[ExtractedCase], list[FormError]]:
    """Read files and folders (sorted); return the cases found and the files that failed."""
    files, _ = form_paths(paths)
    cases: list[ExtractedCase] = []
    errors: list[FormError] = []
    total = len(files)
    for done, p in enumerate(files):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(done, total, str(p))
        try:
            cases.extend(read_form(p, template, max_mb=max_mb))
        except FormError as exc:
            errors.append(exc)
    if progress is not None:
        progress(total, total, "")
    return cases, errors


def extracted_to_json(cases: Iterable[ExtractedCase]) -> list[dict]:
    """The ``synth extract --json`` format of DESIGN.md, plus where each answer came from."""
    return [
        {
            "title": c.title,
            "source": c.source,
            "row": c.row,
            "format": c.format,
            "sha256": c.sha256,
            "title_from": c.title_from,
            "fields": dict(c.fields),
            "matches": matches_to_dict(c.matches),
            "unplaced": unplaced_to_list(c.unplaced),
            "attributes": dict(c.attributes),
        }
        for c in cases
    ]
