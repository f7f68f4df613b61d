"""A codebook the analyst brings, and deductive suggestions coded against it.

A codebook is a list of codes (name, definition, inclusion and exclusion notes,
example phrases, optionally the one heading it applies to, its parents in the
code tree and its colour), read from TOML, CSV (synth's columns, Taguette's
``tag,description``, or QualCoder's ``Category>>Code,memo`` rows), QualCoder's
``.txt`` export, or a REFI-QDA ``.qdc``/``.qdpx``, and recorded on the trail as
one ``codebook.set`` event. A name may repeat under different parents (an
NVivo tree with "Other" under two codes keeps both); a category that only
groups codes is kept, not codable.

Coding is deductive: each code's name and example phrases are matched in every
working text with spaCy's PhraseMatcher over lemmas (so "volunteers" finds
"volunteering") and, for sentences with no exact match, rapidfuzz partial
matching of the lowercased phrase (so typos and small variants still count).
A code with matches becomes a suggestion with ``source="codebook"``, ranked in
with the inductive suggestions, with the matching sentences as evidence.
"""

from __future__ import annotations

import csv
import tomllib
from collections import Counter
from dataclasses import replace
from pathlib import Path

from synth.interchange.qdc import CodebookError, read_qdc
from synth.model import CodebookEntry, slugify
from synth.state import ProjectState, codebook_entry_to_dict
from synth.themes.corpus import Corpus

FUZZY_CUTOFF = 90  # rapidfuzz partial_ratio for a near match of an example phrase
_CSV_COLUMNS = {
    "name": "name",
    "code": "name",
    "theme": "name",
    "label": "name",
    "definition": "definition",
    "description": "definition",
    "include": "include",
    "inclusion": "include",
    "exclude": "exclude",
    "exclusion": "exclude",
    "examples": "examples",
    "example": "examples",
    "keywords": "examples",
    "phrases": "examples",
    "heading": "heading",
    "field": "heading",
    "tag": "name",  # Taguette
    "parent": "parent",
    "parents": "parent",
    "colour": "colour",
    "color": "colour",
}
#: QualCoder's codebook CSV and text exports: no header, ``Category>>Sub>>Code`` then the memo.
QUALCODER_SEPARATOR = ">>"


