"""Import forms into a project: one ``case.imported`` event per case, all in one commit.

Each event carries the case (:func:`synth.state.case_to_dict`) with the source
file's SHA-256, and the matching decision for every heading of the form, so
the trail shows why each answer sits where it does. A case already in the
project is recognised and not imported twice: the same file (same SHA-256 and
row), or the same content from another file (a renamed copy, or a Forms
export that has grown by a few rows since the last import). Bad files are
collected in the report, never raised, so one broken form does not stop the
rest; nothing is written if the import is cancelled.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from synth.extract import DEFAULT_MAX_MB, ExtractedCase, FormError, Progress, form_paths, read_form
from synth.model import CaseStudy, slugify
from synth.state import case_to_dict


@dataclass
class FileReport:
    """What one file gave: answers placed under fields, and each question left unplaced (with why)."""

    source: str
    cases: int = 0
    placed: int = 0  # answers placed under a field, over all the file's cases
    unplaced_answers: int = 0
    # (heading, nearest field or None, score, "unplaced" | "duplicate"), once per heading, in form order
    unplaced: list[tuple[str, str | None, float, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The per-file lines ``synth import`` prints under the cases it imported."""
        fields = "" if self.cases == 1 else f" in {self.cases} cases"
        out = [f"placed     {self.source}: {self.placed} answer(s){fields}; {self.unplaced_answers} unplaced"]
        for heading, hint, score, why in self.unplaced:
            shown = heading if len(heading) <= 70 else heading[:67] + "..."
            if why == "duplicate":
                out.append(
                    f"unplaced   {self.source}: {shown!r} also answers {hint}, which an earlier column fills;"
                    " kept apart, re-map it if it belongs there"
                )
            else:
                near = f"nearest field: {hint} ({score:.2f})" if hint else "no field comes near"
                out.append(f"unplaced   {self.source}: {shown!r} matches no field; {near}")
        return out


def file_report(source: str, cases: Iterable[ExtractedCase]) -> FileReport:
    """Sum up a file's cases for the import report, from each case's matching decisions."""
    report = FileReport(source)
    seen: set[str] = set()
    for case in cases:
        report.cases += 1
        report.placed += len(case.fields)
        report.unplaced_answers += len(case.unplaced)
        for d in case.decisions:
            if d.get("field") is None and d["heading"] not in seen:
                seen.add(d["heading"])
                why = "duplicate" if d.get("method") == "duplicate" else "unplaced"
                report.unplaced.append((d["heading"], d.get("hint"), float(d.get("confidence") or 0.0), why))
    return report


