"""Step 2, themes per heading: every project's text under one heading beside its themes and ranked suggestions.

Highlighting a suggestion marks its evidence sentences in the text; a theme
marks its codings. Decisions go to ``synth.themes.actions``; suggestions come
from ``synth.themes.suggest.suggest_for_project`` in a worker (``app.engines``).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from synth.themes.actions import (
    accept_suggestion,
    add_project,
    code_span,
    create_theme,
    define,
    delete_theme,
    merge,
    merge_suggestion_into,
    reject,
    remove_project,
    rename,
    split,
    write_memo,
)
from synth.themes.suggest import excluded_keys
from synth.tui import views
from synth.tui.screens.base import SynthScreen
from synth.tui.widgets.dialogs import Ask, Confirm, Pick, Write
from synth.tui.widgets.evidence import EvidenceView
from synth.tui.widgets.steady import SteadyOptionList

PAGE = 40  # projects' texts shown at once


def suggestion_cache(app) -> dict:
    """Suggestions per heading from the last run, minus those decided since."""
    if not hasattr(app, "theme_suggestions"):
        app.theme_suggestions = {}
    return app.theme_suggestions


class ThemesScreen(SynthScreen):
    """One heading at a time: themes and suggestions on the left, the projects' text on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # the heading keys are named in the heading's title line instead (the footer is full at 80 columns)
        Binding("right_square_bracket", "heading(1)", "Next heading", show=False, tooltip="The next heading"),
        Binding("left_square_bracket", "heading(-1)", "Prev heading", show=False, tooltip="The previous heading"),
        Binding("g", "pick_heading", "Heading…", show=False, tooltip="Choose a heading by name"),
        Binding("a", "accept", "Accept", tooltip="Accept the highlighted suggestion as a theme"),
        Binding("x", "reject", "Reject", tooltip="Reject the highlighted suggestion, or delete the highlighted theme"),
        Binding("e", "rename", "Rename", tooltip="Rename the theme (or accept a suggestion under a new name)"),
        Binding(
            "m",
            "merge",
            "Merge",
            tooltip="Merge another theme into the highlighted one, or the suggestion into a theme",
        ),
        Binding("s", "split", "Split", show=False, tooltip="Split the highlighted theme in two"),
        Binding("plus", "add_project", "+Project", show=False, tooltip="Add a project to the highlighted theme"),
        Binding(
            "minus", "remove_project", "-Project", show=False, tooltip="Remove a project from the highlighted theme"
        ),
        Binding("c", "code", "Code text", tooltip="Tag the selected text with a theme (fuzzy search)"),
        Binding("M", "memo", "Memo", show=False, tooltip="Write a memo on the theme or the heading"),
        Binding("D", "define", "Define", show=False, tooltip="Write the highlighted theme's definition"),
        Binding("r", "suggest", "Suggest", tooltip="Suggest themes for this heading again"),
        Binding("R", "rejected", "Rejected…", tooltip="The suggestions rejected under this heading, to restore one"),
        Binding(
            "greater_than_sign", "page(1)", "Next page", show=False, tooltip="Show the next page of projects' text"
        ),
        Binding(
            "less_than_sign", "page(-1)", "Previous page", show=False, tooltip="The previous page of projects' text"
        ),
        Binding("tab", "app.focus_next", "Switch pane", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.heading: str | None = None
        self._items: list[tuple[str, object]] = []
        self._shown_heading: str | None = None
        self._shown_seq = -1
        self._shown_filter = None
        self._answered: list[str] = []
        self._answered_by: dict[str, list[str]] = {}
        self.page = 0
        self._next_rank: int | None = None  # after a decision on a suggestion, highlight the one that took its place
        self._stopped: set[str] = set()  # headings whose suggesting the analyst cancelled: not started again unasked

    def body(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="themes-left"):
                yield Label("", classes="pane-title", id="heading-title")
                yield SteadyOptionList(id="theme-list")
                yield Static("", id="theme-detail")
            with Vertical(id="themes-right"):
                yield Label("", classes="pane-title", id="text-title")
                yield EvidenceView(id="summaries")

    # -- drawing -------------------------------------------------------------------------

    def refresh_view(self) -> None:
        s = self.state
        if not s.fields:
            return
        if self.heading not in s.fields:
            self.heading = s.fields[0]
        h = self.heading
        index = s.fields.index(h) + 1
        title = Text.assemble(("]/[ ", "dim"), (views.heading(s, h), "bold"), (f"  {index}/{len(s.fields)}", "dim"))
        self.set_line("#heading-title", title)
        shown_filter = self.app.case_filter
        if self._shown_heading != h or self._shown_seq != s.seq or self._shown_filter is not shown_filter:
            if self._shown_heading != h:
                self.page = 0
            if (self._shown_seq, self._shown_filter) != (s.seq, shown_filter):
                self._answered_by = {}  # the cases with text under each heading, kept until the state or filter moves
            if h not in self._answered_by:
                self._answered_by[h] = views.answered(s, self.cases_shown(), h)
            self._answered = self._answered_by[h]
            self._shown_heading, self._shown_seq, self._shown_filter = h, s.seq, shown_filter
            self.show_page(self.page)
        self.fill_list()
        cache = suggestion_cache(self.app)
        if h not in cache and h not in self._stopped:
            self.action_suggest()

    def fill_list(self) -> None:
        s = self.state
        h = self.heading
        options = self.query_one("#theme-list", SteadyOptionList)
        keep = options.highlighted
        items: list[tuple[str, object]] = []
        prompts: list[Option] = []
        themes = sorted(s.themes_of(h), key=lambda t: (-len(t.case_ids), t.label.lower()))
        for t in themes:
            prompt = Text.assemble(
                ("● ", "green"), (t.label, "bold"), (f"  {views.plural(len(t.case_ids), 'project')}", "dim")
            )
            items.append(("theme", t))
            prompts.append(Option(prompt, id=f"t:{t.id}"))
        cached = suggestion_cache(self.app).get(h)
        if cached is None:
            wait = "  suggesting stopped: r suggests" if h in self._stopped else "  suggesting themes… (ctrl+x stops)"
            prompts.append(Option(Text(wait, style="dim italic"), id="wait", disabled=True))
        else:
            taken = excluded_keys(s, h)  # the core's rule: merged, rejected, taken
            live = [x for x in cached if x.key not in taken]
            if live:
                prompts.append(Option(Text("Suggestions (ranked)", style="bold dim"), id="sep", disabled=True))
            for n, x in enumerate(live):
                score = f"  {x.score:.2f} · {views.plural(len(x.case_ids), 'project')}"
                items.append(("suggestion", x))
                prompts.append(Option(Text.assemble(("○ ", "yellow"), x.label, (score, "dim")), id=f"s:{n}"))
            if not themes and not live:
                hint = Text("no themes or suggestions yet: select text and press c", style="dim")
                prompts.append(Option(hint, id="none", disabled=True))
        self._items = items
        rank, self._next_rank = self._next_rank, None
        n_live = sum(1 for kind, _ in items if kind == "suggestion")
        enabled = [i for i, o in enumerate(prompts) if not o.disabled]
        if rank is not None and n_live:
            target = next(i for i, o in enumerate(prompts) if o.id == f"s:{min(rank, n_live - 1)}")
        elif keep is not None and keep in enabled:
            target = keep
        else:
            target = enabled[0] if enabled else None
        with options.prevent(OptionList.OptionHighlighted):  # drawn below, not again by the event
            options.replace(prompts)
            options.highlighted = target
        self.show_detail()

    def show_page(self, page: int) -> None:
        """Show one page of projects' text (a page keeps a 1,000-case heading quick to draw and wrap)."""
        s, h = self.state, self.heading
        pages = max(1, -(-len(self._answered) // PAGE))
        self.page = max(0, min(page, pages - 1))
        chunk = self._answered[self.page * PAGE : (self.page + 1) * PAGE]
        items = [(cid, s.cases[cid].title, *views.working_text(s, cid, h)) for cid in chunk]
        self.query_one(EvidenceView).show(items)
        where = (
            f"projects {self.page * PAGE + 1}-{self.page * PAGE + len(chunk)} of {len(self._answered)} (> next page, < previous)"
            if pages > 1
            else f"{len(self._answered)} projects"
        )
        self.set_line("#text-title", f"{where} · select text and press c to code it")

    def page_of(self, case_id: str) -> int | None:
        try:
            return self._answered.index(case_id) // PAGE
        except ValueError:
            return None

    def action_page(self, by: int) -> None:
        self.show_page(self.page + by)
        self.show_detail()

    def selected(self) -> tuple[str, object] | None:
        options = self.query_one("#theme-list", OptionList)
        if options.highlighted is None:
            return None
        oid = options.get_option_at_index(options.highlighted).id or ""
        if oid.startswith("t:"):
            theme = self.state.themes.get(oid[2:])
            return ("theme", theme) if theme else None
        if oid.startswith("s:"):
            live = [x for kind, x in self._items if kind == "suggestion"]
            n = int(oid[2:])
            return ("suggestion", live[n]) if n < len(live) else None
        return None

    def show_detail(self) -> None:
        s = self.state
        view = self.query_one(EvidenceView)
        chosen = self.selected()
        if chosen is None:
            self.set_text("#theme-detail", "")
            view.mark([])
            return
        kind, x = chosen
        spans = views.marked_spans(s, kind, x, self.heading)
        on_page = {seg.case_id for seg in view.segments}
        if spans and not any(cid in on_page for cid, _, _ in spans):
            page = self.page_of(spans[0][0])
            if page is not None:
                self.show_page(page)
        self.set_text("#theme-detail", "\n".join(views.theme_detail(s, kind, x)))
        view.mark(spans)

    @on(OptionList.OptionHighlighted, "#theme-list")
    def highlighted(self) -> None:
        self.show_detail()

    # -- headings --------------------------------------------------------------------------

    def action_heading(self, by: int) -> None:
        fields = self.state.fields
        if fields:
            i = fields.index(self.heading) if self.heading in fields else 0
            self.heading = fields[(i + by) % len(fields)]
            with self.app.batch_update():
                self.refresh_view()

    def action_pick_heading(self) -> None:
        choices = [(f, views.heading(self.state, f)) for f in self.state.fields]
        self.app.push_screen(Pick("Which heading?", choices), self._go_heading)

    def _go_heading(self, heading_id: str | None) -> None:
        if heading_id:
            self.heading = heading_id
            self.refresh_view()

    # -- suggestions -------------------------------------------------------------------------

    def action_suggest(self) -> None:
        if self.heading is None:
            return
        state, heading, project, suggest = self.state, self.heading, self.project, self.app.engines.suggest_for_project
        self._stopped.discard(heading)

        def job(progress, cancelled):
            return suggest(project, heading, progress=progress, state=state)

        self.run_task(job, group="suggest", title=f"Suggesting themes for {views.heading(state, heading)}",
                      what=f"suggest themes for {heading}", done=lambda found: self._suggested(heading, found),
                      failed=lambda exc: self._suggested(heading, []), cancelled=lambda: self._cancelled(heading))  # fmt: skip

    def _cancelled(self, heading: str) -> None:
        self._stopped.add(heading)
        if heading == self.heading:
            self.fill_list()

    def _suggested(self, heading: str, suggestions: list) -> None:
        suggestion_cache(self.app)[heading] = list(suggestions)
        if heading == self.heading:
            self.fill_list()

    # -- decisions ------------------------------------------------------------------------------

    def _need(self, kind: str | None = None):
        if not self.focused_on("#theme-list", "the themes list"):
            return None
        chosen = self.selected()
        if chosen is None or (kind and chosen[0] != kind):
            self.notify(f"Highlight a {kind or 'theme or suggestion'} first.", severity="warning")
            return None
        return chosen[1]

    def _chosen(self) -> tuple[str, object] | None:
        """(kind, item) highlighted in the themes list, if the list has the cursor and something is highlighted."""
        if self._need() is None:
            return None
        return self.selected()

    def _rank_of(self, x) -> int:
        live = [y for kind, y in self._items if kind == "suggestion"]
        return live.index(x) if x in live else 0

    def action_accept(self) -> None:
        x = self._need("suggestion")
        if x is None:
            return
        self._next_rank = self._rank_of(x)
        self.app.call(f"accept {x.label!r}", accept_suggestion, self.project, x)

    def action_reject(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        kind, x = chosen
        if kind == "suggestion":
            self._next_rank = self._rank_of(x)
            self.app.call(f"reject {x.label!r}", reject, self.project, x)
            return
        codings = len(views.codings_of(self.state, x.id))
        self.app.push_screen(
            Confirm(f"Delete the theme {x.label!r}?",
                    f"Its {views.plural(codings, 'coded passage')} and {views.plural(len(x.case_ids), 'project')} go with it."),
            lambda yes: yes and self.app.call(f"delete {x.label!r}", delete_theme, self.project, x.id),
        )  # fmt: skip

    def action_rename(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        kind, x = chosen
        self.app.push_screen(
            Ask(f"New name for {x.label!r}:", value=x.label), lambda label: self._rename(kind, x, label)
        )

    def _rename(self, kind: str, x, label: str | None) -> None:
        if not label or label == x.label:
            return
        if kind == "suggestion":
            self.app.call(f"accept {x.label!r} as {label!r}", accept_suggestion, self.project, x, label=label)
            return
        self.app.call(f"rename {x.label!r}", rename, self.project, x.id, label)

    def action_define(self) -> None:
        t = self._need("theme")
        if t is not None:
            self.app.push_screen(Write(f"Definition of {t.label!r}", t.definition),
                                 lambda text: text is not None and self.app.call("define", define, self.project, t.id, text.strip()))  # fmt: skip

    def action_merge(self) -> None:
        """A theme: merge another theme of the heading into it. A suggestion: merge it into a theme."""
        chosen = self._chosen()
        if chosen is None:
            return
        kind, x = chosen
        themes = self.state.themes_of(self.heading)
        if kind == "suggestion":
            if not themes:
                self.notify(
                    "No theme under this heading to merge the suggestion into: accept it (a).", severity="warning"
                )
                return
            self.app.push_screen(Pick(f"Merge the suggestion {x.label!r} into which theme?", [(t.id, t.label) for t in themes]),
                                 lambda theme_id: theme_id and self._confirm_suggestion_merge(x, theme_id))  # fmt: skip
            return
        others = [(o.id, o.label) for o in themes if o.id != x.id]
        if not others:
            self.notify("No other theme under this heading to merge.", severity="warning")
            return
        self.app.push_screen(Pick(f"Merge which theme into {x.label!r}?", others),
                             lambda other: other and self._confirm_merge(x, other))  # fmt: skip

    def _confirm_merge(self, into, other_id: str) -> None:
        other = self.state.themes.get(other_id)
        if other is None:
            return
        n = len(views.codings_of(self.state, other_id))
        self.app.push_screen(
            Confirm(f"Merge {other.label!r} into {into.label!r}?",
                    f"{views.plural(n, 'coded passage')} and {views.plural(len(other.case_ids), 'project')} move to "
                    f"{into.label!r}; {other.label!r} goes and is never suggested again."),
            lambda yes: yes and self.app.call(f"merge {other.label!r} into {into.label!r}", merge,
                                              self.project, into.id, [other_id]),
        )  # fmt: skip

    def _confirm_suggestion_merge(self, x, theme_id: str) -> None:
        theme = self.state.themes.get(theme_id)
        if theme is None:
            return
        self._next_rank = self._rank_of(x)
        self.app.push_screen(
            Confirm(f"Merge the suggestion {x.label!r} into {theme.label!r}?",
                    f"Its {views.plural(len(x.evidence), 'sentence')} from {views.plural(len(x.case_ids), 'project')} "
                    f"are coded as {theme.label!r}; {x.label!r} is not suggested again."),
            lambda yes: yes and self.app.call(f"merge {x.label!r} into {theme.label!r}", merge_suggestion_into, self.project, x, theme_id),
        )  # fmt: skip

    def action_split(self) -> None:
        t = self._need("theme")
        if t is None:
            return
        codings = views.codings_of(self.state, t.id)
        if len(codings) < 2:
            self.notify(f"{t.label!r} has fewer than two coded passages to split.", severity="warning")
            return
        from synth.tui.widgets.split import SplitDialog

        self.app.push_screen(
            SplitDialog(t, codings, self.state),
            lambda parts: parts and self.app.call("split", split, self.project, t.id, parts),
        )

    def action_add_project(self) -> None:
        t = self._need("theme")
        if t is None:
            return
        choices = [(c.id, c.title) for c in self.state.cases.values() if c.id not in t.case_ids]
        self.app.push_screen(Pick(f"Add which project to {t.label!r}?", choices),
                             lambda cid: cid and self.app.call("add project", add_project, self.project, t.id, cid))  # fmt: skip

    def action_remove_project(self) -> None:
        t = self._need("theme")
        if t is None:
            return
        choices = [(c, self.state.cases[c].title if c in self.state.cases else c) for c in sorted(t.case_ids)]
        self.app.push_screen(Pick(f"Remove which project from {t.label!r}?", choices),
                             lambda cid: cid and self.app.call("remove project", remove_project, self.project, t.id, cid))  # fmt: skip

    def action_code(self) -> None:
        span = self.query_one(EvidenceView).selected_span()
        if span is None:
            self.notify("Select text within one project's text first (shift+arrows or the mouse).", severity="warning")
            return
        choices = [(t.id, t.label) for t in self.state.themes_of(self.heading)]
        self.app.push_screen(Pick("Code the selection with which theme? (type to search or name a new one)", choices, allow_new=True),
                             lambda theme_id: self._code(span, theme_id))  # fmt: skip

    def _code(self, span, theme_id: str | None) -> None:
        if not theme_id:
            return
        seg, start, end = span
        if theme_id.startswith("new:"):
            theme = self.app.call("create theme", create_theme, self.project, self.heading, theme_id[4:])
            if theme is None:
                return
            theme_id = theme.id
        self.app.call(
            "code text",
            code_span,
            self.project,
            theme_id,
            seg.case_id,
            self.heading,
            start,
            end,
            target=seg.target,
        )

    def action_memo(self) -> None:
        chosen = self.selected()
        if chosen and chosen[0] == "theme":
            target, about = f"theme:{chosen[1].id}", chosen[1].label
        else:
            target, about = f"field:{self.heading}", views.heading(self.state, self.heading)
        self.app.push_screen(Write(f"Memo on {about}", ""),
                             lambda text: text and text.strip() and self.app.call("memo", write_memo, self.project, target, text.strip()))  # fmt: skip

    def action_rejected(self) -> None:
        from synth.tui.screens.rejected import RejectedScreen

        self.app.push_screen(RejectedScreen(self.heading))

    def show_theme(self, theme_id: str) -> None:
        """Show a theme's heading with the theme highlighted and the cursor in the themes list."""
        theme = self.state.themes.get(theme_id)
        if theme is None:
            return
        if self.heading != theme.heading:
            self.heading = theme.heading
            self.refresh_view()
        options = self.query_one("#theme-list", SteadyOptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        if f"t:{theme_id}" in ids:
            options.highlighted = ids.index(f"t:{theme_id}")
        options.focus()
        self.show_detail()

    def show_heading(self, heading_id: str) -> None:
        if heading_id in self.state.fields:
            self.heading = heading_id
            self.refresh_view()
