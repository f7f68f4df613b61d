"""What both REFI-QDA readings share: the import report, the plan a reading fills, and the
patterns synth writes into a project so that it can read them back.

:mod:`synth.interchange.importer` picks a reading (a project synth wrote, or one from
another tool: :mod:`~synth.interchange.from_synth`, :mod:`~synth.interchange.from_tools`);
both build on the :class:`Plan` here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from synth.interchange.qdpx import QdpxProject
from synth.model import CodebookEntry, Field, Template, make_id, slugify

#: The field a source's whole text goes to when synth cannot place its headings.
SOURCE_FIELD = Field(
    id="source_text",
    heading="Source text",
    question="The whole text of a source brought in from another tool, before its parts are placed under headings.",
    guidance="Re-map it to the field it answers (synth fields PROJECT), or keep it as one heading.",
)
HEADING_LINE = re.compile(r"^Heading:\s*(?P<heading>.*?)\s*\[(?P<id>[a-z][a-z0-9_]*)\]\s*$", re.MULTILINE)
SOURCE_DESC = re.compile(r"^Case study form (?P<source>.*?)(?:, row (?P<row>\d+))?(?: \((?P<format>[a-z0-9]+)\))?$")
MEMO_NAME = re.compile(r"^Memo on (?P<kind>project|case|theme|general|field)(?::(?P<id>.+))?$")
SELECTION_DESC = re.compile(r"\borigin (?P<origin>analyst|machine|codebook)\s*$")
GENERAL_LINE = re.compile(
    r"^General theme: \d+ of \d+ projects, \d+ member themes\.(?: Machine draft, not reviewed\.)?$"
)
UNREVIEWED = "Machine draft, not reviewed."
SUMMARY_MARK = ": uniform summary"


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


class Plan:
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
        m = MEMO_NAME.match(name)
        if m and m.group("kind") in ("project", "field"):
            fid = m.group("id")
            if m.group("kind") == "project":
                return "project"
            if fid and fid in self.template.heading_ids:
                return f"field:{fid}"
        return None

    def memo(self, target: str, text: str, key: str, user: str = "") -> None:
        memo = {"id": make_id("m", target, text, key, self.nonce), "target": target, "text": text}
        if self.user(user):
            memo["analyst"] = self.user(user)  # the note's writer, as the other tool recorded them
        payload = {"memo": memo, "origin": "analyst", "basis": {"imported_from": self.qp.path}}
        self.after.append(("memo.written", payload))


def coding_event(
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


def merge_codebook(existing: list[CodebookEntry], new: list[CodebookEntry]) -> list[CodebookEntry]:
    """The project's codebook with the new codes added (a code already there, by its place in the tree, is kept)."""
    seen = {(tuple(p.casefold() for p in e.path), e.heading) for e in existing}
    out = list(existing)
    for e in new:
        key = (tuple(p.casefold() for p in e.path), e.heading)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
