"""Spreadsheet exports (Microsoft Forms, Google Forms, SurveyMonkey): one case per row.

The first non-empty row holds the questions. Each column is, in this order:
the title column (``Project name``, ``Title``...), a metadata column (ID,
start and completion times, e-mail, respondent name, points and feedback of
quiz forms) kept as case attributes and never as answers, a field's column
(matched like any heading, long question texts included), or a question the
template lacks, whose answers go to ``unplaced``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from synth.extract.matching import MatchResult, is_title_label, match_heading, normalise
from synth.extract.readers.blocks import Assembled, tidy
from synth.extract.readers.limits import MAX_COLUMNS, bounded_rows
from synth.model import FieldMatch, Template, Unplaced

_META = {
    "id",
    "response id",
    "respondent id",
    "submission id",
    "start time",
    "completion time",
    "end time",
    "start date",
    "end date",
    "email",
    "e mail",
    "email address",
    "your email",
    "your email address",
    "name",
    "your name",
    "full name",
    "respondent",
    "respondent name",
    "last modified time",
    "last modified",
    "timestamp",
    "submitted",
    "submitted at",
    "submission date",
    "submission time",
    "date submitted",
    "created",
    "modified",
    "language",
    "total points",
    "quiz feedback",
    "ip address",
    "user",
    "username",
    "contact name",
    "contact email",
    "telephone",
    "phone",
    "phone number",
    "organisation",
    "organization",
    "organisation name",
    "organization name",
    "lead organisation",
    "lead organization",
    "job title",
    "role",
    "date",
}
_META_PREFIX = re.compile(r"^(?:points|feedback)\s+(?:-\s*)?", re.IGNORECASE)
_META_WORDS = re.compile(
    r"\b(?:e ?mail|phone|telephone|mobile|postcode|post code|zip code|ip address)\b"
    r"|^(?:name of|your) (?:organisation|organization|employer)\b|^(?:organisation|organization) (?:name|type)$",
)


def is_metadata(header: str) -> bool:
    """True for a column that describes the submission rather than answering a question."""
    norm = normalise(header)
    short = len(norm.split()) <= 5  # a long question that mentions e-mail is still a question
    return norm in _META or bool(_META_PREFIX.match(header.strip())) or (short and bool(_META_WORDS.search(norm)))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("_x000D_", "")


def csv_rows(text: str) -> list[list[str]]:
    """Rows of a CSV (or TSV / semicolon) export; the bare parse the benchmark measures against."""
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    if delimiter != "," and sample.split("\n", 1)[0].count(",") > sample.split("\n", 1)[0].count(delimiter):
        delimiter = ","
    csv.field_size_limit(1 << 26)
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def open_workbook(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def xlsx_rows(data: bytes, template: Template) -> list[list[str]]:
    workbook = open_workbook(data)
    try:
        best: list[list[str]] = []
        best_score = -1
        for sheet in workbook.worksheets:
            cells = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)  # refused past the limits, unread
            rows = [[_cell(v) for v in row] for row in bounded_rows(cells)]
            rows = [r for r in rows if any(c.strip() for c in r)]
            if not rows:
                continue
            score = sum(1 for h in rows[0] if h.strip() and match_heading(h, template).field_id)
            if score > best_score:
                best, best_score = rows, score
        return best
    finally:
        workbook.close()


_LABEL_COLUMN = {"question", "questions", "field", "heading", "item", "topic", "section"}
_SUB_HEADER = {"response", "open ended response", "responses", "answer", "other please specify"}


def _header_score(row: list[str], template: Template) -> int:
    """How many cells of a row read as column names: questions, metadata or a title column."""
    score = 0
    for cell in row:
        text = " ".join(cell.split())
        if not text or len(text) > 300:
            continue
        if is_title_label(text) or is_metadata(text) or match_heading(text, template).field_id:
            score += 1
    return score


def _locate_header(rows: list[list[str]], template: Template) -> list[list[str]]:
    """Rows from the header on: skip a title row above it; turn a sheet with questions down column A."""
    scores = [_header_score(r, template) for r in rows[:6]]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    if scores[best] < 2:
        first_column = [r[0] if r else "" for r in rows]
        if _header_score(first_column, template) >= 2:
            width = max(len(r) for r in rows)
            padded = [r + [""] * (width - len(r)) for r in rows]
            return [list(col) for col in zip(*padded, strict=True)]
    rows = rows[best:]
    # SurveyMonkey: a second header row of "Response" / "Open-Ended Response" under each question
    if (
        len(rows) > 1
        and all(normalise(c) in _SUB_HEADER for c in rows[1] if c.strip())
        and any(c.strip() for c in rows[1])
    ):
        rows = [rows[0], *rows[2:]]
    return rows


def table_cases(rows: list[list[str]], template: Template, stem: str) -> list[tuple[Assembled, int]]:
    """One assembled case per data row, with the row number counted from 1 (the first answer row)."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return []
    rows = _locate_header(rows, template)
    header = [" ".join(h.split()) or f"Column {i + 1}" for i, h in enumerate(rows[0])]
    roles: list[tuple[str, MatchResult | None]] = []
    for h in header:
        if normalise(h) in _LABEL_COLUMN:
            roles.append(("skip", None))
        elif is_title_label(h):
            roles.append(("title", None))
        elif is_metadata(h):
            roles.append(("meta", None))
        else:
            r = match_heading(h, template)
            roles.append(("field" if r.field_id else "unplaced", r))
    title_cols = [i for i, (role, _) in enumerate(roles) if role == "title"]
    out: list[tuple[Assembled, int]] = []
    for n, row in enumerate(rows[1:], start=1):
        row = row + [""] * (len(header) - len(row))
        title = ""
        for i in title_cols:
            if row[i].strip():
                title = " ".join(row[i].split())
                break
        title_from = "column" if title else "file name"
        title = title or f"{stem} row {n}"
        grouped: dict[str, list[tuple[str, str, MatchResult]]] = {}
        attributes: dict[str, str] = {}
        unplaced: list[Unplaced] = []
        decisions: list[dict] = []
        for i, (role, result) in enumerate(roles):
            value = tidy(row[i]) if i < len(row) else ""
            if role == "meta":
                if value:
                    attributes[header[i]] = value
            elif role == "field" and result is not None and result.field_id:
                if value:
                    grouped.setdefault(result.field_id, []).append((header[i], value, result))
            elif role == "unplaced" and result is not None and value:
                unplaced.append(Unplaced(header[i], value, result.nearest, round(result.nearest_score, 3)))
                decisions.append(
                    {
                        "heading": header[i],
                        "field": None,
                        "confidence": round(result.nearest_score, 3),
                        "method": "unplaced",
                        "hint": result.nearest,
                    }
                )
        fields: dict[str, str] = {}
        matches: dict[str, FieldMatch] = {}
        for fid in template.field_ids:
            group = grouped.get(fid)
            if not group:
                continue
            fields[fid] = group[0][1] if len(group) == 1 else "\n\n".join(f"{h}\n{v}" for h, v, _ in group)
            conf = min(r.confidence for _, _, r in group)
            matches[fid] = FieldMatch(fid, " / ".join(h for h, _, _ in group), round(conf, 3), group[0][2].method)
            for h, _, r in group:
                decisions.append({"heading": h, "field": fid, "confidence": round(r.confidence, 3), "method": r.method})
        if not fields and not unplaced:
            continue  # a row of metadata only: nothing was answered
        out.append((Assembled(title, title_from, fields, matches, unplaced, attributes, decisions), n))
    return out
