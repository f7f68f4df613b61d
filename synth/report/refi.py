"""REFI-QDA interchange: a ``.qdpx`` project, a ``.qdc`` codebook, and codebook import.

A ``.qdpx`` is a zip holding ``project.qde`` (XML, namespace
``urn:QDA-XML:project:1.0``) and ``sources/``: here one plain-text source per
case study holding its answers, each followed by its uniform summary, so that
every coding (on the answer or on the summary) becomes a PlainTextSelection
whose code-point offsets land on the words that were coded. The codebook has
the general themes as codes with their member themes nested; themes in no
general theme sit under one non-codable parent. Sets repeat the grouping by
general theme (a theme may belong to several) and by extraction heading.

GUIDs are uuid5 values derived from synth's own ids and the project's first
trail event, so exporting the same state twice gives the same file, and two
projects never share a GUID.
"""

from __future__ import annotations

import hashlib
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from synth.interchange.qdc import CodebookError as CodebookError
from synth.interchange.qdc import description_fields as description_fields
from synth.interchange.qdc import entries_of as entries_of
from synth.interchange.qdc import read_qdc as read_qdc
from synth.model import CodebookEntry
from synth.report.gather import ReportData, ThemeEntry, unapplied_codes

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: The grouping codes synth writes around its themes and codebook codes: not codes of the codebook themselves.


def _x(text: object) -> str:
    """Text XML 1.0 can carry."""
    return _XML_ILLEGAL.sub("", str(text))


class Guids:
    """Stable GUIDs for one project's things."""

    def __init__(self, data: ReportData) -> None:
        seed = data.events[0].hash if data.events else data.name
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"synth:project:{seed}")

        self._prefix = self.namespace.bytes
        self._seen: dict[tuple[str, str], str] = {}

    def __call__(self, kind: str, key: str) -> str:
        """``uuid5(namespace, "kind:key")``, remembered: a theme or analyst is referred to thousands of times."""
        found = self._seen.get((kind, key))
        if found is None:
            digest = bytearray(hashlib.sha1(self._prefix + f"{kind}:{key}".encode()).digest()[:16])
            digest[6] = (digest[6] & 0x0F) | 0x50
            digest[8] = (digest[8] & 0x3F) | 0x80
            h = digest.hex()
            found = self._seen[(kind, key)] = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        return found


# -- the source text of a case ---------------------------------------------------------------


@dataclass(frozen=True)
class SourceText:
    """One case's plain-text source and where each answer and summary starts in it."""

    text: str
    offsets: dict[tuple[str, str], tuple[int, int]]  # (field id, "answer" | "summary") -> (start, end)


def source_text(data: ReportData, case_id: str) -> SourceText:
    """The case's answers under their headings, each followed by its summary when there is one."""
    case = data.case(case_id)  # by id: searching the cases for each case was 50 million steps at 10,000
    if case is None:
        raise KeyError(case_id)
    order = list(data.fields) + [
        f for f in (data.template.heading_ids if data.template else ()) if f not in data.fields
    ]
    order += [f for f in case.fields if f not in order]
    parts: list[str] = []
    offsets: dict[tuple[str, str], tuple[int, int]] = {}
    pos = 0

    def add(chunk: str, key: tuple[str, str] | None = None) -> None:
        nonlocal pos
        if key is not None:
            offsets[key] = (pos, pos + len(chunk))
        parts.append(chunk)
        pos += len(chunk)

    add(case.title + "\n")
    for f in order:
        answer = case.fields.get(f, "")
        summary = data.summaries.get((case_id, f))
        if not answer and summary is None:
            continue
        add("\n" + data.heading(f) + "\n")
        add(answer, (f, "answer"))
        add("\n")
        if summary is not None:
            add(f"\n{data.heading(f)}: uniform summary\n")
            add(summary.text, (f, "summary"))
            add("\n")
    return SourceText("".join(parts), offsets)


