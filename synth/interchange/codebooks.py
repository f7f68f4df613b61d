"""Write a synthesis's codebook in the shapes other tools read back.

The codes are those of the ``.qdc`` (:func:`synth.report.refi.codebook_entries`):
general themes with their member themes, themes in no general theme, and the
codebook's codes not yet applied, each with its definition.

* **Taguette** (``tag,description`` CSV, the columns Taguette's codebook import
  reads and its export writes; Taguette has no hierarchy, so a theme's tag
  keeps its heading, ``Volunteers (Participants)``, and a name used twice keeps
  its parent, ``Barriers / Other``);
* **QualCoder** (CSV rows ``Category>>Code,memo`` with no header, the shape
  QualCoder's code organiser imports; categories come from the paths).

Both read back into synth with :func:`synth.themes.codebook.load_codebook`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from synth.model import CodebookEntry
from synth.themes.codebook import QUALCODER_SEPARATOR

SHAPES = ("taguette", "qualcoder")


def _display(entry: CodebookEntry, heading_of) -> str:
    return f"{entry.name} ({heading_of(entry.heading)})" if entry.heading else entry.name


def taguette_csv(entries: list[CodebookEntry], heading_of=lambda f: f) -> str:
    """``tag,description`` rows, one per codable code."""
    codable = [e for e in entries if e.codable]
    names = [_display(e, heading_of).casefold() for e in codable]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["tag", "description"])
    seen: set[str] = set()
    for e, name in zip(codable, names, strict=True):
        tag = _display(e, heading_of)
        if names.count(name) > 1 and e.parents:
            tag = f"{e.parents[-1]} / {tag}"
        if tag.casefold() in seen:
            continue
        seen.add(tag.casefold())
        writer.writerow([_safe(tag), _safe(e.definition)])
    return out.getvalue()


def qualcoder_csv(entries: list[CodebookEntry], heading_of=lambda f: f) -> str:
    """``Category>>Code,memo`` rows without a header. Categories come from the paths: QualCoder reads a row
    of its own as a free code, so a category's description has nowhere to go in this shape."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    seen: set[str] = set()
    for e in entries:
        path = QUALCODER_SEPARATOR.join(
            [*(p.replace(QUALCODER_SEPARATOR, ">") for p in e.parents), _display(e, heading_of)]
        )
        if not e.codable or path in seen:
            continue
        seen.add(path)
        writer.writerow([_safe(path), _safe(e.definition)])
    return out.getvalue()


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_codebook(data, path: Path, shape: str) -> None:
    """Write the report data's codebook to ``path`` in ``shape`` (``taguette``, ``qualcoder`` or ``qdc``)."""
    from synth.report.refi import codebook_entries, write_qdc

    if shape == "qdc":
        write_qdc(data, path)
        return
    entries = codebook_entries(data)
    # theme names in the .qdc already end in "(Heading)"; the entries have it stripped and the heading kept
    text = taguette_csv(entries, data.heading) if shape == "taguette" else qualcoder_csv(entries, data.heading)
    path.write_text(text, encoding="utf-8")