@dataclass
class ImportReport:
    """What an import did: per case imported or recognised, per file failed."""

    imported: list[tuple[str, str, str]] = field(default_factory=list)  # (source label, case id, title)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # (source label, existing case id, title)
    failed: list[FormError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files in folders that are not forms
    cases: list[CaseStudy] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. a source re-imported with changed content
    cancelled: bool = False
    files: list[FileReport] = field(default_factory=list)  # per file with a case imported: answers placed, unplaced

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled


def content_key(title: str, fields: dict[str, str], unplaced: Iterable) -> str:
    """A fingerprint of what a case says, independent of the file it came in."""
    body = {
        "title": " ".join(title.split()).casefold(),
        "fields": {k: " ".join(v.split()) for k, v in sorted(fields.items())},
        "unplaced": sorted(" ".join(u.text.split()) for u in unplaced),
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def unique_id(title: str, taken: set[str]) -> str:
    """``slugify(title)``, with ``-2``, ``-3``... appended until it is not taken."""
    base = slugify(title)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def to_case_study(extracted: ExtractedCase, case_id: str) -> CaseStudy:
    return CaseStudy(
        id=case_id,
        title=extracted.title,
        source=extracted.source,
        sha256=extracted.sha256,
        fields=dict(extracted.fields),
        matches=dict(extracted.matches),
        unplaced=tuple(extracted.unplaced),
        attributes=dict(extracted.attributes),
        format=extracted.format,
        row=extracted.row,
    )


def import_paths(
    project,
    paths: Iterable[str | Path],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    max_mb: float | None = None,
) -> ImportReport:
    """Read ``paths`` (files or folders) and add their cases to ``project`` in one commit.

    ``max_mb`` defaults to the project's ``max_import_mb`` setting (else
    :data:`synth.extract.DEFAULT_MAX_MB`). Returns an :class:`ImportReport`;
    ``progress(done, total, what)`` is called per file.
    """
    template = project.state.template
    if template is None:
        from synth.project import ProjectError

        raise ProjectError(f"{project.path}: a half-made project (no project.created event); run 'synth init' again")
    if max_mb is None:
        try:
            max_mb = float(project.settings.get("max_import_mb", DEFAULT_MAX_MB))
        except (TypeError, ValueError):
            max_mb = DEFAULT_MAX_MB
    paths = list(paths)
    qdpx = [p for p in paths if Path(p).suffix.lower() in (".qdpx", ".qde")]
    files, ignored = form_paths([p for p in paths if p not in qdpx])
    report = ImportReport(ignored=[str(p) for p in ignored])
    if qdpx:
        _import_qdpx(project, qdpx, report)
    found_all: list[list[ExtractedCase]] = []  # per file
    total = len(files)
    for done, path in enumerate(files):  # reading is slow and decides nothing: outside the write lock
        if cancelled is not None and cancelled():
            report.cancelled = True
            return report
        if progress is not None:
            progress(done, total, str(path))
        try:
            found_all.append(read_form(path, template, max_mb=max_mb))
        except FormError as exc:
            report.failed.append(exc)
    if progress is not None:
        progress(total, total, "")
    if not found_all:
        return report
    with project.locked() as state:  # ids and duplicates are chosen from the state as of the write lock
        events = _import_events(state, found_all, report)
        if events:
            project.commit(events)
    return report


def _import_events(state, found_all: list[list[ExtractedCase]], report: ImportReport) -> list[tuple[str, dict]]:
    taken = set(state.cases)
    by_source_row = {(c.sha256, c.row): c for c in state.cases.values()}
    by_content = {content_key(c.title, c.fields, c.unplaced): c for c in state.cases.values()}
    by_path = {c.source: c for c in state.cases.values()}
    events: list[tuple[str, dict]] = []
    for found in found_all:
        fresh: list[ExtractedCase] = []
        for ex in found:
            key = content_key(ex.title, ex.fields, ex.unplaced)
            existing = by_source_row.get((ex.sha256, ex.row)) or by_content.get(key)
            if existing is not None:
                report.duplicates.append((ex.label, existing.id, existing.title))
                continue
            earlier = by_path.get(ex.source)
            if earlier is not None and earlier.sha256 != ex.sha256 and ex.row is None:
                report.notes.append(
                    f"{ex.source}: changed since it was imported as {earlier.id}; the new version is a new case, the old one is kept"
                )
            case_id = unique_id(ex.title, taken)
            taken.add(case_id)
            case = to_case_study(ex, case_id)
            by_source_row[(case.sha256, case.row)] = case
            by_content[key] = case
            events.append(
                (
                    "case.imported",
                    {"case": case_to_dict(case), "matching": list(ex.decisions), "title_from": ex.title_from},
                )
            )
            report.imported.append((ex.label, case_id, ex.title))
            report.cases.append(case)
            fresh.append(ex)
        if fresh:
            report.files.append(file_report(str(fresh[0].source), fresh))
    return events


def _import_qdpx(project, files: list, report: ImportReport) -> None:
    """REFI-QDA projects go through :mod:`synth.interchange` (one commit each); their cases join the report."""
    from synth.interchange import InterchangeError
    from synth.interchange.importer import import_qdpx

    for f in files:
        try:
            done = import_qdpx(project, f)
        except InterchangeError as exc:
            report.failed.append(exc)
            continue
        if done.duplicate:
            report.duplicates.append((str(f), "", done.name or str(f)))
            continue
        report.imported += [(f"{f}: {source}", case_id, title) for source, case_id, title in done.cases]
        report.cases += [project.state.cases[case_id] for _, case_id, _ in done.cases if case_id in project.state.cases]
        report.notes += done.notes + [f"{f}: skipped {line}" for line in done.skipped]
