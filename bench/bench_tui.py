"""Benchmark the terminal UI: first paint against a minimal Textual app, and navigation on 1,000 cases.

Run by hand: ``/work/venv/bin/python bench/bench_tui.py [--runs 5] [--cases 1000]``.

1. Start-up: the wall time from launching a process to the first interactive
   screen, for ``synth tui`` on the demo project and for a minimal Textual app
   (Header, one Static, Footer) launched the same way, in the same run. Each runs
   headless in a fresh interpreter, through the same entry point as the
   console script, and exits on Textual's ``Ready`` event once its first screen
   is up. Target: synth within 2x of the minimal app. It also reports whether
   spaCy, scikit-learn or pandas were imported before the first screen.
2. Navigation on a 1,000-case project built from events: switching cases
   (Extract), moving across cells and headings (Normalise), opening the
   Themes screen and switching its heading, each timed with Pilot from the key
   press until the app is idle again. Target: each under 100 ms. Three figures
   per action, medians: "raw", the wall time of ``pilot.press`` + ``pilot.pause``;
   "net", raw minus the same for a key nothing is bound to, pressed in the same
   run (Pilot's own round trip: it waits for idle in 20 ms slices, three of them
   at least, so raw times move in steps of about 20 ms); "cpu", the process time
   the action took beyond the unbound key's, the work itself without the waiting
   and the least sensitive to other load on the machine. The engines
   the screens start in workers (theme suggestions, the uniformity check of
   every summary) are replaced by instant stand-ins: they run beside the UI and
   are not part of a screen's response, but a busy worker would make Pilot's
   wait-for-idle measure the worker instead of the screen.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAVY = ("spacy", "sklearn", "pandas")

CHILD_SYNTH = """
import sys, time
import synth.tui.app as appmod

class Timed(appmod.SynthApp):
    def on_ready(self):
        self._check()

    def _check(self):
        if type(self.screen).__name__ == "HomeScreen" and self.screen.is_mounted:
            heavy = [m for m in {heavy!r} if m in sys.modules]
            print("READY", ",".join(heavy) or "-", flush=True)
            self.exit()
        else:
            self.call_after_refresh(self._check)

    def run(self, **kw):
        return super().run(headless=True)

appmod.SynthApp = Timed
from synth.cli import main
main(["tui", sys.argv[1]])
"""

CHILD_MINIMAL = """
import sys
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

    def on_ready(self):
        heavy = [m for m in {heavy!r} if m in sys.modules]
        print("READY", ",".join(heavy) or "-", flush=True)
        self.exit()

