"""Reading REFI-QDA codebooks (``.qdc``, and the codebook inside a ``.qdpx``/``.qde``).

Step 2 loads codebooks and the REFI-QDA import reads them back; both sit below the report
layer that writes them, so the reading lives here, where either may import it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from synth.model import CodebookEntry

HEADING_LINE = re.compile(r"^Heading:\s*(?P<heading>.*?)\s*\[(?P<id>[a-z][a-z0-9_]*)\]\s*$")

#: The groups synth writes around its own codes; read back as structure, not as codes.
SYNTH_GROUPS = ("Themes not in a general theme", "Codebook codes not yet applied", "No themes yet")


class CodebookError(Exception):
    """A codebook file could not be read; the message names the file and the problem."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_qdc(path: str | Path) -> list[CodebookEntry]:
    """The codes of a REFI-QDA codebook (``.qdc``; a ``.qdpx`` or ``.qde`` project's codebook works too).

    Every code becomes an entry, in document order, with its parents' names,
    its colour, and ``codable=False`` for a category; a description's
    ``Include:``, ``Exclude:``, ``Example:`` and ``Heading: ... [field_id]``
    lines fill those fields of the entry, the rest is its definition. A name
    may repeat under another parent or heading; the same place twice is read once.
    """
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                names = [n for n in zf.namelist() if n.lower().endswith(".qde")]
                if not names:
                    raise CodebookError(f"{path}: a zip without a project.qde, not a REFI-QDA project")
                raw = zf.read(names[0])
        else:
            raw = path.read_bytes()
    except FileNotFoundError:
        raise CodebookError(f"{path}: codebook file not found") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise CodebookError(f"{path}: cannot read codebook ({exc})") from exc
    if b"<!DOCTYPE" in raw[:2048].upper() or b"<!ENTITY" in raw.upper():
        raise CodebookError(f"{path}: codebook declares a DTD or entities, which synth does not read")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise CodebookError(f"{path}: not well-formed XML ({exc})") from exc
    if _local(root.tag) not in ("CodeBook", "Project"):
        raise CodebookError(f"{path}: not a REFI-QDA codebook (root element <{_local(root.tag)}>)")
    codes = next((el for el in root.iter() if _local(el.tag) == "Codes"), None)
    if codes is None:
        raise CodebookError(f"{path}: holds no <Codes>")
    return entries_of(codes, synth=(root.get("origin") or "").startswith("synth"))


def entries_of(codes: ET.Element, synth: bool = False) -> list[CodebookEntry]:
    """Every code under ``codes`` (a ``<Codes>`` element, or a root holding one), in document order.

    ``synth``: the file is synth's own, whose grouping codes (:data:`SYNTH_GROUPS`) are left out.
    """
    if _local(codes.tag) != "Codes":
        codes = next((el for el in codes.iter() if _local(el.tag) == "Codes"), codes)
    entries: list[CodebookEntry] = []
    seen: set[tuple[tuple[str, ...], str | None]] = set()

    def walk(parent: ET.Element, parents: tuple[str, ...]) -> None:
        for code in parent:
            if _local(code.tag) != "Code":
                continue
            if synth and not parents and code.get("name") in SYNTH_GROUPS and code.get("isCodable") == "false":
                walk(code, ())
                continue
            entry = _entry(code, parents)
            if entry is None:
                continue
            key = (tuple(p.casefold() for p in entry.path), entry.heading)
            if key not in seen:
                seen.add(key)
                entries.append(entry)
            walk(code, entry.path)

    walk(codes, ())
    return entries


def _entry(code: ET.Element, parents: tuple[str, ...] = ()) -> CodebookEntry | None:
    name = " ".join((code.get("name") or "").split())
    if not name:
        return None
    codable = (code.get("isCodable") or "true").strip().lower() not in ("false", "0")
    desc = next((el.text or "" for el in code if _local(el.tag) == "Description"), "")
    return CodebookEntry(
        **description_fields(name, desc),
        parents=parents,
        colour=(code.get("color") or "").strip(),
        codable=codable,
    )


def description_fields(name: str, desc: str) -> dict:
    """A code's name and description read as synth writes them: ``Include:``, ``Exclude:``, ``Example:`` and
    ``Heading: ... [field_id]`` lines, the rest the definition; a theme's name loses its ``(Heading)`` suffix."""
    definition: list[str] = []
    include = exclude = ""
    examples: list[str] = []
    heading: str | None = None
    heading_label = ""
    for line in desc.splitlines():
        stripped = line.strip()
        low = stripped.lower()
        m = HEADING_LINE.match(stripped)
        if m:
            heading, heading_label = m.group("id"), m.group("heading")
        elif low.startswith(("include:", "inclusion:")):
            include = stripped.split(":", 1)[1].strip()
        elif low.startswith(("exclude:", "exclusion:")):
            exclude = stripped.split(":", 1)[1].strip()
        elif low.startswith(("example:", "examples:")):
            examples.append(stripped.split(":", 1)[1].strip())
        elif low.startswith(("projects:", "general theme:", "machine draft")):
            continue
        elif stripped:
            definition.append(stripped)
    if heading_label and name.endswith(f" ({heading_label})"):
        name = name[: -len(heading_label) - 3].strip() or name
    return {
        "name": name,
        "definition": " ".join(definition),
        "include": include,
        "exclude": exclude,
        "examples": tuple(e for e in examples if e),
        "heading": heading,
    }
