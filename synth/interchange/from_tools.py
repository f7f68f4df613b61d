"""Bring in a ``.qdpx`` another tool wrote: sources read as forms, codes as codebook, themes and general themes.

See :mod:`synth.interchange.importer` for what comes in and how a coding's span is carried from
the source's positions to the answer's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from synth.interchange.plan import (
    SELECTION_DESC,
    SOURCE_FIELD,
    SUMMARY_MARK,
    Plan,
    coding_event,
    merge_codebook,
)
from synth.interchange.qdpx import Selection, Source
from synth.model import CaseStudy, CodebookEntry, FieldMatch, Template, make_id
from synth.state import case_to_dict, codebook_entry_to_dict, template_to_dict


class ToolPlan(Plan):
    """Sources read as forms; codes as codebook, themes and general themes."""

    def events(self, progress) -> list[tuple[str, dict]]:
        from synth.extract.readers.blocks import assemble

        qp = self.qp
        needs_source_field = False
        total = len(qp.sources)
        built: list[tuple[Source, object, str]] = []
        for done, src in enumerate(qp.sources):
            if progress is not None:
                progress(done, total, src.name)
            summaries = _synth_summaries(src.text, self.template)
            view = replace(src, text=_without(src.text, summaries)) if summaries else src
            assembled = assemble(_blocks(view, self.template), self.template, _stem(src.name))
            built.append((src, assembled, _title(src, assembled), summaries))
        coding_targets: dict[str, list[tuple[Selection, str, str, int, int, str, str]]] = {}
        case_events: list[tuple[str, dict]] = []
        for src, assembled, title, summaries in built:
            case_id = self.case_id(title)
            self.case_of[src.guid] = case_id
            fields = dict(assembled.fields)
            pieces = _align(src.text, fields, assembled.matches)
            unplaced = list(assembled.unplaced)
            attributes = {**dict(assembled.attributes), **_refi_attributes(src)}  # the other tool's variables win
            whole = not fields
            landed: list[tuple[Selection, str, str, int, int]] = []
            outside = 0
            clipped = 0
            for sel in src.selections:
                in_summary = next(
                    (s for s in summaries if s[2] <= sel.start and sel.end <= s[3] and s[0] in fields), None
                )
                if in_summary is not None:
                    fid, _, base, _ = in_summary
                    landed.append((sel, fid, "summary", sel.start - base, sel.end - base))
                    continue
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
                    attributes = _refi_attributes(src)  # an interview's "Joan: ..." lines are not attributes
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
            summary_text: dict[str, str] = {}
            for fid, _, a, b in summaries:
                if fid in fields and fid not in summary_text:
                    summary_text[fid] = src.text[a:b]
                    case_events.append(
                        (
                            "summary.recorded",
                            {
                                "case_id": case_id,
                                "field_id": fid,
                                "text": src.text[a:b],
                                "status": "written",
                                "suggestion": None,
                                "engine": None,
                                "engine_version": None,
                                "answer": fields[fid],
                                "reviewed": True,
                                "origin": "analyst",
                                "basis": {"imported_from": qp.path},
                            },
                        )
                    )
            for sel, fid, target, start, end in landed:
                text = (summary_text[fid] if target == "summary" else fields[fid])[start:end]
                for code_guid in sel.codes:
                    coding_targets.setdefault(code_guid, []).append(
                        (sel, case_id, fid, start, end, text, target or "answer")
                    )
            if sel_adjusted := sum(1 for s in src.selections if s.adjusted):
                self.report.notes.append(f"{src.name}: {sel_adjusted} coded span(s) put right ({_adjustments(src)})")
        if needs_source_field:
            self._add_source_field()
        self.cases = case_events
        self._themes(coding_targets)
        self.memos(lambda guid: f"theme:{self.themes_of[guid][0]}" if self.themes_of.get(guid) else None)
        self._selection_memos()
        self._project_memo()
        self.report.imported["cases"] = len(built)
        return self.pre + self.cases + self.after

    def _add_source_field(self) -> None:
        if SOURCE_FIELD.id not in self.template.heading_ids:
            self.template = replace(self.template, fields=(*self.template.fields, SOURCE_FIELD))
            self.pre.append(("template.set", {"template": template_to_dict(self.template)}))
        if SOURCE_FIELD.id not in self.fields:
            self.fields = [*self.fields, SOURCE_FIELD.id]
            self.pre.append(("fields.set", {"fields": self.fields}))

    def _themes(self, targets: dict[str, list[tuple]]) -> None:
        qp = self.qp
        unknown = sum(len(v) for guid, v in targets.items() if qp.code(guid) is None)
        if unknown:
            self.report.skipped.append(f"{unknown} coding(s) refer to a code the codebook does not hold, not imported")
        names = Counter(c.name.casefold() for c in qp.codes)
        entries: list[CodebookEntry] = []
        theme_events: list[tuple[str, dict]] = []
        placed = 0
        for code in qp.codes:
            path = qp.path_of(code.guid)
            fids = {t[2] for t in targets.get(code.guid, ())}
            own = next(iter(fids)) if len(fids) == 1 else None  # "Label (Heading)" coded only under Heading
            bare = _unsuffixed(code.name, self.template, own) if own else code.name
            entries.append(
                CodebookEntry(
                    name=bare,
                    definition=" ".join(code.description.split()),
                    heading=own if bare != code.name else None,
                    parents=path[:-1],
                    colour=code.colour,
                    codable=code.codable,
                )
            )
            label = code.name if names[code.name.casefold()] == 1 or len(path) < 2 else f"{path[-2]} / {code.name}"
            by_field: dict[str, list[dict]] = {}
            for sel, case_id, fid, start, end, text, target in targets.get(code.guid, ()):
                own = _OWN_SELECTION.match(sel.description)  # synth's own line, kept by the other tool
                by_field.setdefault(fid, []).append(
                    coding_event(
                        "",
                        case_id,
                        fid,
                        start,
                        end,
                        text,
                        target,
                        self.user(sel.user),
                        own["origin"] if own else "analyst",
                    )
                )
            for fid, codings in by_field.items():
                theme_id = make_id("t", fid, "qdpx", code.guid, self.nonce)
                for c in codings:
                    c["theme_id"] = theme_id
                    c["id"] = make_id(
                        "k",
                        theme_id,
                        c["case_id"],
                        fid,
                        c["start"],
                        c["end"],
                        c.get("analyst", ""),
                        *(("summary",) if c["target"] == "summary" else ()),
                    )
                unique = list({c["id"]: c for c in codings}.values())
                if len(unique) < len(codings):
                    self.report.notes.append(
                        f"code {code.name!r}: {len(codings) - len(unique)} coding(s) repeat another on the same span and coder"
                    )
                placed += len(unique)
                self.themes_of.setdefault(code.guid, []).append(theme_id)
                theme_events.append(
                    (
                        "theme.created",
                        {
                            "theme": {
                                "id": theme_id,
                                "heading": fid,
                                "label": _unsuffixed(label, self.template, fid),
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
        codebook = merge_codebook(list(self.state.codebook), entries)
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

    def _project_memo(self) -> None:
        """The project's own description (QualCoder's project memo) becomes a memo on the project."""
        text = self.qp.description.strip()
        if text and not _OWN_DESCRIPTION.match(text):
            self.memo("project", text, "project-description")
            self.report.imported["memos"] = self.report.imported.get("memos", 0) + 1

    def _selection_memos(self) -> None:
        """A selection's own description (QualCoder's coding memo) becomes a memo on its case."""
        count = 0
        for src in self.qp.sources:
            case = self.case_of.get(src.guid)
            for sel in src.selections:
                if not sel.description or not case or _OWN_SELECTION.match(sel.description):
                    continue  # synth's own "Heading (answer); theme ...; origin ..." line is not a memo
                codes = ", ".join(self.qp.path_of(c)[-1] for c in sel.codes if self.qp.code(c)) or "no code"
                quote = " ".join(src.text[sel.start : sel.end].split())[:120]
                self.memo(f"case:{case}", f"On \u201c{quote}\u201d ({codes}): {sel.description}", sel.guid, sel.user)
                count += 1
        self.report.imported["memos"] = self.report.imported.get("memos", 0) + count


_OWN_SELECTION = re.compile(r"^[^\n]+ \((?:answer|summary)\); theme [^\n]+; " + SELECTION_DESC.pattern)


def _unsuffixed(label: str, template: Template, fid: str) -> str:
    """A code named ``Label (Heading)`` whose codings sit under that heading is the theme ``Label``: synth's
    own export names a theme so, and re-exporting must not write ``Label (Heading) (Heading)``."""
    heading = template.heading(fid) if fid in template.heading_ids else ""
    tail = f" ({heading})"
    return label[: -len(tail)] if heading and label.endswith(tail) and len(label) > len(tail) else label


_OWN_DESCRIPTION = re.compile(r"^Thematic synthesis of \d+ case studies exported by synth ")


def _synth_summaries(text: str, template: Template) -> list[tuple[str, int, int, int]]:
    """synth's own ``Heading: uniform summary`` blocks in a source that went out from synth and came back
    through another tool: (field id, block start, summary start, summary end), the block running from the
    blank line before its marker to the summary's last character."""
    headings = {f.heading: f.id for f in template.fields}
    out: list[tuple[str, int, int, int]] = []
    for m in re.finditer(r"\n\n(?P<h>[^\n]+)" + re.escape(SUMMARY_MARK) + r"\n", text):
        if m["h"] not in headings:
            continue
        start = m.end()
        ends = [text.find(f"\n\n{h}{tail}\n", start) for h in headings for tail in ("", SUMMARY_MARK)]
        end = min([e for e in ends if e >= 0], default=len(text))
        while end > start and text[end - 1] == "\n":
            end -= 1
        out.append((headings[m["h"]], m.start(), start, end))
    return out


def _without(text: str, summaries: list[tuple[str, int, int, int]]) -> str:
    """The text with those summary blocks taken out, so the answer above each reads as it was written."""
    out, at = [], 0
    for _, block, _, end in summaries:
        out.append(text[at:block])
        at = end
    out.append(text[at:])
    return "".join(out)


def _refi_attributes(src: Source) -> dict[str, str]:
    """The source's variables, and the REFI-QDA cases it is in (``REFI-QDA case``, unless a variable has that name)."""
    out = dict(src.attributes)
    if src.cases:
        out.setdefault("REFI-QDA case", "; ".join(src.cases))
    return out


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