def coding_span(source: SourceText, coding) -> tuple[int, int] | None:
    """Where a coding lands in the source text, or None when its text is nowhere to be found."""
    where = source.offsets.get((coding.heading_id, coding.target))
    if where is None:
        return None
    base, stop = where
    segment = source.text[base:stop]
    start, end = coding.start, coding.end
    if 0 <= start <= end <= len(segment) and (not coding.text or segment[start:end] == coding.text):
        return base + start, base + end
    if coding.text:
        found = segment.find(coding.text)
        if found >= 0:
            return base + found, base + found + len(coding.text)
        return None
    start, end = max(0, min(start, len(segment))), max(0, min(end, len(segment)))
    return base + start, base + end


# -- the codebook -----------------------------------------------------------------------------


def _theme_code(parent: ET.Element, tag: str, data: ReportData, guid: Guids, t: ThemeEntry) -> None:
    code = ET.SubElement(
        parent, tag, guid=guid("theme", t.theme.id), name=_x(f"{t.theme.label} ({t.heading})"), isCodable="true"
    )
    lines = [t.theme.definition.strip()] if t.theme.definition.strip() else []
    lines.append(f"Heading: {t.heading} [{t.theme.heading}]")
    lines.append(f"Projects: {len(t.case_ids)} of {len(data.cases)}")
    if t.unreviewed:
        lines.append("Machine draft, not reviewed.")
    ET.SubElement(code, tag.removesuffix("Code") + "Description").text = _x("\n".join(lines))
    _note_refs(code, tag.removesuffix("Code"), data, guid, f"theme:{t.theme.id}")


def _note_refs(element: ET.Element, q: str, data: ReportData, guid: Guids, target: str) -> None:
    """NoteRefs to the memos written on ``target`` (project files only: a codebook carries no notes)."""
    if q != f"{{{PROJECT_NS}}}":
        return
    for m in data.memos:
        if m.target == target:
            ET.SubElement(element, q + "NoteRef", targetGUID=guid("memo", m.id))


def _codebook(parent: ET.Element, ns: str, data: ReportData, guid: Guids) -> None:
    q = f"{{{ns}}}"
    codes = ET.SubElement(parent, q + "Codes")
    placed: set[str] = set()
    for g in data.generals:
        code = ET.SubElement(
            codes, q + "Code", guid=guid("general", g.general.id), name=_x(g.general.label), isCodable="true"
        )
        text = g.general.definition.strip()
        extra = f"General theme: {len(g.case_ids)} of {len(data.cases)} projects, {len(g.members)} member themes."
        if g.unreviewed:
            extra += " Machine draft, not reviewed."
        ET.SubElement(code, q + "Description").text = _x(f"{text}\n{extra}" if text else extra)
        _note_refs(code, q, data, guid, f"general:{g.general.id}")
        for m in g.members:
            if m.theme.id in placed:
                continue
            placed.add(m.theme.id)
            _theme_code(code, q + "Code", data, guid, m)
    rest = [t for t in data.all_themes() if t.theme.id not in placed]
    if rest:
        group = ET.SubElement(
            codes, q + "Code", guid=guid("group", "uncollated"), name="Themes not in a general theme", isCodable="false"
        )
        ET.SubElement(
            group, q + "Description"
        ).text = "Themes of single headings that were not collated into a general theme."
        for t in rest:
            _theme_code(group, q + "Code", data, guid, t)
    unused = unapplied_codes(data)
    if unused:
        group = ET.SubElement(
            codes, q + "Code", guid=guid("group", "codebook"), name="Codebook codes not yet applied", isCodable="false"
        )
        ET.SubElement(group, q + "Description").text = "Codes of the project's codebook that no theme uses yet."
        _codebook_tree(group, q, data, guid, unused)
    if not data.generals and not rest and not unused:
        ET.SubElement(codes, q + "Code", guid=guid("group", "empty"), name="No themes yet", isCodable="false")