def load_codebook(path: str | Path) -> list[CodebookEntry]:
    """Read a codebook from a ``.toml``, ``.csv`` or REFI-QDA ``.qdc`` file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise CodebookError(f"{path}: no such codebook file")
    if suffix == ".toml":
        entries = _from_toml(path)
    elif suffix in (".csv", ".tsv"):
        entries = _from_csv(path, "\t" if suffix == ".tsv" else ",")
    elif suffix in (".qdc", ".qdpx", ".qde"):
        entries = _from_qdc(path)
    elif suffix == ".txt":
        entries = _from_qualcoder_text(path)
    else:
        raise CodebookError(
            f"{path}: unknown codebook format {suffix or '(none)'} (use .toml, .csv, .qdc, .qdpx or QualCoder's .txt)"
        )
    if not entries:
        raise CodebookError(f"{path}: the codebook holds no codes")
    # a name may repeat under another parent or heading ("Other" under two codes); the same place twice is a mistake
    keys = Counter((tuple(p.casefold() for p in e.path), e.heading) for e in entries)
    dupes = sorted(" > ".join(k[0]) + (f" [{k[1]}]" if k[1] else "") for k, n in keys.items() if n > 1)
    if dupes:
        raise CodebookError(f"{path}: code names repeat under the same parent: {', '.join(dupes)}")
    return entries


def _examples(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        parts = value.replace("|", ";").split(";")
    elif isinstance(value, list | tuple):
        parts = [str(v) for v in value]
    else:
        parts = [str(value)]
    return tuple(p.strip() for p in parts if p.strip())


def _parents(value: object) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if str(v).strip())
    text = str(value)
    sep = QUALCODER_SEPARATOR if QUALCODER_SEPARATOR in text else "/" if "/" in text else None
    parts = text.split(sep) if sep else [text]
    return tuple(p.strip() for p in parts if p.strip())


def _entry(data: dict, where: str) -> CodebookEntry:
    name = str(data.get("name") or "").strip()
    if not name:
        raise CodebookError(f"{where}: a code has no name")
    heading = str(data.get("heading") or "").strip() or None
    codable = data.get("codable", True)
    return CodebookEntry(
        name=name,
        definition=str(data.get("definition") or "").strip(),
        include=str(data.get("include") or "").strip(),
        exclude=str(data.get("exclude") or "").strip(),
        examples=_examples(data.get("examples")),
        heading=heading,
        parents=_parents(data.get("parent", data.get("parents"))),
        colour=str(data.get("colour") or data.get("color") or "").strip(),
        codable=codable if isinstance(codable, bool) else str(codable).strip().lower() not in ("false", "0", "no"),
    )


def _from_toml(path: Path) -> list[CodebookEntry]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CodebookError(f"{path}: cannot read TOML ({exc})") from exc
    codes = data.get("codes", data.get("code", data.get("themes")))
    if not isinstance(codes, list) or not all(isinstance(c, dict) for c in codes):
        raise CodebookError(f"{path}: expected [[codes]] tables, each with a name")
    return [_entry(c, f"{path} (code {i + 1})") for i, c in enumerate(codes)]


def _from_csv(path: Path, delimiter: str) -> list[CodebookEntry]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=delimiter))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CodebookError(f"{path}: cannot read CSV ({exc})") from exc
    if not rows:
        return []
    header = [_CSV_COLUMNS.get(h.strip().lower()) for h in rows[0]]
    if "name" not in header:
        if any(QUALCODER_SEPARATOR in (r[0] if r else "") for r in rows) or len(rows[0]) <= 2:
            return _from_qualcoder_rows(rows, path)
        raise CodebookError(f"{path}: no 'name' (or 'code', or Taguette's 'tag') column in the header row")
    entries = []
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        data = {key: cell for key, cell in zip(header, row, strict=False) if key}
        entries.append(_entry(data, f"{path} (line {line})"))
    return entries


def _from_qualcoder_text(path: Path) -> list[CodebookEntry]:
    """QualCoder's plain-text codebook: ``Category>>Code<TAB>"memo"`` a line."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(f"{path}: cannot read text ({exc})") from exc
    rows = []
    for ln in lines:
        if ln.strip():
            head, _, memo = ln.partition("\t")
            rows.append([head, memo.strip().strip('"')])
    return _from_qualcoder_rows(rows, path)


def _from_qualcoder_rows(rows: list[list[str]], path: Path) -> list[CodebookEntry]:
    """QualCoder's shape: ``Category>>Code,memo`` rows without a header; each category is kept once."""
    entries: list[CodebookEntry] = []
    known: set[tuple[str, ...]] = set()
    for line, row in enumerate(rows, 1):
        if not row or not row[0].strip():
            continue
        parts = tuple(p.strip() for p in row[0].split(QUALCODER_SEPARATOR) if p.strip())
        if not parts:
            raise CodebookError(f"{path} (line {line}): a code has no name")
        for depth in range(1, len(parts)):
            if parts[:depth] not in known:
                known.add(parts[:depth])
                entries.append(CodebookEntry(name=parts[depth - 1], parents=parts[: depth - 1], codable=False))
        memo = row[1].strip() if len(row) > 1 else ""
        if parts in known:  # a category named before its first code, now given its memo
            entries = [replace(e, definition=memo or e.definition) if e.path == parts else e for e in entries]
            continue
        known.add(parts)
        entries.append(CodebookEntry(name=parts[-1], definition=memo, parents=parts[:-1]))
    return entries


def _from_qdc(path: Path) -> list[CodebookEntry]:
    try:
        return list(read_qdc(path))
    except Exception as exc:  # one line naming the file, whatever the XML reader met
        raise CodebookError(f"{path}: cannot read the REFI-QDA codebook ({exc})") from exc


