"""Bring a REFI-QDA project into a synthesis: every source, code, coding and note, as trail events.

Two readings, one commit:

* **A project synth wrote** (``origin="synth ..."``) is read back exactly: each
  source's text is cut at the headings synth wrote (answer, then uniform
  summary) into the case's answers and summaries; codes named ``Label
  (Heading)`` with a ``Heading: ... [field]`` line become that heading's
  themes, top-level codes holding them become general themes (members from
  the "General theme" sets, so a theme in two general themes stays in both),
  the "Codebook codes not yet applied" group becomes the codebook, and each
  selection becomes a coding on the answer or summary it falls in. Memos go
  back to what their ``NoteRef`` is attached to.
* **A project from another tool** (QualCoder, ATLAS.ti, NVivo, MAXQDA...): each
  text source is read like any form (:func:`synth.extract.readers.blocks.assemble`
  places its headings under template fields); a source with no heading synth
  can place becomes one field, ``source_text``, holding its whole text, which
  the analyst can re-map. Every code becomes a codebook entry (hierarchy,
  colour and description kept; a category is kept as a non-codable entry);
  each code applied under a heading becomes a theme of that heading with its
  codings; a top-level code whose tree holds several themes becomes a general
  theme over them. Each selection's span is carried from the source's
  positions to the answer's, and its text checked; a selection that lands
  on no placed answer (a title, an unplaced section) lands on ``source_text``.

Users become the coders of their codings (the coding payload names them) and
are listed on a ``project.imported`` event with the file's SHA-256, so the
same file is recognised and not imported twice. Nothing is written unless all
of it is: the events go in one :meth:`~synth.project.Project.commit`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from synth.interchange import InterchangeError
from synth.interchange.qdpx import QdpxProject, Selection, Source, read_qdpx
from synth.model import CaseStudy, CodebookEntry, Field, FieldMatch, Template, make_id, slugify
from synth.state import case_to_dict, codebook_entry_to_dict, template_to_dict

#: The field a source's whole text goes to when synth cannot place its headings.
SOURCE_FIELD = Field(
    id="source_text",
    heading="Source text",
    question="The whole text of a source brought in from another tool, before its parts are placed under headings.",
    guidance="Re-map it to the field it answers (synth fields PROJECT), or keep it as one heading.",
)
_HEADING_LINE = re.compile(r"^Heading:\s*(?P<heading>.*?)\s*\[(?P<id>[a-z][a-z0-9_]*)\]\s*$", re.MULTILINE)
_SOURCE_DESC = re.compile(r"^Case study form (?P<source>.*?)(?:, row (?P<row>\d+))?(?: \((?P<format>[a-z0-9]+)\))?$")
_MEMO_NAME = re.compile(r"^Memo on (?P<kind>project|case|theme|general|field)(?::(?P<id>.+))?$")
_SELECTION_DESC = re.compile(r"\borigin (?P<origin>analyst|machine|codebook)\s*$")
_GENERAL_LINE = re.compile(
    r"^General theme: \d+ of \d+ projects, \d+ member themes\.(?: Machine draft, not reviewed\.)?$"
)
_UNREVIEWED = "Machine draft, not reviewed."
_SUMMARY_MARK = ": uniform summary"


@dataclass
class QdpxReport:
    """What an import of a ``.qdpx`` did, with the file's own counts beside synth's."""

    path: str
    origin: str
    name: str = ""
    in_file: dict[str, int] = field(default_factory=dict)  # sources, codes, codings, notes
    imported: dict[str, int] = field(default_factory=dict)  # cases, codes, themes, generals, codings, memos
    cases: list[tuple[str, str, str]] = field(default_factory=list)  # (source name, case id, title)
    users: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the analyst should know (re-map this, clipped that)
    skipped: list[str] = field(default_factory=list)  # what was not brought in
    duplicate: bool = False

    @property
    def complete(self) -> bool:
        """Every source, code and coding of the file came in."""
        return (
            not self.duplicate
            and self.imported.get("cases", 0) == self.in_file.get("sources", 0)
            and self.imported.get("codes", 0) == self.in_file.get("codes", 0)
            and self.imported.get("codings", 0) == self.in_file.get("codings", 0)
        )


def import_qdpx(project, path: str | Path, progress: Callable[[int, int, str], None] | None = None) -> QdpxReport:
    """Read ``path`` and add what it holds to ``project`` in one commit; return what was done."""
    qp = read_qdpx(path)
    return import_read(project, qp, progress)


def import_read(project, qp: QdpxProject, progress: Callable[[int, int, str], None] | None = None) -> QdpxReport:
    """Import an already-read project (``synth init --from`` reads it before making the folder)."""
    state = project.state
    report = QdpxReport(path=qp.path, origin=qp.origin, name=qp.name)
    report.in_file = {
        "sources": qp.declared_sources,
        "codes": len(qp.codes),
        "codings": qp.declared_codings,
        "notes": len(qp.notes),
    }
    report.skipped = list(qp.skipped)
    if any(i.get("sha256") == qp.sha256 for i in state.imported):
        report.duplicate = True
        return report
    if state.template is None:
        raise InterchangeError(f"{qp.path}: the project has no template to place the sources under", qp.path)
    plan = (
        _SynthPlan(project, qp, report) if qp.origin.lower().startswith("synth") else _ForeignPlan(project, qp, report)
    )
    events = plan.events(progress)
    report.users = [u for u in dict.fromkeys(qp.users.values()) if u]
    events.append(
        (
            "project.imported",
            {
                "file": qp.path,
                "sha256": qp.sha256,
                "origin": qp.origin,
                "name": qp.name,
                "users": [{"guid": g, "name": n} for g, n in qp.users.items()],
                "counts": dict(report.imported),
                "in_file": dict(report.in_file),
                "skipped": list(report.skipped),
            },
        )
    )
    project.commit(events)
    return report


# -- shared ------------------------------------------------------------------------------------


class _Plan:
    def __init__(self, project, qp: QdpxProject, report: QdpxReport):
        self.project = project
        self.state = project.state
        self.qp = qp
        self.report = report
        self.template: Template = self.state.template
        self.fields = list(self.state.fields)
        self.taken = set(self.state.cases)
        self.case_of: dict[str, str] = {}  # source guid -> case id
        self.themes_of: dict[str, list[str]] = {}  # code guid -> theme ids
        self.general_of: dict[str, str] = {}  # code guid -> general id
        self.pre: list[tuple[str, dict]] = []  # template and fields changes, before the cases
        self.cases: list[tuple[str, dict]] = []
        self.after: list[tuple[str, dict]] = []
        self.nonce = f"{self.state.seq}:{qp.sha256[:12]}"

    def user(self, guid: str) -> str:
        return self.qp.users.get(guid, "")

    def case_id(self, title: str) -> str:
        base = slugify(title)
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def heading(self, fid: str) -> str:
        return self.template.heading(fid)

    def memos(self, theme_target: Callable[[str], str | None]) -> None:
        """Every note as a memo on what it is attached to (a note attached to nothing is on the project)."""
        attached: dict[str, str] = {}
        for src in self.qp.sources:
            case = self.case_of.get(src.guid)
            for n in src.notes:
                if case:
                    attached.setdefault(n, f"case:{case}")
        for code in self.qp.codes:
            target = theme_target(code.guid)
            for n in code.notes:
                attached.setdefault(n, target or "project")
        written = 0
        for note in self.qp.notes:
            if not note.text.strip():
                self.report.skipped.append(f"note {note.name!r}: empty, not imported")
                continue
            target = attached.get(note.guid) or self.note_target(note.name) or "project"
            self.memo(target, note.text, note.guid, note.user)
            written += 1
        self.report.imported["memos"] = self.report.imported.get("memos", 0) + written

    def note_target(self, name: str) -> str | None:
        m = _MEMO_NAME.match(name)
        if m and m.group("kind") in ("project", "field"):
            fid = m.group("id")
            if m.group("kind") == "project":
                return "project"
            if fid and fid in self.template.field_ids:
                return f"field:{fid}"
        return None

    def memo(self, target: str, text: str, key: str, user: str = "") -> None:
        memo = {"id": make_id("m", target, text, key, self.nonce), "target": target, "text": text}
        payload = {"memo": memo, "origin": "analyst", "basis": {"imported_from": self.qp.path}}
        if self.user(user):
            payload["basis"]["written_by"] = self.user(user)
        self.after.append(("memo.written", payload))


def _coding(
    theme_id: str,
    case_id: str,
    fid: str,
    start: int,
    end: int,
    text: str,
    target: str,
    analyst: str,
    origin: str = "analyst",
) -> dict:
    data = {
        "id": make_id("k", theme_id, case_id, fid, start, end),
        "theme_id": theme_id,
        "case_id": case_id,
        "field_id": fid,
        "start": start,
        "end": end,
        "text": text,
        "target": target,
        "origin": origin,
    }
    if analyst:
        data["analyst"] = analyst
    return data


# -- a project synth wrote ------------------------------------------------------------------------


class _SynthPlan(_Plan):
    """Read back synth's own layout (see :func:`synth.report.refi.source_text`)."""

    def events(self, progress) -> list[tuple[str, dict]]:
        qp = self.qp
        self.headings = self._heading_ids()
        order: list[str] = []
        parsed: list[tuple[Source, dict]] = []
        total = len(qp.sources)
        for done, src in enumerate(qp.sources):
            if progress is not None:
                progress(done, total, src.name)
            cut = self._cut(src)
            if cut is None:
                raise InterchangeError(
                    f"{qp.path}: source {src.name!r} is not laid out as synth writes its sources; it was changed after export",
                    qp.path,
                )
            parsed.append((src, cut))
            for fid in cut["order"]:
                if fid not in order:
                    order.append(fid)
        self._fields(order)
        for src, cut in parsed:
            self._case(src, cut)
        themes = self._themes()
        self._codings(parsed, themes)
        self.memos(lambda guid: self._target_of_code(guid))
        self.report.imported["cases"] = len(parsed)
        return self.pre + self.cases + self.after

    def _heading_ids(self) -> dict[str, str]:
        """Heading text -> field id: the template's, and those the codes name (``Heading: X [id]``)."""
        ids = {f.heading: f.id for f in self.template.fields}
        for code in self.qp.codes:
            for m in _HEADING_LINE.finditer(code.description):
                ids.setdefault(m.group("heading"), m.group("id"))
        return ids

    def _fields(self, order: list[str]) -> None:
        unknown = [f for f in order if f not in self.template.field_ids]
        if unknown:
            extra = tuple(Field(id=f, heading=self._heading_of(f)) for f in unknown)
            self.template = replace(self.template, fields=(*self.template.fields, *extra))
            self.pre.append(("template.set", {"template": template_to_dict(self.template)}))
        if not self.state.cases:
            # a fresh project takes the exported order of headings, so the project exports as it came in
            chosen = order + [f for f in self.fields if f not in order]
            if chosen != self.fields:
                self.fields = chosen
                self.pre.append(("fields.set", {"fields": chosen}))
        else:
            missing = [f for f in order if f not in self.fields]
            if missing:
                self.fields = self.fields + missing
                self.pre.append(("fields.set", {"fields": self.fields}))

    def _heading_of(self, fid: str) -> str:
        return next((h for h, i in self.headings.items() if i == fid), fid)

    def _cut(self, src: Source) -> dict | None:
        """The title, answers and summaries of a source synth wrote, or None when it is not laid out that way."""
        text = src.text
        first = text.find("\n")
        if first < 0:
            return None
        title = text[:first]
        pos = first + 1
        known = sorted(self.headings, key=len, reverse=True)
        answers: dict[str, tuple[int, int]] = {}
        summaries: dict[str, tuple[int, int]] = {}
        order: list[str] = []

        def next_marker(at: int) -> tuple[int, str, str] | None:
            """The nearest ``\\nHeading\\n`` or ``\\nHeading: uniform summary\\n`` at or after ``at``."""
            best: tuple[int, str, str] | None = None
            for h in known:
                for kind, mark in (("answer", f"\n{h}\n"), ("summary", f"\n{h}{_SUMMARY_MARK}\n")):
                    i = text.find(mark, at)
                    if i >= 0 and (best is None or i < best[0]):
                        best = (i, kind, h)
            return best

        while pos < len(text):
            if text[pos] != "\n":
                return None
            found = next_marker(pos)
            if found is None or found[0] != pos:
                return None
            _, kind, h = found
            fid = self.headings[h]
            head = f"\n{h}\n" if kind == "answer" else f"\n{h}{_SUMMARY_MARK}\n"
            start = pos + len(head)
            nxt = next_marker(start)
            # the segment ends with "\n" before the next marker (or the end of the text)
            stop = (nxt[0] if nxt is not None else len(text)) - 1
            while nxt is not None and (stop < start or text[stop] != "\n"):
                nxt = next_marker(nxt[0] + 1)
                stop = (nxt[0] if nxt is not None else len(text)) - 1
            if stop < start or text[stop] != "\n":
                return None
            (answers if kind == "answer" else summaries)[fid] = (start, stop)
            if fid not in order:
                order.append(fid)
            pos = stop + 1
        rebuilt = title + "\n"
        for fid in order:
            h = self._heading_of(fid)
            if fid in answers:
                a, b = answers[fid]
                rebuilt += f"\n{h}\n{text[a:b]}\n"
            if fid in summaries:
                a, b = summaries[fid]
                rebuilt += f"\n{h}{_SUMMARY_MARK}\n{text[a:b]}\n"
        if rebuilt != text:
            return None
        return {"title": title, "answers": answers, "summaries": summaries, "order": order}

    def _case(self, src: Source, cut: dict) -> None:
        text = src.text
        m = _SOURCE_DESC.match(src.description)
        source = m.group("source") if m else f"{self.qp.path}#{src.name}"
        row = int(m.group("row")) if m and m.group("row") else None
        fmt = m.group("format") if m and m.group("format") else "qdpx"
        fields = {fid: text[a:b] for fid, (a, b) in cut["answers"].items()}
        case_id = self.case_id(cut["title"])
        self.case_of[src.guid] = case_id
        case = CaseStudy(
            id=case_id,
            title=cut["title"],
            source=source,
            sha256=self.qp.sha256,
            fields=fields,
            matches={fid: FieldMatch(fid, self._heading_of(fid), 1.0, "exact") for fid in fields},
            format=fmt or "qdpx",
            row=row,
        )
        self.cases.append(("case.imported", {"case": case_to_dict(case), "title_from": "REFI-QDA source name"}))
        self.report.cases.append((src.name, case_id, cut["title"]))
        for fid, (a, b) in cut["summaries"].items():
            self.cases.append(
                (
                    "summary.recorded",
                    {
                        "case_id": case_id,
                        "field_id": fid,
                        "text": text[a:b],
                        "status": "written",
                        "suggestion": None,
                        "engine": None,
                        "engine_version": None,
                        "answer": fields.get(fid, ""),
                        "reviewed": True,
                        "origin": "analyst",
                        "basis": {"imported_from": self.qp.path},
                    },
                )
            )

    def _themes(self) -> dict[str, tuple[str, str]]:
        """Themes, general themes and codebook entries from the code tree; returns code guid -> (theme id, field)."""
        qp = self.qp
        themes: dict[str, tuple[str, str]] = {}
        theme_events: list[tuple[str, dict]] = []
        codebook: list[CodebookEntry] = []
        generals: list[tuple[str, str, str, bool, list[str]]] = []  # guid, label, definition, unreviewed, children
        for code in qp.codes:
            heading = _HEADING_LINE.search(code.description)
            parent = qp.code(code.parent) if code.parent else None
            if parent is not None and not parent.codable and parent.name == "Codebook codes not yet applied":
                codebook.append(_codebook_entry(code, self.headings, qp))
                continue
            if not code.codable:
                continue
            if heading is not None:
                fid = heading.group("id")
                suffix = f" ({heading.group('heading')})"
                label = code.name[: -len(suffix)] if code.name.endswith(suffix) else code.name
                lines = [ln.strip() for ln in code.description.splitlines()]
                unreviewed = _UNREVIEWED in lines
                definition = " ".join(
                    ln for ln in lines if ln and not ln.startswith(("Heading:", "Projects:")) and ln != _UNREVIEWED
                )
                theme_id = make_id("t", fid, label, code.guid, self.nonce)
                themes[code.guid] = (theme_id, fid)
                self.themes_of[code.guid] = [theme_id]
                theme_events.append(
                    (
                        "theme.created",
                        {
                            "theme": {
                                "id": theme_id,
                                "heading": fid,
                                "label": label,
                                "definition": definition,
                                "projects": [],
                                "origin": "machine" if unreviewed else "analyst",
                                "suggestion_key": None,
                                "score": None,
                            },
                            "codings": [],
                            "origin": "machine" if unreviewed else "analyst",
                            "basis": {"imported_from": qp.path, "code": code.name},
                        },
                    )
                )
            elif code.parent is None:
                lines = [ln.strip() for ln in code.description.splitlines()]
                unreviewed = any(ln.endswith(_UNREVIEWED) for ln in lines)
                definition = "\n".join(ln for ln in lines if ln and not _GENERAL_LINE.match(ln)).strip()
                generals.append((code.guid, code.name, definition, unreviewed, []))
            else:
                codebook.append(_codebook_entry(code, self.headings, qp))
        self.theme_events = theme_events
        members: dict[str, list[str]] = {}
        by_label = {label: guid for guid, label, *_ in generals}
        for name, _desc, codes in qp.sets:
            if name.startswith("General theme: ") and name[len("General theme: ") :] in by_label:
                members[by_label[name[len("General theme: ") :]]] = [themes[c][0] for c in codes if c in themes]
        general_events = []
        for guid, label, definition, unreviewed, _ in generals:
            ids = members.get(guid)
            if ids is None:
                ids = [themes[c.guid][0] for c in qp.codes if c.parent == guid and c.guid in themes]
            general_id = make_id("g", label, guid, self.nonce)
            self.general_of[guid] = general_id
            general_events.append(
                (
                    "general.created",
                    {
                        "general": {
                            "id": general_id,
                            "label": label,
                            "definition": definition,
                            "themes": ids,
                            "origin": "machine" if unreviewed else "analyst",
                        },
                        "key": None,
                        "origin": "machine" if unreviewed else "analyst",
                        "basis": {"imported_from": qp.path},
                    },
                )
            )
        self.general_events = general_events
        self.codebook = codebook
        self.report.imported["themes"] = len(theme_events)
        self.report.imported["generals"] = len(general_events)
        self.report.imported["codes"] = len(qp.codes)
        return themes

    def _codings(self, parsed: list[tuple[Source, dict]], themes: dict[str, tuple[str, str]]) -> None:
        by_theme: dict[str, list[dict]] = {}
        placed = 0
        for src, cut in parsed:
            case_id = self.case_of[src.guid]
            for sel in src.selections:
                for code_guid in sel.codes:
                    if code_guid not in themes:
                        self.report.skipped.append(
                            f"{src.name}: a coding with a code that is not a theme, not imported"
                        )
                        continue
                    theme_id, _ = themes[code_guid]
                    where = _segment(cut, sel)
                    if where is None:
                        self.report.skipped.append(
                            f"{src.name}: a coding at {sel.start}-{sel.end} crosses a heading, not imported"
                        )
                        continue
                    fid, target, base = where
                    m = _SELECTION_DESC.search(sel.description)
                    by_theme.setdefault(theme_id, []).append(
                        _coding(
                            theme_id,
                            case_id,
                            fid,
                            sel.start - base,
                            sel.end - base,
                            src.text[sel.start : sel.end],
                            target,
                            self.user(sel.user),
                            m.group("origin") if m else "analyst",
                        )
                    )
                    placed += 1
        for _kind, payload in self.theme_events:
            codings = by_theme.get(payload["theme"]["id"], [])
            payload["codings"] = codings
            payload["theme"]["projects"] = sorted({c["case_id"] for c in codings})
        self.after = [*self.theme_events, *self.general_events]
        if self.codebook:
            existing = list(self.state.codebook)
            self.after.append(
                (
                    "codebook.set",
                    {
                        "entries": [codebook_entry_to_dict(e) for e in _merge_codebook(existing, self.codebook)],
                        "source": self.qp.path,
                    },
                )
            )
        self.report.imported["codings"] = placed

    def _target_of_code(self, guid: str) -> str | None:
        if guid in self.themes_of:
            return f"theme:{self.themes_of[guid][0]}"
        if guid in self.general_of:
            return f"general:{self.general_of[guid]}"
        return None


