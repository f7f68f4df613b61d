"""Step 1, extract: each case's form, answer under field, with how sure each heading match was.

Unplaced sections and low-confidence matches are marked; ``m`` moves the
highlighted section to another field (:func:`synth.extract.remap.remap`); ``i``
imports more forms in a worker (``synth.extract.importer.import_paths``).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from synth.extract.remap import Section, remap
from synth.tui import views
from synth.tui.screens.base import SynthScreen
from synth.tui.widgets.dialogs import Ask, Pick
from synth.tui.widgets.paged import PagedOptionList
from synth.tui.widgets.steady import SteadyOptionList

ANSWER_PREVIEW = 1200


def section_options(state, case) -> list[Option]:
    """The case's sections: each template field with its answer and match, then the unplaced ones."""
    options: list[Option] = []
    tpl = state.template
    fields = list(tpl.fields) if tpl else []
    analysed = [f for f in fields if f.id in state.fields]
    others = [f for f in fields if f.id not in state.fields and case.fields.get(f.id, "").strip()]
    for field in analysed + others:
        answer = case.fields.get(field.id, "")
        match = case.matches.get(field.id)
        head = Text(field.heading, style="bold")
        if field.id not in state.fields:
            head.append("  (not analysed)", style="dim")
        if match is not None:
            low = match.confidence < views.LOW_CONFIDENCE
            head.append(
                f"  ← {match.heading!r} {match.confidence:.2f} {match.method}", style="bold red" if low else "dim"
            )
            if low:
                head.append("  ! check this match", style="bold red")
        if not answer.strip():
            head.append("  no answer", style="dim italic")
            options.append(Option(head, id=f"f:{field.id}", disabled=True))
            continue
        body = answer if len(answer) <= ANSWER_PREVIEW else answer[:ANSWER_PREVIEW] + "…"
        options.append(Option(Text.assemble(head, "\n", body, "\n"), id=f"f:{field.id}"))
    for i, u in enumerate(case.unplaced):
        head = Text(f"! UNPLACED: {u.heading!r}", style="bold reverse red")
        if u.hint:
            head.append(f"  nearest: {state.template.heading(u.hint)} ({u.score:.2f})", style="bold red")
        body = u.text if len(u.text) <= ANSWER_PREVIEW else u.text[:ANSWER_PREVIEW] + "…"
        options.append(Option(Text.assemble(head, "\n", body, "\n"), id=f"u:{i}"))
    return options