def _codebook_tree(group: ET.Element, q: str, data: ReportData, guid: Guids, entries: list[CodebookEntry]) -> None:
    """The codebook's codes nested as its tree: a code under its parents (a parent not in the codebook is a category).

    One name may stand twice in one place when it is tied to two headings ("Volunteers" of participants and of
    enablers and barriers, both under "Volunteering"): both are written; children go under the one tied to none.
    """
    owners: dict[tuple[str, ...], CodebookEntry] = {}
    for e in entries:
        if e.path not in owners or (e.heading is None and owners[e.path].heading is not None):
            owners[e.path] = e
    nodes: dict[tuple[str, ...], ET.Element] = {}  # path -> the element children go under
    written: set[int] = set()

    def write(parent: ET.Element, e: CodebookEntry) -> ET.Element:
        written.add(id(e))
        element = _codebook_code(parent, q, data, guid, e)
        if owners.get(e.path) is e:
            nodes[e.path] = element
        return element

    for e in entries:
        if id(e) in written:
            continue
        parent = group
        for depth in range(1, len(e.parents) + 1):
            key = e.parents[:depth]
            element = nodes.get(key)
            if element is None:
                owner = owners.get(key)
                if owner is not None and id(owner) not in written:
                    element = write(parent, owner)
                else:
                    element = ET.SubElement(
                        parent, q + "Code", guid=guid("code", "/".join(key)), name=_x(key[-1]), isCodable="false"
                    )
                    nodes[key] = element
            parent = element
        write(parent, e)


def _codebook_code(parent: ET.Element, q: str, data: ReportData, guid: Guids, e: CodebookEntry) -> ET.Element:
    """A code of the analysts' codebook, its description in the lines :func:`read_qdc` reads back."""
    key = "/".join(e.path) if e.parents else e.name
    code = ET.SubElement(
        parent,
        q + "Code",
        guid=guid("code", f"{e.heading}:{key}"),
        name=_x(e.name),
        isCodable="true" if e.codable else "false",
    )
    if e.colour:
        code.set("color", _x(e.colour))
    lines = [e.definition.strip()] if e.definition.strip() else []
    if e.include:
        lines.append(f"Include: {e.include}")
    if e.exclude:
        lines.append(f"Exclude: {e.exclude}")
    lines += [f"Example: {x}" for x in e.examples]
    if e.heading:
        lines.append(f"Heading: {data.heading(e.heading)} [{e.heading}]")
    if lines:
        ET.SubElement(code, q + "Description").text = _x("\n".join(" ".join(line.split()) for line in lines))
    return code


def _sets(parent: ET.Element, ns: str, data: ReportData, guid: Guids) -> None:
    q = f"{{{ns}}}"
    groups: list[tuple[str, str, str, list[str]]] = []
    for g in data.generals:
        members = [guid("theme", m.theme.id) for m in g.members]
        if members:
            groups.append((guid("set-general", g.general.id), f"General theme: {g.general.label}", "", members))
    for f in data.headings:
        members = [guid("theme", t.theme.id) for t in data.themes.get(f, ())]
        if members:
            groups.append((guid("set-heading", f), f"Heading: {data.heading(f)}", data.question(f), members))
    if not groups:
        return
    sets = ET.SubElement(parent, q + "Sets")
    for gid, name, description, members in groups:
        s = ET.SubElement(sets, q + "Set", guid=gid, name=_x(name))
        if description:
            ET.SubElement(s, q + "Description").text = _x(description)
        attr = "guid" if ns == CODEBOOK_NS else "targetGUID"
        for m in members:
            ET.SubElement(s, q + "MemberCode", {attr: m})


