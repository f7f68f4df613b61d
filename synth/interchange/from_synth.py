"""Read back a ``.qdpx`` synth wrote: answers, summaries, themes, general themes and codebook exactly as they were.

See :mod:`synth.interchange.importer` for what comes in; this module knows the layout
:func:`synth.report.refi.source_text` writes and cuts each source back into its parts,
refusing a source whose text no longer rebuilds exactly (it was edited after export).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from synth.interchange import InterchangeError
from synth.interchange.plan import (
    GENERAL_LINE,
    HEADING_LINE,
    SELECTION_DESC,
    SOURCE_DESC,
    SOURCE_FIELD,
    SUMMARY_MARK,
    UNREVIEWED,
    Plan,
    coding_event,
    merge_codebook,
)
from synth.interchange.qdpx import QdpxProject, Selection, Source
from synth.model import CaseStudy, CodebookEntry, Field, FieldMatch, make_id
from synth.state import case_to_dict, codebook_entry_to_dict, template_to_dict


class SynthPlan(Plan):
    """Read back synth's own layout (see :func:`synth.report.refi.source_text`)."""

    def events(self, progress) -> list[tuple[str, dict]]:
        qp = self.qp
        self.headings = self._heading_ids()
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
        self._fields(_merged_order([cut["order"] for _, cut in parsed], list(self.template.heading_ids)))
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
            for m in HEADING_LINE.finditer(code.description):
                ids.setdefault(m.group("heading"), m.group("id"))
        return ids

    def _fields(self, order: list[str]) -> None:
        unknown = [f for f in order if f not in self.template.heading_ids]
        if unknown:
            questions = {n[len("Heading: ") :]: d for n, d, _ in self.qp.sets if n.startswith("Heading: ")}
            extra = tuple(
                SOURCE_FIELD
                if f == SOURCE_FIELD.id
                else Field(id=f, heading=self._heading_of(f), question=questions.get(self._heading_of(f), ""))
                for f in unknown
            )
            self.template = replace(self.template, fields=(*self.template.fields, *extra))
            self.pre.append(("template.set", {"template": template_to_dict(self.template)}))
        if not self.state.cases and set(self.fields) == set(self.state.template.heading_ids):
            # a fresh project with the default fields takes the exported order of headings, so it exports as it came
            # in (a project made with --fields keeps its choice, and gains the headings the file answers)
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
                for kind, mark in (("answer", f"\n{h}\n"), ("summary", f"\n{h}{SUMMARY_MARK}\n")):
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
            head = f"\n{h}\n" if kind == "answer" else f"\n{h}{SUMMARY_MARK}\n"
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
                rebuilt += f"\n{h}{SUMMARY_MARK}\n{text[a:b]}\n"
        if rebuilt != text:
            return None
        return {"title": title, "answers": answers, "summaries": summaries, "order": order}

    def _case(self, src: Source, cut: dict) -> None:
        text = src.text
        m = SOURCE_DESC.match(src.description)
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
            attributes=dict(src.attributes),  # synth's own Cases only repeat the titles
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
            heading = HEADING_LINE.search(code.description)
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
                unreviewed = UNREVIEWED in lines
                definition = " ".join(
                    ln for ln in lines if ln and not ln.startswith(("Heading:", "Projects:")) and ln != UNREVIEWED
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
                unreviewed = any(ln.endswith(UNREVIEWED) for ln in lines)
                definition = "\n".join(ln for ln in lines if ln and not GENERAL_LINE.match(ln)).strip()
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
                    m = SELECTION_DESC.search(sel.description)
                    by_theme.setdefault(theme_id, []).append(
                        coding_event(
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
                        "entries": [codebook_entry_to_dict(e) for e in merge_codebook(existing, self.codebook)],
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
    from synth.interchange.qdc import description_fields

    parents = qp.path_of(code.guid)[:-1]
    parents = tuple(p for p in parents if p != "Codebook codes not yet applied")
    return CodebookEntry(
        **description_fields(code.name, code.description),
        parents=parents,
        colour=code.colour,
        codable=code.codable,
    )


def _merged_order(orders: list[list[str]], template: list[str]) -> list[str]:
    """One order of headings agreeing with every source's (synth writes all sources in one order).

    Each source gives pairs "a before b"; headings are taken in that order, ties broken by the
    template's order, then by first appearance. A contradiction (not from synth) keeps first appearance.
    """
    seen: list[str] = []
    for order in orders:
        seen += [f for f in order if f not in seen]
    after: dict[str, set[str]] = {f: set() for f in seen}
    before: dict[str, int] = dict.fromkeys(seen, 0)
    for order in orders:
        for a, b in pairwise(order):
            if b not in after[a]:
                after[a].add(b)
                before[b] += 1
    rank = {f: (template.index(f) if f in template else len(template) + seen.index(f)) for f in seen}
    ready = sorted((f for f in seen if before[f] == 0), key=rank.__getitem__)
    out: list[str] = []
    while ready:
        f = ready.pop(0)
        out.append(f)
        for g in after[f]:
            before[g] -= 1
            if before[g] == 0:
                ready.append(g)
        ready.sort(key=rank.__getitem__)
    return out if len(out) == len(seen) else seen
