"""Reconcile a double-coding round: each disagreement with both coders' calls and evidence side by side.

y / n settle the highlighted disagreement (present or not) with the reason typed
in the why line; r compares the coders of a round still blind (their calls are
frozen from then on); c closes the round once nothing is left open. Every
decision is a core call (:mod:`synth.coding`); this screen only shows and asks.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from synth.coding.compare import agreement_of
from synth.coding.reconcile import listing
from synth.coding.rounds import close_round, decide, reveal
from synth.tui.screens.base import SynthScreen


class ReconcileScreen(SynthScreen):
    """The newest round's disagreements, open ones first, settled with a keystroke."""

    DEFAULT_CSS = """
    ReconcileScreen #rec-title { height: 1; padding: 0 1; text-style: bold; }
    ReconcileScreen #rec-agreement { height: 1; padding: 0 1; color: $text-muted; }
    ReconcileScreen #rec-list { height: 1fr; min-height: 5; }
    ReconcileScreen #rec-sides { height: 2fr; }
    ReconcileScreen .rec-side { width: 1fr; border: round $primary; padding: 0 1; }
    ReconcileScreen #rec-why { margin: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "decide(True)", "Yes", tooltip="Settle: the theme is present on this case"),
        Binding("n", "decide(False)", "No", tooltip="Settle: the theme is not present on this case"),
        Binding("w", "why", "Why", tooltip="Write the reason recorded with the next decision"),
        Binding("r", "reveal", "Compare", tooltip="Compare the coders of a round still blind (freezes their calls)"),
        Binding("c", "close_round", "Close round", tooltip="Close the round once every disagreement is settled"),
    ]

    _data: dict | None = None
    _pending: bool | None = None

    def body(self) -> ComposeResult:
        yield Label("", id="rec-title")
        yield Label("", id="rec-agreement")
        yield OptionList(id="rec-list")
        with Horizontal(id="rec-sides"):
            with VerticalScroll(classes="rec-side"):
                yield Static("", id="rec-left")
            with VerticalScroll(classes="rec-side"):
                yield Static("", id="rec-right")
        yield Input(placeholder="why (recorded with the decision); y / n settle", id="rec-why")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    # -- drawing -------------------------------------------------------------------------

    def refresh_view(self) -> None:
        state = self.state
        options = self.query_one("#rec-list", OptionList)
        if not state.rounds:
            self._data = None
            self.set_line("#rec-title", "No coding rounds yet: start one with synth round PROJECT start --coders a,b")
            options.clear_options()
            return
        r = list(state.rounds.values())[-1]
        if r.is_open and not r.revealed:
            self._data = None
            self.set_line("#rec-title", f"Round {r.id} · {', '.join(r.coders)} · still blind: press r to compare them")
            options.clear_options()
            self._show(None)
            return
        with self.app.guard("list the disagreements"):
            self._data = listing(self.project, r.id, include_settled=True)
        data = self._data
        if data is None:
            return
        title = (
            f"Round {r.id} · {r.status} · {data['open']} open, {data['settled']} settled · "
            f"{' vs '.join(data['coders'])}"
        )
        self.set_line("#rec-title", title)
        self._agreement(r.id)
        keep = options.highlighted
        items = sorted(data["disagreements"], key=lambda d: d["decision"] is not None)
        data["disagreements"] = items
        prompts = []
        for i, d in enumerate(items):
            calls = " · ".join(f"{c}: {'yes' if v else 'no'}" for c, v in d["calls"].items())
            mark = ("○ ", "yellow") if d["decision"] is None else ("● ", "green")
            settled = f"  → {d['decision']['decision']} ({d['decision']['analyst']})" if d["decision"] else ""
            prompts.append(
                Option(
                    Text.assemble(
                        mark,
                        (f"{d['case']} / {d['heading']} / ", "dim"),
                        (d["theme"], "bold"),
                        f"   {calls}",
                        (settled, "dim"),
                    ),
                    id=f"d:{i}",
                )
            )
        options.clear_options()
        options.add_options(prompts)
        if prompts:
            options.highlighted = keep if keep is not None and keep < len(prompts) else 0
        self._show(self.current())

    def _agreement(self, round_id: str) -> None:
        """The round's figures, computed in a worker (a large round takes a moment)."""
        state = self.state

        def job(progress, cancelled):
            return agreement_of(state, state.rounds[round_id])

        def done(data: dict) -> None:
            o = data["overall"]

            def f(x) -> str:
                return "n/a" if x is None else f"{x:.2f}"

            self.set_line(
                "#rec-agreement",
                f"agreement over {data['units']} units: {f(o['percent_agreement'])} · Cohen's kappa "
                f"{f(o['cohen_kappa'])} · Krippendorff's alpha {f(o['krippendorff_alpha'])} · Gwet's AC1 "
                f"{f(o['gwet_ac1'])}",
            )

        self.run_task(job, group="agreement", done=done, what="compute the agreement")

    def current(self) -> dict | None:
        options = self.query_one("#rec-list", OptionList)
        if self._data is None or options.highlighted is None or not self._data["disagreements"]:
            return None
        return self._data["disagreements"][options.highlighted]

    def _show(self, d: dict | None) -> None:
        sides = [self.query_one("#rec-left", Static), self.query_one("#rec-right", Static)]
        if d is None:
            for s in sides:
                s.update("")
            return
        coders = list(d["calls"])
        for side, coder in zip(sides, coders[:2], strict=False):
            call = "yes: the theme is present" if d["calls"][coder] else "no: the theme is absent"
            body = Text.assemble((coder, "bold"), "  ", (call, "green" if d["calls"][coder] else "red"), "\n\n")
            spans = d["evidence"].get(coder, [])
            if not spans:
                body.append("no coded span" if d["calls"][coder] else "", style="dim italic")
            for s in spans:
                body.append(f"“{' '.join(s['text'].split())}”\n", style="italic")
            if d["decision"]:
                dec = d["decision"]
                body.append(f"\nsettled {dec['decision']} by {dec['analyst']}: {dec['why']}", style="dim")
            side.update(body)

    @on(OptionList.OptionHighlighted, "#rec-list")
    def _highlighted(self) -> None:
        self._show(self.current())

    # -- actions ---------------------------------------------------------------------------

    def action_why(self) -> None:
        self.query_one("#rec-why", Input).focus()

    def action_decide(self, present: bool) -> None:
        d = self.current()
        if d is None:
            self.notify("Nothing to settle here.", severity="warning")
            return
        why = self.query_one("#rec-why", Input).value.strip()
        if not why:
            self._pending = present
            self.query_one("#rec-why", Input).focus()
            self.notify(f"Say why {'yes' if present else 'no'}, then Enter.")
            return
        self._settle(d, present, why)

    @on(Input.Submitted, "#rec-why")
    def _why_given(self) -> None:
        d, present = self.current(), self._pending
        self._pending = None
        why = self.query_one("#rec-why", Input).value.strip()
        if d is not None and present is not None and why:
            self._settle(d, present, why)
        self.query_one("#rec-list", OptionList).focus()

    def _settle(self, d: dict, present: bool, why: str) -> None:
        done = self.app.call(
            "settle the disagreement", decide,
            self.project, d["case_id"], d["heading"], d["theme"], present, why,
        )  # fmt: skip
        if done is not None:
            self.query_one("#rec-why", Input).value = ""
            self.notify(f"Settled {d['theme']} on {d['case']}: {'yes' if present else 'no'}.")

    def action_reveal(self) -> None:
        state = self.state
        if not state.rounds:
            return
        r = list(state.rounds.values())[-1]
        if self.app.call("compare the coders", reveal, self.project, r):
            self.notify(f"Round {r.id}: the coders are compared; their calls are frozen from now on.")

    def action_close_round(self) -> None:
        r = self.app.call("close the round", close_round, self.project)
        if r is not None:
            self.notify(f"Round {r.id} closed: the reconciled coding is the project's.")

    def subtitle(self) -> str:
        return f"reconcile · {self.app.default_subtitle}"