def codebook_xml(data: ReportData) -> bytes:
    """The ``.qdc`` codebook (namespace ``urn:QDA-XML:codebook:1.0``)."""
    ET.register_namespace("", CODEBOOK_NS)
    guid = Guids(data)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", origin=_x(f"synth {data.version}"))
    _codebook(root, CODEBOOK_NS, data, guid)
    _sets(root, CODEBOOK_NS, data, guid)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# -- the project ------------------------------------------------------------------------------


def project_xml(data: ReportData) -> tuple[bytes, dict[str, str]]:
    """``project.qde`` and the source files it refers to (zip path -> text)."""
    files: dict[str, str] = {}
    root = project_tree(data, files.__setitem__)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), files


def project_tree(data: ReportData, add_source: Callable[[str, str], None]) -> ET.Element:
    """The ``project.qde`` element tree; each case's source text goes to ``add_source(zip path, text)`` as it is made."""
    ET.register_namespace("", PROJECT_NS)
    q = f"{{{PROJECT_NS}}}"
    guid = Guids(data)
    analysts = list(
        dict.fromkeys([*data.stats.analysts, *(c.analyst for t in data.all_themes() for c in t.codings if c.analyst)])
    )
    root = ET.Element(q + "Project", name=_x(data.name), origin=_x(f"synth {data.version}"))
    if data.events:
        root.set("creationDateTime", data.events[0].ts)
        root.set("modifiedDateTime", data.ts)
        root.set("creatingUserGUID", guid("user", data.events[0].analyst))
        root.set("modifyingUserGUID", guid("user", data.events[-1].analyst))
    if analysts:
        users = ET.SubElement(root, q + "Users")
        for a in analysts:
            ET.SubElement(users, q + "User", guid=guid("user", a), name=_x(a), id=_x(a))
    book = ET.SubElement(root, q + "CodeBook")
    _codebook(book, PROJECT_NS, data, guid)
    # case attributes (a Forms export's ID, times, e-mail...) as text variables, so other tools see them per source
    attributes = list(dict.fromkeys(k for c in data.cases for k in c.attributes))
    if attributes:
        variables = ET.SubElement(root, q + "Variables")
        for name in attributes:
            ET.SubElement(variables, q + "Variable", guid=guid("variable", name), name=_x(name), typeOfVariable="Text")

    left_out = 0
    if data.cases:
        cases = ET.SubElement(root, q + "Cases")
        for c in data.cases:
            case = ET.SubElement(cases, q + "Case", guid=guid("case", c.id), name=_x(c.title))
            ET.SubElement(case, q + "SourceRef", targetGUID=guid("source", c.id))
        sources = ET.SubElement(root, q + "Sources")
        codings: dict[str, list] = {c.id: [] for c in data.cases}
        for t in data.all_themes():
            for c in t.codings:
                codings.setdefault(c.case_id, []).append((t, c))
        imported = {e.payload["case"]["id"]: e for e in data.events if e.kind == "case.imported"}
        for c in data.cases:
            src = source_text(data, c.id)
            sguid = guid("source", c.id)
            path = f"{sguid}.txt"
            add_source(f"sources/{path}", src.text)
            ts = ET.SubElement(
                sources, q + "TextSource", guid=sguid, name=_x(c.title), plainTextPath=f"internal://{path}"
            )
            event = imported.get(c.id)
            if event is not None:
                ts.set("creatingUser", guid("user", event.analyst))
                ts.set("creationDateTime", event.ts)
            desc = (
                f"Case study form {c.source}"
                + (f", row {c.row}" if c.row else "")
                + (f" ({c.format})" if c.format else "")
            )
            ET.SubElement(ts, q + "Description").text = _x(desc)
            placed = []
            for t, coding in codings.get(c.id, ()):
                span = coding_span(src, coding)
                if span is None:
                    left_out += 1
                else:
                    placed.append((span, t, coding))
            for (start, end), t, coding in sorted(placed, key=lambda x: (x[0], x[2].id)):
                sel = ET.SubElement(
                    ts,
                    q + "PlainTextSelection",
                    guid=guid("selection", coding.id),
                    name=_x(" ".join(src.text[start:end].split())[:80]),
                    startPosition=str(start),
                    endPosition=str(end),
                )
                if coding.analyst:
                    sel.set("creatingUser", guid("user", coding.analyst))
                ET.SubElement(sel, q + "Description").text = _x(
                    f"{data.heading(coding.heading_id)} ({coding.target}); theme {t.theme.label}; origin {coding.origin}"
                )
                link = ET.SubElement(sel, q + "Coding", guid=guid("coding", coding.id))
                if coding.analyst:
                    link.set("creatingUser", guid("user", coding.analyst))
                ET.SubElement(link, q + "CodeRef", targetGUID=guid("theme", t.theme.id))
            _note_refs(ts, q, data, guid, f"case:{c.id}")
            for name, value in c.attributes.items():
                vv = ET.SubElement(ts, q + "VariableValue")
                ET.SubElement(vv, q + "VariableRef", targetGUID=guid("variable", name))
                ET.SubElement(vv, q + "TextValue").text = _x(value)
    if data.memos:
        notes = ET.SubElement(root, q + "Notes")
        for m in data.memos:
            note = ET.SubElement(notes, q + "Note", guid=guid("memo", m.id), name=_x(f"Memo on {m.target}"))
            if m.analyst:
                note.set("creatingUser", guid("user", m.analyst))
            if m.ts:
                note.set("creationDateTime", m.ts)
            ET.SubElement(note, q + "PlainTextContent").text = _x(m.text)
    _sets(root, PROJECT_NS, data, guid)
    description = (
        f"Thematic synthesis of {len(data.cases)} case studies exported by synth {data.version} at trail event "
        f"{data.seq} (state hash {data.head})."
    )
    if left_out:
        description += f" {left_out} coded span(s) whose text was rewritten after coding are left out."
    ET.SubElement(root, q + "Description").text = _x(description)
    for m in data.memos:
        if m.target == "project":
            ET.SubElement(root, q + "NoteRef", targetGUID=guid("memo", m.id))
    ET.indent(root)
    return root


