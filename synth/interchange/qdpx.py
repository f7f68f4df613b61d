"""Read a REFI-QDA project (``.qdpx``, or a bare ``project.qde``) into plain data, safely.

A ``.qdpx`` is a zip holding ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``) and ``sources/`` with each text source as a
``.txt`` file. What is read: users, the code tree (names, colours,
descriptions, ``isCodable``), text sources (``TextSource``, and the text
``Representation`` of a ``PDFSource``) with their ``PlainTextSelection``
codings, notes and what they are attached to, and sets of codes.

The dialects differ in small ways, learnt from QualCoder's REFI-QDA import and
export, MAXQDA and ATLAS.ti files: text files written with a UTF-8 byte order
mark, CRLF line ends (positions counted with or without the CR), the coded
text repeated in the selection's ``name`` (QualCoder) or not at all (ATLAS.ti,
MAXQDA), codes nested inside codable codes or under non-codable categories,
notes as ``PlainTextContent`` or as a text file in ``sources/``. Positions
are Unicode code points from 0, end exclusive; where the file repeats the
coded text, each span is checked against it and an end counted inclusively
or with CRs is put right.

Safety: member sizes are read from the zip directory and checked before any
member is read (a zip bomb is refused unread); the XML is refused if it
declares a DTD or entities (no entity expansion ever happens); a bad file
raises :class:`~synth.interchange.InterchangeError`, one line naming it.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from synth.interchange import InterchangeError

#: Largest ``project.qde`` read, and largest total of the text members read, in bytes.
MAX_QDE = 256 * 1024 * 1024
MAX_TEXT = 512 * 1024 * 1024
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass
class Code:
    guid: str
    name: str
    parent: str | None  # the guid of the code it is nested in
    codable: bool = True
    colour: str = ""
    description: str = ""
    notes: list[str] = field(default_factory=list)  # note guids (NoteRef)


@dataclass
class Selection:
    guid: str
    start: int  # code points in the source's (LF-normalised) text
    end: int
    codes: list[str]  # code guids
    user: str = ""  # user guid
    name: str = ""
    description: str = ""
    adjusted: str = ""  # how the span was put right, when it was


@dataclass
class Source:
    guid: str
    name: str
    text: str
    member: str = ""  # the zip member it was read from
    description: str = ""
    user: str = ""
    created: str = ""
    selections: list[Selection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)  # variable name -> value
    cases: list[str] = field(default_factory=list)  # the REFI-QDA cases it belongs to, by name


@dataclass
class Note:
    guid: str
    name: str
    text: str
    user: str = ""
    created: str = ""


@dataclass
class QdpxProject:
    """Everything synth takes from a REFI-QDA project, in document order."""

    path: str
    sha256: str
    name: str
    origin: str
    users: dict[str, str]  # guid -> name
    codes: list[Code]
    sources: list[Source]
    notes: list[Note]
    sets: list[tuple[str, str, list[str]]]  # (name, description, member code guids)
    project_notes: list[str]  # note guids referred to from the project itself
    description: str = ""
    skipped: list[str] = field(default_factory=list)  # what could not be brought in, one line each
    variables: dict[str, str] = field(default_factory=dict)  # guid -> name
    declared_sources: int = 0  # source elements in the file, of any kind, read or not
    declared_codings: int = 0  # code references under them

    @property
    def codings(self) -> int:
        return sum(len(s.codes) for src in self.sources for s in src.selections)

    def code(self, guid: str) -> Code | None:
        return self._by_guid().get(guid)

    def _by_guid(self) -> dict[str, Code]:
        cache = getattr(self, "_codes_cache", None)
        if cache is None or len(cache) != len(self.codes):
            cache = {c.guid: c for c in self.codes}
            self._codes_cache = cache
        return cache

    def path_of(self, guid: str) -> tuple[str, ...]:
        """The names from the outermost parent down to the code itself."""
        names: list[str] = []
        seen: set[str] = set()
        current = self.code(guid)
        while current is not None and current.guid not in seen:
            seen.add(current.guid)
            names.append(current.name)
            current = self.code(current.parent) if current.parent else None
        return tuple(reversed(names))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def _child_text(el: ET.Element, name: str) -> str:
    for c in el:
        if _local(c.tag) == name:
            return c.text or ""
    return ""


def _guid(value: str | None) -> str:
    """GUIDs compare without braces and case (``{ABC-...}`` and ``abc-...`` are one)."""
    return (value or "").strip().strip("{}").lower()


def parse_xml(raw: bytes, where: str) -> ET.Element:
    """Parse XML bytes, refusing a DTD or entity declarations (so nothing is ever expanded)."""
    text = _decode(raw, where, "XML")
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise InterchangeError(f"{where}: the XML declares a DTD or entities, which synth does not read", where)
    text = _XML_DECL.sub("", text, count=1)  # the text is decoded already; its encoding declaration would mislead
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        raise InterchangeError(f"{where}: not well-formed XML ({exc})", where) from None


def _decode(raw: bytes, where: str, what: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise InterchangeError(f"{where}: {what} is neither UTF-8 nor Windows-1252 text", where) from None


class _Archive:
    """The members of a ``.qdpx`` by lowercased name, their sizes checked before anything is read."""

    def __init__(self, path: Path, where: str):
        self.where = where
        try:
            self.zf = zipfile.ZipFile(path)
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InterchangeError(f"{where}: not a readable .qdpx zip ({exc})", where) from None
        self.infos = {i.filename.replace("\\", "/").lower(): i for i in infos if not i.is_dir()}
        self.text_read = 0

    def qde(self) -> bytes:
        names = [n for n in self.infos if n.endswith(".qde")]
        if not names:
            raise InterchangeError(f"{self.where}: a zip without a project.qde, not a REFI-QDA project", self.where)
        name = "project.qde" if "project.qde" in names else min(names, key=lambda n: (n.count("/"), n))
        return self._read(self.infos[name], MAX_QDE)

    def source(self, internal: str) -> tuple[str, bytes] | None:
        """The bytes of ``internal://NAME`` (under ``sources/``, any case), or None when absent."""
        name = internal.split("internal://", 1)[-1].lstrip("/").replace("\\", "/").lower()
        for candidate in (f"sources/{name}", name):
            info = self.infos.get(candidate)
            if info is not None:
                data = self._read(info, MAX_TEXT - self.text_read)
                self.text_read += len(data)
                return info.filename, data
        return None

    def _read(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        if info.file_size > limit:
            raise InterchangeError(
                f"{self.where}: member {info.filename} unpacks to {info.file_size // (1024 * 1024)} MB, more than synth will open",
                self.where,
            )
        try:
            with self.zf.open(info) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise InterchangeError(f"{self.where}: damaged member {info.filename} ({exc})", self.where) from None
        except Exception as exc:  # zlib.error from a damaged stream
            raise InterchangeError(
                f"{self.where}: damaged member {info.filename} ({type(exc).__name__})", self.where
            ) from None
        if len(data) > limit:
            raise InterchangeError(
                f"{self.where}: member {info.filename} is bigger than its zip entry says", self.where
            )
        return data


def read_qdpx(path: str | Path) -> QdpxProject:
    """Read a ``.qdpx`` (or a bare ``.qde`` XML file) into a :class:`QdpxProject`."""
    p = Path(path)
    where = str(path)
    if not p.is_file():
        raise InterchangeError(f"{where}: file not found", where)
    try:
        with open(p, "rb") as fh:
            sha = hashlib.sha256()
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                sha.update(chunk)
    except OSError as exc:
        raise InterchangeError(f"{where}: unreadable ({exc.strerror or exc})", where) from None
    archive: _Archive | None = None
    if zipfile.is_zipfile(p):
        archive = _Archive(p, where)
        raw = archive.qde()
    else:
        with open(p, "rb") as fh:
            if fh.read(2) == b"PK":
                raise InterchangeError(f"{where}: not a readable .qdpx zip (truncated or damaged)", where)
        if p.stat().st_size > MAX_QDE:
            raise InterchangeError(f"{where}: too big for a project.qde", where)
        raw = p.read_bytes()
    root = parse_xml(raw, where)
    if _local(root.tag) != "Project":
        raise InterchangeError(f"{where}: not a REFI-QDA project (root element <{_local(root.tag)}>)", where)
    project = QdpxProject(
        path=where,
        sha256=sha.hexdigest(),
        name=" ".join((root.get("name") or "").split()),
        origin=" ".join((root.get("origin") or "").split()),
        users={},
        codes=[],
        sources=[],
        notes=[],
        sets=[],
        project_notes=[],
    )
    cases: list[ET.Element] = []
    for el in root:
        kind = _local(el.tag)
        if kind == "Users":
            for u in _children(el, "User"):
                project.users[_guid(u.get("guid"))] = " ".join((u.get("name") or u.get("id") or "").split())
        elif kind == "CodeBook":
            for codes in _children(el, "Codes"):
                _codes(codes, None, project)
        elif kind == "Sources":
            for src in el:
                project.declared_sources += 1
                project.declared_codings += len(src.findall(".//{*}CodeRef"))
                _source(src, project, archive)
        elif kind == "Notes":
            for n in _children(el, "Note"):
                _note(n, project, archive)
        elif kind == "Variables":
            for v in _children(el, "Variable"):
                project.variables[_guid(v.get("guid"))] = " ".join((v.get("name") or "").split())
        elif kind == "Cases":
            cases = list(_children(el, "Case"))
        elif kind == "Sets":
            for s in _children(el, "Set"):
                members = [_guid(m.get("targetGUID") or m.get("guid")) for m in _children(s, "MemberCode")]
                project.sets.append((s.get("name") or "", _child_text(s, "Description"), members))
        elif kind == "Description":
            project.description = el.text or ""
        elif kind == "NoteRef":
            project.project_notes.append(_guid(el.get("targetGUID")))
    if archive is not None:
        archive.zf.close()
    _case_attributes(cases, project)
    return project


def _values(el: ET.Element, project: QdpxProject) -> dict[str, str]:
    """An element's ``VariableValue`` children as name -> value (any of the standard's value types)."""
    out: dict[str, str] = {}
    for vv in _children(el, "VariableValue"):
        ref = next((_guid(r.get("targetGUID")) for r in _children(vv, "VariableRef")), "")
        name = project.variables.get(ref) or ref
        value = next((c.text or "" for c in vv if _local(c.tag).endswith("Value")), "")
        if name and value.strip():
            out[name] = value.strip()
    return out


def _case_attributes(cases: list[ET.Element], project: QdpxProject) -> None:
    """A REFI case's variables become attributes of the sources it holds, and each source lists its cases."""
    by_guid = {s.guid: s for s in project.sources}
    for case in cases:
        name = " ".join((case.get("name") or "").split())
        values = _values(case, project)
        for ref in _children(case, "SourceRef"):
            src = by_guid.get(_guid(ref.get("targetGUID")))
            if src is None:
                continue
            if name and name not in src.cases:
                src.cases.append(name)
            for k, v in values.items():
                src.attributes.setdefault(k, v)


def _codes(parent: ET.Element, parent_guid: str | None, project: QdpxProject) -> None:
    for el in _children(parent, "Code"):
        guid = _guid(el.get("guid")) or f"code-{len(project.codes)}"
        name = " ".join((el.get("name") or "").split())
        codable = (el.get("isCodable") or "true").strip().lower() not in ("false", "0")
        code = Code(
            guid=guid,
            name=name or "(unnamed code)",
            parent=parent_guid,
            codable=codable,
            colour=(el.get("color") or "").strip(),
            description=_child_text(el, "Description").strip(),
            notes=[_guid(n.get("targetGUID")) for n in _children(el, "NoteRef")],
        )
        project.codes.append(code)
        _codes(el, guid, project)


def _text_of(el: ET.Element, project: QdpxProject, archive: _Archive | None, what: str) -> tuple[str, str] | None:
    """The plain text of a source or note: inline ``PlainTextContent`` or its ``plainTextPath`` file."""
    inline = next((c for c in el if _local(c.tag) == "PlainTextContent"), None)
    if inline is not None:
        return inline.text or "", ""
    path = el.get("plainTextPath") or ""
    if not path:
        return None
    if not path.lower().startswith("internal://"):
        project.skipped.append(f"{what}: its text is outside the project file ({path}), not imported")
        return None
    found = archive.source(path) if archive is not None else None
    if found is None:
        project.skipped.append(f"{what}: {path} is missing from the .qdpx, not imported")
        return None
    member, data = found
    return _decode(data, f"{project.path}: {member}", "the text"), member


def _source(el: ET.Element, project: QdpxProject, archive: _Archive | None) -> None:
    kind = _local(el.tag)
    name = " ".join((el.get("name") or "").split()) or f"source {len(project.sources) + 1}"
    what = f"{kind} {name!r}"
    holder = el
    if kind == "PDFSource":
        holder = next((c for c in el if _local(c.tag) == "Representation"), None)
        if holder is None:
            project.skipped.append(f"{what}: a PDF without a text representation, not imported")
            return
    elif kind != "TextSource":
        coded = len(_children(el, "PictureSelection")) + len(_children(el, "AudioSelection"))
        coded += len(_children(el, "VideoSelection"))
        project.skipped.append(
            f"{what}: synth reads text sources only; not imported" + (f" ({coded} coded segment(s))" if coded else "")
        )
        return
    found = _text_of(holder, project, archive, what)
    if found is None:
        if not holder.get("plainTextPath"):
            project.skipped.append(
                f"{what}: no plain text (only {holder.get('richTextPath') or 'a rich text'}), not imported"
            )
        return
    raw_text, member = found
    text = raw_text.replace("\r\n", "\n").replace("\r", "\n")
    source = Source(
        guid=_guid(el.get("guid")),
        name=name,
        text=text,
        member=member,
        description=_child_text(el, "Description").strip(),
        user=_guid(el.get("creatingUser")),
        created=el.get("creationDateTime") or "",
        notes=[_guid(n.get("targetGUID")) for n in _children(el, "NoteRef")],
        attributes=_values(el, project),
    )
    for sel in _children(holder, "PlainTextSelection"):
        selection = _selection(sel, raw_text, text, project, what)
        if selection is not None:
            source.selections.append(selection)
            # a note on a quotation (ATLAS.ti's comment, NVivo's annotation) is a note on the source
            source.notes += [_guid(n.get("targetGUID")) for n in _children(sel, "NoteRef")]
    whole = [_guid(ref.get("targetGUID")) for c in _children(holder, "Coding") for ref in _children(c, "CodeRef")]
    if whole:  # the whole source coded at once
        source.selections.append(Selection(guid=f"{source.guid}:whole", start=0, end=len(text), codes=whole))
    project.sources.append(source)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _fits(got: str, name: str) -> bool:
    """The selection's ``name`` repeats its text (in full, or its start: synth cuts it at 80 characters)."""
    a, b = _norm(got), _norm(name)
    return bool(b) and (a == b or (len(b) >= 20 and a.startswith(b)))


def _lf_position(raw: str, pos: int) -> int:
    """A position counted in the text with CRLF line ends, in the same text with LF ends."""
    head = raw[:pos]
    return pos - head.count("\r\n") - (1 if head.endswith("\r") and raw[pos : pos + 1] == "\n" else 0)


def _selection(el: ET.Element, raw: str, text: str, project: QdpxProject, what: str) -> Selection | None:
    try:
        start, end = int(el.get("startPosition", "")), int(el.get("endPosition", ""))
    except ValueError:
        project.skipped.append(f"{what}: a selection without numeric positions, not imported")
        return None
    codes = [_guid(ref.get("targetGUID")) for c in _children(el, "Coding") for ref in _children(c, "CodeRef")]
    name = el.get("name") or ""
    adjusted = ""
    crlf = "\r" in raw
    candidates = [(start, end, "")]
    if crlf:
        candidates.append((_lf_position(raw, start), _lf_position(raw, end), "positions counted CRLF line ends"))
    candidates.append((start, end + 1, "end position counted inclusively"))
    if name.strip():
        for s, e, how in candidates:
            if 0 <= s <= e <= len(text) and _fits(text[s:e], name):
                start, end, adjusted = s, e, how
                break
    elif crlf:
        start, end = candidates[1][0], candidates[1][1]
    if not (0 <= start <= end <= len(text)):
        project.skipped.append(
            f"{what}: a selection at {start}-{end} lies outside the text ({len(text)} characters), not imported"
        )
        return None
    user = _guid(el.get("creatingUser")) or next(
        (_guid(c.get("creatingUser")) for c in _children(el, "Coding") if c.get("creatingUser")), ""
    )
    return Selection(
        guid=_guid(el.get("guid")),
        start=start,
        end=end,
        codes=codes,
        user=user,
        name=name,
        description=_child_text(el, "Description").strip(),
        adjusted=adjusted,
    )


def _note(el: ET.Element, project: QdpxProject, archive: _Archive | None) -> None:
    name = " ".join((el.get("name") or "").split())
    found = _text_of(el, project, archive, f"note {name!r}")
    text = (found[0] if found else "") or _child_text(el, "Description")
    project.notes.append(
        Note(
            guid=_guid(el.get("guid")),
            name=name,
            text=text.replace("\r\n", "\n").strip(),
            user=_guid(el.get("creatingUser")),
            created=el.get("creationDateTime") or "",
        )
    )