class ExtractScreen(SynthScreen):
    """Cases on the left, the highlighted case's form on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "import_forms", "Import", tooltip="Import more forms from a file or folder"),
        Binding("m", "remap", "Re-map", tooltip="Move the highlighted section to another field"),
        Binding("o", "open_document", "Document", tooltip="Open the highlighted case as one document, codings marked"),
        Binding("left", "focus_cases", "Cases", show=False, tooltip="Back to the cases list"),
        Binding("right", "focus_sections", "Sections", show=False, tooltip="Into the case's sections"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.case_id: str | None = None
        self._case_ids: list[str] = []
        self._flagged = 0

    def body(self) -> ComposeResult:
        with Horizontal():
            with Vertical(classes="list-pane"):
                yield Label("Cases", classes="pane-title", id="cases-title")
                yield PagedOptionList(id="cases")
            with Vertical(classes="detail-pane"):
                yield Label("", classes="pane-title", id="case-title")
                yield SteadyOptionList(id="sections")

    def refresh_view(self) -> None:
        s = self.state
        cases = self.query_one("#cases", PagedOptionList)
        ids = self.cases_shown()
        keep = cases.highlighted
        flagged = set(views.to_check(s))
        flagged = flagged if len(ids) == len(s.cases) else flagged.intersection(ids)
        # one page of the list is built (a 10,000-case project mounts 200 options, not 10,000)
        cases.show_ids(ids, lambda c: ("! " if c in flagged else "  ") + s.cases[c].title,
                       self.case_id if self.case_id in s.cases else None)  # fmt: skip
        self._case_ids = ids
        self._flagged = len(flagged)
        self.cases_title()
        if not ids:
            self.set_line(
                "#case-title",
                "No cases pass the filter: press f" if s.cases else "No cases yet: press i to import forms",
            )
            self.query_one("#sections", SteadyOptionList).clear_options()
            return
        at = cases.index_of(self.case_id) if self.case_id is not None else None
        if at is None:
            at = keep if keep is not None and keep < cases.option_count else 0
        cases.highlighted = at
        self.show_case(cases.get_option_at_index(at).id)

    def cases_title(self) -> None:
        s, ids = self.state, self._case_ids
        of = f" of {len(s.cases)}" if len(ids) != len(s.cases) else ""
        page = self.query_one("#cases", PagedOptionList).describe_page()
        self.set_line(
            "#cases-title", f"Cases ({len(ids)}{of}, {self._flagged} to check)" + (f" · {page}" if page else "")
        )

    @on(PagedOptionList.PageTurned, "#cases")
    def page_turned(self) -> None:
        self.cases_title()

    def show_case(self, case_id: str) -> None:
        s = self.state
        case = s.cases.get(case_id)
        if case is None:
            return
        self.case_id = case_id
        cases = self.query_one("#cases", PagedOptionList)
        index = cases.index_of(case_id)
        if index is not None and cases.highlighted != index:
            cases.highlighted = index
        where = f"{case.source}" + (f" row {case.row}" if case.row else "")
        self.set_line("#case-title", f"{case.title}  [dim]{where} · {case.format}[/]")
        sections = self.query_one("#sections", SteadyOptionList)
        keep = sections.highlighted
        sections.replace(section_options(s, case))
        if sections.option_count:
            sections.highlighted = min(keep or 0, sections.option_count - 1)

    @on(OptionList.OptionHighlighted, "#cases")
    def case_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != event.option_list.highlighted:
            return  # stale: the list was rebuilt since this was posted
        if event.option.id != self.case_id:
            self.show_case(event.option.id)

    @on(OptionList.OptionSelected, "#cases")
    def case_selected(self) -> None:
        self.query_one("#sections").focus()

    def action_focus_cases(self) -> None:
        self.query_one("#cases").focus()

    def action_focus_sections(self) -> None:
        self.query_one("#sections").focus()

    def action_open_document(self) -> None:
        if self.case_id is None:
            self.notify("No case to open.", severity="warning")
            return
        self.app.open_case(self.case_id)

    # -- re-map ------------------------------------------------------------------

    def action_remap(self) -> None:
        sections = self.query_one("#sections", OptionList)
        if self.case_id is None or sections.highlighted is None:
            self.notify("Highlight a section of a case first.", severity="warning")
            return
        section = sections.get_option_at_index(sections.highlighted).id
        tpl = self.state.template
        choices = [(f.id, f"{f.heading} ({f.id})") for f in tpl.fields if f"f:{f.id}" != section]
        if section.startswith("f:"):
            choices.append(("-", "Leave it unplaced"))
        case = self.state.cases[self.case_id]
        if section.startswith("u:"):
            what = f"the unplaced section {case.unplaced[int(section[2:])].heading!r}"
        else:
            what = f"the answer under {tpl.heading(section[2:])!r}"
        self.app.push_screen(Pick(f"{case.title}: move {what} to which field?", choices),
                             lambda to: self._remap(section, to))  # fmt: skip

    def _remap(self, section: str, to: str | None) -> None:
        if to is None or self.case_id is None:
            return
        case = self.state.cases[self.case_id]
        moved: Section = int(section[2:]) if section.startswith("u:") else section[2:]
        with self.app.guard(f"re-map in {case.title}"):
            event = remap(self.project, case.id, moved, None if to == "-" else to)
            target = "unplaced" if event.payload["to"] is None else self.state.template.heading(event.payload["to"])
            self.notify(f"{case.title}: {event.payload['heading']!r} moved to {target}. ctrl+z undoes.")
            self.refresh_view()

    # -- import --------------------------------------------------------------------

    def action_import_forms(self) -> None:
        self.app.push_screen(
            Ask("Import forms from which file or folder?", placeholder="path/to/forms"), self._import_path
        )

    def _import_path(self, value: str | None) -> None:
        if not value:
            return
        path = Path(value).expanduser()
        if not path.exists():
            self.notify(f"{path}: no such file or folder", severity="error")
            return
        project, import_paths = self.project, self.app.engines.import_paths

        def job(progress, cancelled):
            return import_paths(project, [path], progress=progress, cancelled=cancelled)

        self.run_task(job, group="import", title=f"Importing {path.name}", what="import", done=self._imported)

    def _imported(self, report) -> None:
        imported = list(getattr(report, "imported", []))
        duplicates = list(getattr(report, "duplicates", []))
        failed = list(getattr(report, "failed", []))
        self.notify(
            f"Imported {views.plural(len(imported), 'case study', 'case studies')}; {views.plural(len(duplicates), 'duplicate')} skipped;"
            f" {views.plural(len(failed), 'file')} failed."
        )
        for err in failed:
            self.notify(str(err), title="not imported", severity="error", timeout=15)
        if imported:
            self.case_id = imported[0][1] if isinstance(imported[0], tuple | list) else None
        self.refresh_view()