def _segment(cut: dict, sel: Selection) -> tuple[str, str, int] | None:
    for kind, spans in (("answer", cut["answers"]), ("summary", cut["summaries"])):
        for fid, (a, b) in spans.items():
            if a <= sel.start and sel.end <= b:
                return fid, kind, a
    return None


def _codebook_entry(code, headings: dict[str, str], qp: QdpxProject) -> CodebookEntry:
    """A code of a codebook group, its description's ``Include:``... lines read as synth writes them."""
    from synth.report.refi import _description_fields

    parents = qp.path_of(code.guid)[:-1]
    parents = tuple(p for p in parents if p != "Codebook codes not yet applied")
    fields = _description_fields(code.name, code.description)
    return CodebookEntry(
        name=fields["name"],
        definition=fields["definition"],
        include=fields["include"],
        exclude=fields["exclude"],
        examples=fields["examples"],
        heading=fields["heading"],
        parents=parents,
        colour=code.colour,
        codable=code.codable,
    )


def _merge_codebook(existing: list[CodebookEntry], new: list[CodebookEntry]) -> list[CodebookEntry]:
    """The project's codebook with the new codes added (a code already there, by its place in the tree, is kept)."""
    seen = {(tuple(p.casefold() for p in e.path), e.heading) for e in existing}
    out = list(existing)
    for e in new:
        key = (tuple(p.casefold() for p in e.path), e.heading)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


