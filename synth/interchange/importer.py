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
from dataclasses import dataclass, field
from pathlib import Path

from synth.interchange import InterchangeError
from synth.interchange.qdpx import QdpxProject, read_qdpx
from synth.model import CodebookEntry, Field, Template, make_id, slugify

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
    if qp.origin.lower().startswith("synth"):
        from synth.interchange.from_synth import SynthPlan as Plan
    else:
        from synth.interchange.from_tools import ToolPlan as Plan
    plan = Plan(project, qp, report)
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
        if self.user(user):
            memo["analyst"] = self.user(user)  # the note's writer, as the other tool recorded them
        payload = {"memo": memo, "origin": "analyst", "basis": {"imported_from": self.qp.path}}
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