Minimal().run(headless=True)
"""


def launch(code: str, args: list[str], env: dict) -> tuple[float, str]:
    script = Path(env["XDG_DATA_HOME"]) / f"child-{abs(hash(code))}.py"  # Textual needs the App's source file
    if not script.exists():
        script.write_text(code, encoding="utf-8")
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(script), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    line = ""
    for line in child.stdout:
        if line.startswith("READY"):
            break
    elapsed = time.perf_counter() - start  # the first screen is up; shutting down is not part of start-up
    rest, err = child.communicate(timeout=120)
    if not line.startswith("READY"):
        raise SystemExit(f"child did not report ready:\n{line}{rest}\n{err}")
    return elapsed, line.split()[1]


def bench_startup(runs: int) -> None:
    from synth.demo import ensure_demo_project

    data = tempfile.mkdtemp(prefix="synth-bench-")
    env = {**os.environ, "XDG_DATA_HOME": data, "SYNTH_ANALYST": "bench"}
    os.environ["XDG_DATA_HOME"] = data
    demo = ensure_demo_project()  # built once, outside the timing: the first run's import is not the start-up
    synth_code, minimal_code = CHILD_SYNTH.format(heavy=HEAVY), CHILD_MINIMAL.format(heavy=HEAVY)
    launch(minimal_code, [], env)  # warm the OS file cache for both
    launch(synth_code, [str(demo)], env)
    synth_t, minimal_t, heavy = [], [], set()
    for _ in range(runs):
        t, _h = launch(minimal_code, [], env)
        minimal_t.append(t)
        t, h = launch(synth_code, [str(demo)], env)
        synth_t.append(t)
        heavy.update(x for x in h.split(",") if x != "-")
    m, s = statistics.median(minimal_t), statistics.median(synth_t)
    print(f"start-up to first interactive screen (median of {runs}, headless, fresh interpreter each):")
    print(f"  minimal Textual app   {m * 1000:7.0f} ms")
    print(f"  synth tui on the demo {s * 1000:7.0f} ms   = {s / m:.2f}x the minimal app (target: within 2x)")
    print(f"  heavy libraries imported before the first screen: {', '.join(sorted(heavy)) or 'none'}")


# -- a large project, built from events ---------------------------------------------------------------

SENTENCES = [
    "Volunteers ran most of the sessions and kept people coming back.",
    "The project worked with the local council and two housing associations.",
    "Participants said they felt less lonely after the first month.",
    "Funding ran out before the second year, which stopped the outreach work.",
    "Sessions took place weekly in a community hall near the estate.",
    "Staff turnover made it hard to keep relationships with referral partners.",
    "People with lived experience helped design the activities from the start.",
    "The evaluation used short questionnaires at the start and the end.",
]


def build_large(folder: Path, n_cases: int):
    from synth.demo import DEMO_FIELDS
    from synth.model import CaseStudy, FieldMatch, make_id
    from synth.project import Project
    from synth.state import case_to_dict

    fields = list(DEMO_FIELDS)
    project = Project.create(folder, name=f"Bench {n_cases} cases", fields=fields, analyst="bench")
    events = []
    for i in range(n_cases):
        answers = {f: " ".join(SENTENCES[(i + j + k) % len(SENTENCES)] for k in range(3)) for j, f in enumerate(fields)}
        case = CaseStudy(f"case-{i:04d}", f"Case study {i:04d}", f"forms/case-{i:04d}.md", f"{i:064x}", answers,
                         {f: FieldMatch(f, f, 0.7 if i % 17 == 0 else 1.0, "alias") for f in fields})  # fmt: skip
        events.append(("case.imported", {"case": case_to_dict(case)}))
    project.commit(events)
    summaries = []
    for i in range(0, n_cases, 2):
        for f in fields[:4]:
            text = SENTENCES[i % len(SENTENCES)]
            summaries.append(("summary.recorded", {"case_id": f"case-{i:04d}", "field_id": f, "text": text, "status": "accepted",
                                                   "suggestion": None, "engine": "bench", "engine_version": "0", "answer": "", "reviewed": True}))  # fmt: skip
    project.commit(summaries)
    themes = []
    for f in fields:
        for n, word in enumerate(("Volunteers", "Funding", "Partners", "Loneliness", "Lived experience")):
            tid = make_id("t", f, word, n)
            codings = []
            for i in range(n, n_cases, 7):
                cid = f"case-{i:04d}"
                codings.append({"id": make_id("k", tid, cid, f, 0, 10), "theme_id": tid, "case_id": cid, "field_id": f,
                                "start": 0, "end": 10, "text": "", "target": "summary" if i % 2 == 0 and f in fields[:4] else "answer"})  # fmt: skip
            themes.append(
                (
                    "theme.created",
                    {"theme": {"id": tid, "heading": f, "label": word, "projects": []}, "codings": codings},
                )
            )
    project.commit(themes)
    return project


async def navigate(project, repeats: int) -> dict[str, list[float]]:
    from synth.tui.app import SynthApp
    from synth.tui.engines import Engines

    # navigation is timed, not the engines: screens get engines that answer at once
    engines = Engines(
        suggest_for_project=lambda project, heading, **kw: [],
        propose_general_themes=lambda state: [],
        check_project=lambda state: {},
    )
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}

    async def timed(name: str, pilot, *keys: str) -> None:
        start, start_cpu = time.perf_counter(), time.process_time()
        await pilot.press(*keys)
        await pilot.pause()
        times.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        cpu.setdefault(name, []).append((time.process_time() - start_cpu) * 1000)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = SynthApp(project=project, warm_up=False, engines=engines)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(repeats):
            await timed("(baseline: an unbound key)", pilot, "f12")
        await timed("open Extract (first time)", pilot, "1")
        app.screen.query_one("#cases").focus()
        for _ in range(repeats):
            await timed("Extract: next case", pilot, "down")
        await timed("open Normalise (first time)", pilot, "2")
        for _ in range(repeats):
            await timed("Normalise: next case (row)", pilot, "down")
            await timed("Normalise: next heading (column)", pilot, "right")
        await timed("open Themes (first time)", pilot, "3")
        for _ in range(repeats):
            await timed("Themes: next heading", pilot, "right_square_bracket")
        await timed("back to Home", pilot, "h")
        for _ in range(repeats):
            await timed("open Themes again", pilot, "3")
            await timed("back to Home", pilot, "h")

        # The synchronous part of the same actions: the screen's own code, without Textual's repaint.
        def direct(name: str, fn) -> None:
            start = time.perf_counter()
            fn()
            times.setdefault(f"[code only] {name}", []).append((time.perf_counter() - start) * 1000)

        await pilot.press("1")
        await pilot.pause()
        extract = app.screen
        ids = list(project.state.cases)
        for i in range(repeats):
            direct("Extract: show a case", lambda i=i: extract.show_case(ids[100 + i]))
        await pilot.press("3")
        await pilot.pause()
        themes = app.screen
        for _ in range(repeats):
            direct("Themes: next heading", lambda: themes.action_heading(1))
            await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        for _ in range(repeats):
            direct("Home: redraw", app.screen.refresh_view)
    return times, cpu


def bench_navigation(n_cases: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "xdg")
        start = time.perf_counter()
        project = build_large(Path(tmp) / "large", n_cases)
        built = time.perf_counter() - start
        print(
            f"\nnavigation on {n_cases} cases ({project.state.seq} events, built in {built:.1f} s), Pilot at 120x40, ms:"
        )
        times, cpu = asyncio.run(navigate(project, repeats))
        project.close()
    baseline = "(baseline: an unbound key)"
    base, base_cpu = statistics.median(times.pop(baseline)), statistics.median(cpu.pop(baseline))
    print(
        f"  Pilot's own round trip (an unbound key): {base:.1f} ms raw, {base_cpu:.1f} ms cpu; 'net' and 'cpu' subtract it"
    )
    print(f"  {'action':<36} {'raw':>8} {'net':>8} {'cpu':>8} {'max raw':>8}   target < 100 ms raw")
    for name, values in times.items():
        med = statistics.median(values)
        if name.startswith("[code only]"):
            net = work = med
        else:
            net, work = med - base, statistics.median(cpu[name]) - base_cpu
        flag = "ok" if med < 100 else ("ok net" if net < 100 else "SLOW")
        print(f"  {name:<36} {med:8.1f} {net:8.1f} {work:8.1f} {max(values):8.1f}   {flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()
    if not args.skip_startup:
        bench_startup(args.runs)
    bench_navigation(args.cases, args.repeats)


if __name__ == "__main__":
    main()