# -- a project from another tool ------------------------------------------------------------------


class _ForeignPlan(_Plan):
    """Sources read as forms; codes as codebook, themes and general themes."""

    def events(self, progress) -> list[tuple[str, dict]]:
        from synth.extract.readers.blocks import assemble

        qp = self.qp
        placed_cases: list[tuple[Source, str, dict[str, str], list[tuple[str, int, int, int]]]] = []
        needs_source_field = False
        total = len(qp.sources)
        built: list[tuple[Source, object, str]] = []
        for done, src in enumerate(qp.sources):
            if progress is not None:
                progress(done, total, src.name)
            assembled = assemble(_blocks(src, self.template), self.template, _stem(src.name))
            built.append((src, assembled, _title(src, assembled)))
        coding_targets: dict[str, list[tuple[Selection, str, str, int, int, str]]] = {}
        case_events: list[tuple[str, dict]] = []
        for src, assembled, title in built:
            case_id = self.case_id(title)
            self.case_of[src.guid] = case_id
            fields = dict(assembled.fields)
            pieces = _align(src.text, fields, assembled.matches)
            unplaced = list(assembled.unplaced)
            attributes = dict(assembled.attributes)
            whole = not fields
            landed: list[tuple[Selection, str, str, int, int]] = []
            outside = 0
            clipped = 0
            for sel in src.selections:
                spot = _place(sel, pieces, fields)
                if spot is None:
                    outside += 1
                    landed.append((sel, SOURCE_FIELD.id, "", sel.start, sel.end))
                else:
                    landed.append((sel, *spot))
                    if _norm(fields[spot[0]][spot[2] : spot[3]]) != _norm(src.text[sel.start : sel.end]):
                        clipped += 1
            if clipped:
                self.report.notes.append(
                    f"{src.name}: {clipped} coding(s) ran over a heading or out of an answer; each is kept on the answer "
                    "holding most of it, cut to that answer"
                )
            if whole or outside:
                needs_source_field = True
                fields[SOURCE_FIELD.id] = src.text
                if whole:
                    unplaced = []
                    attributes = {}
                    self.report.notes.append(
                        f"{src.name}: no heading synth could place; its whole text is the field {SOURCE_FIELD.id!r} "
                        f"(re-map it in the TUI's extract screen, key m)"
                    )
                else:
                    self.report.notes.append(
                        f"{src.name}: {outside} coding(s) on text outside the placed answers are on the field "
                        f"{SOURCE_FIELD.id!r}, which holds the source's whole text"
                    )
            matches = dict(assembled.matches)
            if SOURCE_FIELD.id in fields:
                matches[SOURCE_FIELD.id] = FieldMatch(SOURCE_FIELD.id, src.name, 1.0, "manual")
            case = CaseStudy(
                id=case_id,
                title=title,
                source=f"{qp.path}#{src.name}",
                sha256=qp.sha256,
                fields=fields,
                matches=matches,
                unplaced=tuple(unplaced),
                attributes=attributes,
                format="qdpx",
            )
            case_events.append(
                (
                    "case.imported",
                    {
                        "case": case_to_dict(case),
                        "matching": list(assembled.decisions),
                        "title_from": "REFI-QDA source",
                    },
                )
            )
            self.report.cases.append((src.name, case_id, title))
            for sel, fid, _target, start, end in landed:
                text = fields[fid][start:end]
                for code_guid in sel.codes:
                    coding_targets.setdefault(code_guid, []).append((sel, case_id, fid, start, end, text))
            placed_cases.append((src, case_id, fields, []))
            if sel_adjusted := sum(1 for s in src.selections if s.adjusted):
                self.report.notes.append(f"{src.name}: {sel_adjusted} coded span(s) put right ({_adjustments(src)})")
        if needs_source_field:
            self._add_source_field()
        self.cases = case_events
        self._themes(coding_targets)
        self.memos(lambda guid: f"theme:{self.themes_of[guid][0]}" if self.themes_of.get(guid) else None)
        self._selection_memos()
        self.report.imported["cases"] = len(built)
        return self.pre + self.cases + self.after

    def _add_source_field(self) -> None:
        if SOURCE_FIELD.id not in self.template.field_ids:
            self.template = replace(self.template, fields=(*self.template.fields, SOURCE_FIELD))
            self.pre.append(("template.set", {"template": template_to_dict(self.template)}))
        if SOURCE_FIELD.id not in self.fields:
            self.fields = [*self.fields, SOURCE_FIELD.id]
            self.pre.append(("fields.set", {"fields": self.fields}))

    def _themes(self, targets: dict[str, list[tuple]]) -> None:
        qp = self.qp
        names = [c.name.casefold() for c in qp.codes]
        entries: list[CodebookEntry] = []
        theme_events: list[tuple[str, dict]] = []
        theme_heading: dict[str, str] = {}
        placed = 0
        for code in qp.codes:
            path = qp.path_of(code.guid)
            entries.append(
                CodebookEntry(
                    name=code.name,
                    definition=" ".join(code.description.split()),
                    parents=path[:-1],
                    colour=code.colour,
                    codable=code.codable,
                )
            )
            label = (
                code.name if names.count(code.name.casefold()) == 1 or len(path) < 2 else f"{path[-2]} / {code.name}"
            )
            by_field: dict[str, list[dict]] = {}
            for sel, case_id, fid, start, end, text in targets.get(code.guid, ()):
                by_field.setdefault(fid, []).append(
                    _coding("", case_id, fid, start, end, text, "answer", self.user(sel.user))
                )
            for fid, codings in by_field.items():
                theme_id = make_id("t", fid, "qdpx", code.guid, self.nonce)
                for c in codings:
                    c["theme_id"] = theme_id
                    c["id"] = make_id("k", theme_id, c["case_id"], fid, c["start"], c["end"], c.get("analyst", ""))
                unique = list({c["id"]: c for c in codings}.values())
                if len(unique) < len(codings):
                    self.report.notes.append(
                        f"code {code.name!r}: {len(codings) - len(unique)} coding(s) repeat another on the same span and coder"
                    )
                placed += len(unique)
                self.themes_of.setdefault(code.guid, []).append(theme_id)
                theme_heading[theme_id] = fid
                theme_events.append(
                    (
                        "theme.created",
                        {
                            "theme": {
                                "id": theme_id,
                                "heading": fid,
                                "label": label,
                                "definition": " ".join(code.description.split()),
                                "projects": sorted({c["case_id"] for c in unique}),
                                "origin": "analyst",
                                "suggestion_key": None,
                                "score": None,
                            },
                            "codings": unique,
                            "origin": "analyst",
                            "basis": {"imported_from": qp.path, "code": "/".join(path), "colour": code.colour},
                        },
                    )
                )
        general_events = []
        for code in qp.codes:
            if code.parent is not None:
                continue
            members = [t for c in qp.codes if self._under(c.guid, code.guid) for t in self.themes_of.get(c.guid, ())]
            if len(members) < 2:
                continue
            general_id = make_id("g", code.name, code.guid, self.nonce)
            general_events.append(
                (
                    "general.created",
                    {
                        "general": {
                            "id": general_id,
                            "label": code.name,
                            "definition": " ".join(code.description.split()),
                            "themes": members,
                            "origin": "analyst",
                        },
                        "key": None,
                        "origin": "analyst",
                        "basis": {"imported_from": qp.path, "code": code.name},
                    },
                )
            )
        codebook = _merge_codebook(list(self.state.codebook), entries)
        self.after = [
            ("codebook.set", {"entries": [codebook_entry_to_dict(e) for e in codebook], "source": qp.path}),
            *theme_events,
            *general_events,
        ]
        self.report.imported["codes"] = len(entries)
        self.report.imported["themes"] = len(theme_events)
        self.report.imported["generals"] = len(general_events)
        self.report.imported["codings"] = placed

    def _under(self, guid: str, root: str) -> bool:
        seen: set[str] = set()
        current = self.qp.code(guid)
        while current is not None and current.guid not in seen:
            if current.guid == root:
                return True
            seen.add(current.guid)
            current = self.qp.code(current.parent) if current.parent else None
        return False

    def _selection_memos(self) -> None:
        """A selection's own description (QualCoder's coding memo) becomes a memo on its case."""
        count = 0
        for src in self.qp.sources:
            case = self.case_of.get(src.guid)
            for sel in src.selections:
                if not sel.description or not case:
                    continue
                codes = ", ".join(self.qp.path_of(c)[-1] for c in sel.codes if self.qp.code(c)) or "no code"
                quote = " ".join(src.text[sel.start : sel.end].split())[:120]
                self.memo(f"case:{case}", f"On \u201c{quote}\u201d ({codes}): {sel.description}", sel.guid, sel.user)
                count += 1
        self.report.imported["memos"] = self.report.imported.get("memos", 0) + count


