"""Spreadsheet exports (Microsoft Forms, Google Forms, Qualtrics, SurveyMonkey): one case per row.

The header is the row, among the first few, whose cells read most like
column names. Each column is, in this order: the title column (``Project
name``, ``Title``...), a metadata column (ID, start and completion times,
e-mail, respondent name, IP address, location, language, progress, duration,
points and feedback of quiz forms) kept as case attributes and never as
answers, a field's column (matched like any heading, long and reworded
question texts included: :func:`synth.extract.matching.match_question`), or a
question the template lacks, whose answers go to ``unplaced``.

What each tool adds around the header: Qualtrics writes its export tags above
the question texts and a row of ``{"ImportId": ...}`` below them (neither is
a case); SurveyMonkey writes a second header row, ``Response`` /
``Open-Ended Response`` under each question or each choice's text under a
question that spans several columns, whose ticked choices are one answer.
When two columns answer the same field, the first (or the clearly better
match) keeps it and the other's answers stay unplaced, with that field as the
hint, so nothing is glued into an answer it does not belong to.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from synth.extract.matching import MatchResult, is_title_label, normalise
from synth.extract.questions import match_question
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
    # Qualtrics and SurveyMonkey (not a bare "Duration" or "Status": a form may ask how long the project ran)
    "response type",
    "progress",
    "duration in seconds",
    "finished",
    "recorded date",
    "recipient last name",
    "recipient first name",
    "recipient email",
    "external reference",
    "external data reference",
    "location latitude",
    "location longitude",
    "latitude",
    "longitude",
    "distribution channel",
    "user language",
    "collector id",
    "first name",
    "last name",
    "score",
}
_META_PREFIX = re.compile(r"^(?:points|feedback)\s+(?:-\s*)?", re.IGNORECASE)
_META_WORDS = re.compile(
    r"\b(?:e ?mail|phone|telephone|mobile|postcode|post code|zip code|ip address)\b"
    r"|^(?:name of|your) (?:organisation|organization|employer)\b|^(?:organisation|organization) (?:name|type)$",
)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_META_PATTERN = re.compile(r"^(?:custom data|custom variable|embedded data|q recaptcha ?score)\s*\d*$")


def is_metadata(header: str) -> bool:
    """True for a column that describes the submission rather than answering a question."""
    norm = normalise(_CAMEL.sub(" ", header) if " " not in header.strip() else header)
    if _META_PATTERN.match(norm):
        return True
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
            score = sum(1 for h in rows[0] if h.strip() and match_question(h, template).heading_id)
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
        if is_title_label(text) or is_metadata(text) or match_question(text, template).heading_id:
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
    rows = _qualtrics_header(rows, best, scores)
    rows = _drop_import_ids(rows)
    return _merge_sub_header(rows)


_IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:')


def _is_import_ids(row: list[str]) -> bool:
    cells = [c.strip() for c in row if c.strip()]
    return bool(cells) and sum(1 for c in cells if _IMPORT_ID.match(c)) * 2 >= len(cells)


def _qualtrics_header(rows: list[list[str]], best: int, scores: list[int]) -> list[list[str]]:
    """Rows from the header on; in a Qualtrics export, the question texts even when the tags above score as well.

    Qualtrics writes export tags (``Q1``, or names the author gave, such as ``purpose``), then the
    question texts, then the ImportId row. Whichever of the first two reads more like headers is
    the header; the other is not a case.
    """
    if best + 2 < len(rows) and _is_import_ids(rows[best + 2]):
        texts = best + 1
        text_score = scores[texts] if texts < len(scores) else 0
        header = texts if text_score >= scores[best] else best
        return [rows[header], *rows[best + 3 :]]
    return rows[best:]


def _drop_import_ids(rows: list[list[str]]) -> list[list[str]]:
    """Qualtrics: the row of ``{"ImportId":"QID1_TEXT"}`` under the question texts is no submission."""
    if len(rows) > 1 and _is_import_ids(rows[1]):
        return [rows[0], *rows[2:]]
    return rows


def _merge_sub_header(rows: list[list[str]]) -> list[list[str]]:
    """SurveyMonkey's second header row: dropped, or folded into the header of a question over several columns.

    ``Response`` / ``Open-Ended Response`` under each question says nothing;
    under a multiple-choice question the first column holds the question and
    the second row each choice's text, with the columns after it headed blank.
    Those columns get the question as header, marked with the choice
    (``question\x00choice``) so :func:`table_cases` joins the ticked choices.
    """
    if len(rows) < 2:
        return rows
    head, sub = rows[0], rows[1]
    filled = [(i, c) for i, c in enumerate(sub) if c.strip()]
    if not filled:
        return rows
    if all(normalise(c) in _SUB_HEADER for _, c in filled):
        return [rows[0], *rows[2:]]
    width = max(len(head), len(sub))
    head = head + [""] * (width - len(head))
    if not any(normalise(c) in _SUB_HEADER for _, c in filled) or not any(not head[i].strip() for i, _ in filled):
        return rows  # every choice would need a blank header beside its question: this is a data row
    if any(head[i].strip() and is_metadata(head[i]) for i, _ in filled):
        return rows
    merged, question = [], ""
    for i, h in enumerate(head):
        choice = sub[i].strip() if i < len(sub) else ""
        if h.strip():
            question = h
        group = not h.strip() or (i + 1 < width and not head[i + 1].strip() and choice)
        if group and question and choice:
            merged.append(f"{question}\x00{choice}")
        else:
            merged.append(h)
    return [merged, *rows[2:]]


def _roles(header: list[str], template: Template) -> list[tuple[str, MatchResult | None]]:
    """What each column is: skip, title, meta, field (with its match) or unplaced (with the nearest field)."""
    roles: list[tuple[str, MatchResult | None]] = []
    for h in header:
        if normalise(h) in _LABEL_COLUMN:
            roles.append(("skip", None))
        elif is_title_label(h):
            roles.append(("title", None))
        elif is_metadata(h):
            roles.append(("meta", None))
        else:
            r = match_question(h.split("\x00")[0], template)
            roles.append(("field" if r.heading_id else "unplaced", r))
    return _keep_apart(header, roles)


def _keep_apart(header: list[str], roles: list[tuple[str, MatchResult | None]]) -> list[tuple[str, MatchResult | None]]:
    """Two questions answering one field: the better match (the first, on a tie) keeps it, the other is unplaced.

    Its answers keep their own column's header and carry the field as the hint;
    the columns of one multiple-choice question are one question, not a clash.
    """
    owner: dict[str, int] = {}
    for i, (role, r) in enumerate(roles):
        if role != "field" or r is None or r.heading_id is None:
            continue
        j = owner.get(r.heading_id)
        if j is None:
            owner[r.heading_id] = i
            continue
        if header[i].split("\x00")[0] == header[j].split("\x00")[0]:
            continue
        kept = roles[j][1]
        assert kept is not None
        if r.confidence > kept.confidence + 0.05:
            owner[r.heading_id], i, j = i, j, i
        loser = roles[i][1]
        assert loser is not None
        roles[i] = (
            "duplicate",
            MatchResult(None, loser.confidence, "duplicate", loser.heading_id, loser.confidence),
        )
    return roles


def _column_values(header: list[str], roles: list, row: list[str]) -> list[tuple[int, str]]:
    """(column, answer) per question: the ticked choices of a multiple-choice question joined in its first column."""
    out: list[tuple[int, str]] = []
    group_at: dict[str, int] = {}
    for i, _ in enumerate(roles):
        value = tidy(row[i]) if i < len(row) else ""
        if "\x00" in header[i]:
            question = header[i].split("\x00")[0]
            if question in group_at:
                k = group_at[question]
                j, previous = out[k]
                out[k] = (j, f"{previous}; {value}" if previous and value else previous or value)
                continue
            group_at[question] = len(out)
        out.append((i, value))
    return out


def table_cases(rows: list[list[str]], template: Template, stem: str) -> list[tuple[Assembled, int]]:
    """One assembled case per data row, with the row number counted from 1 (the first answer row)."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return []
    rows = _locate_header(rows, template)
    header = [" ".join(h.split()) or f"Column {i + 1}" for i, h in enumerate(rows[0])]
    roles = _roles(header, template)
    header = [h.split("\x00")[0] for h in header]
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
        for i, value in _column_values(rows[0], roles, row):
            role, result = roles[i]
            if role == "meta":
                if value:
                    attributes[header[i]] = value
            elif role == "field" and result is not None and result.heading_id:
                if value:
                    grouped.setdefault(result.heading_id, []).append((header[i], value, result))
            elif role in ("unplaced", "duplicate") and result is not None and value:
                unplaced.append(Unplaced(header[i], value, result.nearest, round(result.nearest_score, 3)))
                decisions.append(
                    {
                        "heading": header[i],
                        "field": None,
                        "confidence": round(result.nearest_score, 3),
                        "method": result.method if role == "duplicate" else "unplaced",
                        "hint": result.nearest,
                    }
                )
        fields: dict[str, str] = {}
        matches: dict[str, FieldMatch] = {}
        for fid in template.heading_ids:
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