def write_qdpx(data: ReportData, path: Path) -> None:
    """Write the ``.qdpx`` zip (the caller makes the write atomic).

    ``project.qde`` comes first (tools look for it there) and is serialised straight into the archive; each
    source follows and is let go once written, so the project never sits in memory as one more whole copy.
    """
    stamp = _zip_time(data.ts)

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        # the fastest deflate level, as the workbook's (the archive's own level reaches only entries named by a string)
        if hasattr(info, "compress_level"):  # Python 3.13 on
            info.compress_level = 1
        else:
            info._compresslevel = 1
        return info

    files: dict[str, str] = {}
    root = project_tree(data, files.__setitem__)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open(entry("project.qde"), "w", force_zip64=True) as fh:
            ET.ElementTree(root).write(fh, encoding="utf-8", xml_declaration=True)
        del root
        while files:
            name = next(iter(files))
            zf.writestr(entry(name), files.pop(name).encode("utf-8"))


def _zip_time(ts: str) -> tuple[int, int, int, int, int, int]:
    try:
        y, mo, d, h, mi, s = int(ts[0:4]), int(ts[5:7]), int(ts[8:10]), int(ts[11:13]), int(ts[14:16]), int(ts[17:19])
        return (max(1980, y), mo, d, h, mi, s)
    except (ValueError, IndexError):
        return (1980, 1, 1, 0, 0, 0)


def write_qdc(data: ReportData, path: Path) -> None:
    path.write_bytes(codebook_xml(data))


def codebook_entries(data: ReportData) -> list[CodebookEntry]:
    """The codes of the ``.qdc`` as entries (the same tree the file holds), for the CSV shapes."""
    root = ET.fromstring(codebook_xml(data))
    return entries_of(root, synth=True)


# -- import -------------------------------------------------------------------------------------