def set_codebook(project, entries: list[CodebookEntry], source: str = ""):
    """Record the codebook on the trail (one ``codebook.set`` event); it replaces any earlier one."""
    return project.record("codebook.set", entries=[codebook_entry_to_dict(e) for e in entries], source=source)


# -- deductive coding -----------------------------------------------------------------


def _lemma_doc(nlp, text: str):
    """A tokenised doc whose tokens carry synth's lookup lemmas (lowercased first)."""
    from synth.nlp import lemma

    doc = nlp.tokenizer(text)
    for token in doc:
        token.lemma_ = lemma(token.lower_)
    return doc


def code_entry_spans(state: ProjectState, entry: CodebookEntry, heading: str, corp: Corpus) -> list[tuple]:
    """Sentences under ``heading`` that match ``entry``: (unit, sentence index, how) triples."""
    return _match(state, [entry], heading, corp).get(entry.name, [])


def _match(state: ProjectState, entries: list[CodebookEntry], heading: str, corp: Corpus) -> dict[str, list[tuple]]:
    from rapidfuzz import fuzz
    from spacy.matcher import PhraseMatcher

    from synth.nlp import get_nlp

    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    phrases: dict[str, list[str]] = {}
    for entry in entries:
        patterns = list(dict.fromkeys(p for p in (entry.name, *entry.examples) if p.strip()))
        phrases[entry.name] = [p.lower() for p in patterns]
        matcher.add(entry.name, [_lemma_doc(nlp, p) for p in patterns])
    found: dict[str, list[tuple]] = {}
    for unit in corp.units.get(heading, ()):
        sentences = unit.analysis.sentences
        doc = _lemma_doc(nlp, unit.text)
        hits: dict[str, set[int]] = {}
        for match_id, start, _end in matcher(doc):
            char = doc[start].idx
            s_index = next((i for i, (a, b) in enumerate(sentences) if a <= char < b), None)
            if s_index is not None:
                hits.setdefault(nlp.vocab.strings[match_id], set()).add(s_index)
        for entry in entries:
            exact = hits.get(entry.name, set())
            for s_index in exact:
                found.setdefault(entry.name, []).append((unit, s_index, "lemma"))
            long_patterns = [p for p in phrases[entry.name] if len(p) >= 6]
            if not long_patterns:
                continue
            for s_index, (a, b) in enumerate(sentences):
                if s_index in exact:
                    continue
                lowered = unit.text[a:b].lower()
                if any(fuzz.partial_ratio(p, lowered) >= FUZZY_CUTOFF for p in long_patterns):
                    found.setdefault(entry.name, []).append((unit, s_index, "fuzzy"))
    return found


def codebook_suggestions(state: ProjectState, heading: str, corp: Corpus) -> list:
    """A suggestion per codebook code that matches text under ``heading``."""
    from synth.themes.suggestion import Evidence, ThemeSuggestion

    entries = [e for e in state.codebook if e.codable and e.heading in (None, "", heading)]
    units = corp.units.get(heading, [])
    if not entries or not units:
        return []
    matches = _match(state, entries, heading, corp)
    out = []
    for entry in entries:
        spans = sorted(matches.get(entry.name, []), key=lambda m: (m[0].case_id, m[1]))
        if not spans:
            continue
        evidence = []
        for unit, s_index, _how in spans:
            a, b = unit.analysis.sentences[s_index]
            evidence.append(Evidence(unit.case_id, heading, a, b, unit.text[a:b], unit.target))
        cases = tuple(sorted({e.case_id for e in evidence}))
        out.append(
            ThemeSuggestion(
                key=f"cb:{slugify(entry.name)}",
                heading=heading,
                label=entry.name,
                case_ids=cases,
                evidence=tuple(evidence),
                score=round(min(1.0, 0.3 + len(cases) / len(units)), 4),
                source="codebook",
                phrases=tuple(p.lower() for p in (entry.name, *entry.examples)),
                definition=entry.definition,
            )
        )
    out.sort(key=lambda s: (-s.score, s.label))
    return out