def _norm(text: str) -> str:
    return " ".join(text.split())


def _stem(name: str) -> str:
    stem = re.sub(r"\.(txt|md|markdown|docx?|rtf|odt|pdf|html?)$", "", name, flags=re.IGNORECASE)
    return " ".join(stem.replace("_", " ").split()) or name


def _title(src: Source, assembled) -> str:
    """The form's own title when it states one, else the source's name in the other tool."""
    trusted = ("heading", "label", "front matter", "title style")
    if assembled.title_from in trusted or (assembled.title_from == "first line" and assembled.fields):
        return assembled.title  # a form's first line is its title; an interview's is its first question
    return _stem(src.name)


def _blocks(src: Source, template: Template):
    if src.name.lower().endswith((".md", ".markdown")) or re.search(r"^#{1,6} \S", src.text, re.MULTILINE):
        from synth.extract.readers.markdown import markdown_blocks

        return markdown_blocks(src.text, template)[0]
    from synth.extract.readers.plaintext import text_blocks

    return text_blocks(src.text, template)


def _align(text: str, fields: dict[str, str], matches: dict[str, FieldMatch]) -> dict[str, list[tuple[int, int, int]]]:
    """Where each answer's lines sit in the source: field id -> [(source start, answer start, length)].

    An answer is the source's text under its heading, tidied (line ends trimmed, blank runs shortened,
    a repeated question dropped), so it is found line by line from its heading on.
    """
    out: dict[str, list[tuple[int, int, int]]] = {}
    for fid, answer in fields.items():
        match = matches.get(fid)
        cursor = 0
        if match is not None:
            head = match.heading.split(" / ")[0]
            at = text.find(head)
            cursor = at + len(head) if at >= 0 else 0
        whole = text.find(answer, cursor)
        if answer and whole >= 0:
            out[fid] = [(whole, 0, len(answer))]
            continue
        pieces = []
        offset = 0
        for line in answer.split("\n"):
            if line.strip():
                at = text.find(line, cursor)
                if at < 0:
                    at = text.find(line)
                if at >= 0:
                    pieces.append((at, offset, len(line)))
                    cursor = at + len(line)
            offset += len(line) + 1
        out[fid] = pieces
    return out


def _place(
    sel: Selection, pieces: dict[str, list[tuple[int, int, int]]], fields: dict[str, str]
) -> tuple[str, str, int, int] | None:
    """The answer a selection falls in, and its span there; the answer holding most of it, when it spans two."""
    best: tuple[int, str, int, int] | None = None
    for fid, spans in pieces.items():
        lo = hi = None
        covered = 0
        for src_at, field_at, length in spans:
            a, b = max(sel.start, src_at), min(sel.end, src_at + length)
            if a >= b:
                continue
            covered += b - a
            s, e = field_at + (a - src_at), field_at + (b - src_at)
            lo = s if lo is None else min(lo, s)
            hi = e if hi is None else max(hi, e)
        if lo is not None and (best is None or covered > best[0]):
            best = (covered, fid, lo, hi)
    if best is None:
        return None
    _, fid, lo, hi = best
    return fid, "answer", lo, hi


def _adjustments(src: Source) -> str:
    kinds: dict[str, int] = {}
    for s in src.selections:
        if s.adjusted:
            kinds[s.adjusted] = kinds.get(s.adjusted, 0) + 1
    return "; ".join(f"{n}: {k}" for k, n in kinds.items())
