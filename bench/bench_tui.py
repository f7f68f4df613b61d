"""Benchmark the terminal UI: first paint against a minimal Textual app, and navigation on 1,000 or 10,000 cases.

Run by hand: ``.venv/bin/python bench/bench_tui.py [--runs 5] [--cases 1000]``; the 10,000-case mode:
``.venv/bin/python bench/bench_tui.py --skip-startup --cases 10000``.

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
3. The event loop never blocks: a monitor (an asyncio task that sleeps 5 ms and
   measures how late it wakes) runs through the whole navigation, and reports
   the longest stall of the loop during each action, and the longest of all,
   against a 50 ms target. Start-up (mounting the app on the project) is its
   own line. The other screens whose lists grow with the project (the trail,
   the report preview, the codebook, collate, refine, memos) are opened too, and
   waited for; then a search is typed letter by letter (each letter's search
   runs in a worker over every text) and its second page of hits shown.
4. First theme suggestions with the real engine (``suggest_for_project``, not a
   stand-in): from the key that opens the Themes screen to the first ranked
   suggestion shown, on an app with the real engines and the NLP pipeline
   already loaded (the app loads it after its first paint), with the longest
   loop stall meanwhile and a heading switch timed while the engine works.
   Beside it, the engine alone on the same project in the same run (the
   baseline the screen adds to). Target: under 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
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


class LoopMonitor:
    """How late a 5 ms sleep on the event loop wakes: the longest time the loop was blocked, per phase.

    Beside each longest stall: the CPU time the loop's own thread spent in it (the rest is waiting for
    the interpreter lock a worker holds, or for a core the machine's other load holds), and the
    longest garbage collection in the phase (a collection holds the lock, in whichever thread ran it).
    """

    EVERY = 0.005

    def __init__(self) -> None:
        self.phase = "start-up (Home on the project)"
        self.longest: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.collections: dict[str, float] = {}
        self._task = None
        self._collecting = 0.0

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._watch())
        gc.callbacks.append(self._collected)

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
        if self._collected in gc.callbacks:
            gc.callbacks.remove(self._collected)

    def _collected(self, when: str, info: dict) -> None:
        if when == "start":
            self._collecting = time.perf_counter()
        elif self.phase is not None:
            took = (time.perf_counter() - self._collecting) * 1000
            self.collections[self.phase] = max(took, self.collections.get(self.phase, 0.0))

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before, cpu = loop.time(), time.thread_time()
            await asyncio.sleep(self.EVERY)
            late = (loop.time() - before - self.EVERY) * 1000
            if self.phase is not None and late > self.longest.get(self.phase, 0.0):
                self.longest[self.phase] = late
                self.cpu[self.phase] = (time.thread_time() - cpu) * 1000


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


async def navigate(project, repeats: int, monitor: LoopMonitor) -> tuple[dict, dict]:
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
        monitor.phase = name
        start, start_cpu = time.perf_counter(), time.process_time()
        await pilot.press(*keys)
        await pilot.pause()
        times.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        cpu.setdefault(name, []).append((time.process_time() - start_cpu) * 1000)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = SynthApp(project=project, warm_up=False, engines=engines)
    monitor.start()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
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
        screens = (
            ("7", "Trail"),
            ("0", "Codebook"),
            ("6", "Report"),
            ("4", "Collate"),
            ("5", "Refine"),
            ("ctrl+o", "Memos"),
        )
        for key, name in screens:
            await timed(f"open {name} (first time)", pilot, key)
            monitor.phase = f"{name}: its workers, until done"
            await app.workers.wait_for_complete()
            await pilot.pause()
            await timed(f"{name}: next row", pilot, "down")
            await timed("back to Home", pilot, "h")
        await timed("open Search", pilot, "ctrl+f")
        for letter in "Funding":  # each letter starts a search of every text, in a worker
            await timed("Search: a letter typed, until found", pilot, letter)
        await timed("Search: next page of hits", pilot, "enter", "greater_than_sign")
        await timed("back to Home", pilot, "escape")
        monitor.phase = None  # the direct calls below block the loop on purpose

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
    monitor.stop()
    return times, cpu


async def first_suggestions(project, limit: float) -> dict[str, float | str]:
    """Open Themes with the real engines; seconds until the first ranked suggestion shows, and the loop's stalls."""
    from synth.tui.app import SynthApp

    monitor = LoopMonitor()
    monitor.phase = "start-up"
    out: dict[str, float | str] = {}
    app = SynthApp(project=project, warm_up=False)
    monitor.start()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # Home's own, if any
        await pilot.pause()
        monitor.phase = "waiting for the first suggestions"
        start = time.perf_counter()
        await pilot.press("3")
        heading = None

        def shown() -> bool:
            screen = app.screen
            ids = [screen.query_one("#theme-list").get_option_at_index(i).id
                   for i in range(screen.query_one("#theme-list").option_count)] if type(screen).__name__ == "ThemesScreen" else []  # fmt: skip
            return "s:0" in ids or (heading is not None and getattr(app, "theme_suggestions", {}).get(heading) == [])

        while time.perf_counter() - start < limit:
            if type(app.screen).__name__ == "ThemesScreen" and app.screen.is_mounted:
                heading = app.screen.heading
                if shown():
                    break
            await asyncio.sleep(0.01)
        took = time.perf_counter() - start
        out["first suggestions"] = took if shown() else f"not shown after {limit:.0f} s"
        out["suggestions"] = len(getattr(app, "theme_suggestions", {}).get(heading) or [])
        # the next heading starts another suggestion run: the switch itself must not wait for it
        monitor.phase = "switching heading while the engine works"
        start = time.perf_counter()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        out["heading switch while suggesting (raw ms)"] = (time.perf_counter() - start) * 1000
        await pilot.pause(0.5)  # the engine still works on the new heading: the loop must keep answering
        monitor.phase = None  # closing the app (saving the snapshot) is not a handler
        for worker in list(app.workers):
            worker.cancel()
        await pilot.pause()
    monitor.stop()
    out["stalls"] = monitor
    return out


ENGINE_ALONE = """
import sys, time
from synth.nlp import get_nlp
from synth.project import Project
from synth.themes.suggest import suggest_for_project

get_nlp()
project = Project.open(sys.argv[1], analyst="bench")
heading = project.state.fields[0]
if sys.argv[2] == "profile":
    import cProfile, pstats
    prof = cProfile.Profile()
    prof.enable()
start = time.perf_counter()
suggest_for_project(project, heading, state=project.state)
took = time.perf_counter() - start
if sys.argv[2] == "profile":
    prof.disable()
    print(f"  profile of suggest_for_project on {heading} (top 20 by cumulative time):")
    pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(20)
print("TOOK", took)
"""


def engine_alone(folder: Path, profile: bool) -> float:
    """suggest_for_project on the project's first heading in a fresh interpreter (cold caches, NLP loaded first).

    Timed without the profiler; with ``profile``, a second fresh run under cProfile prints where the time goes.
    """

    def child(mode: str) -> list[str]:
        return subprocess.run([sys.executable, "-c", ENGINE_ALONE, str(folder), mode], capture_output=True,
                              text=True, env=os.environ.copy(), check=True).stdout.splitlines()  # fmt: skip

    took = float(next(line for line in child("-") if line.startswith("TOOK")).split()[1])
    if profile:
        print("\n".join(line for line in child("profile") if not line.startswith("TOOK")))
    return took


def bench_navigation(
    n_cases: int, repeats: int, suggest: bool = True, limit: float = 300, profile: bool = False
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "xdg")
        start = time.perf_counter()
        project = build_large(Path(tmp) / "large", n_cases)
        built = time.perf_counter() - start
        print(
            f"\nnavigation on {n_cases} cases ({project.state.seq} events, built in {built:.1f} s), Pilot at 120x40, ms:"
        )
        if suggest:  # first: the engine's caches are cold, as in a new session
            from synth.nlp import get_nlp

            get_nlp()  # the app loads it after its first paint; not part of the first suggestions
            found = asyncio.run(first_suggestions(project, limit))
            alone = engine_alone(Path(tmp) / "large", profile)
        monitor = LoopMonitor()
        times, cpu = asyncio.run(navigate(project, repeats, monitor))
        project.close()
    baseline = "(baseline: an unbound key)"
    base, base_cpu = statistics.median(times.pop(baseline)), statistics.median(cpu.pop(baseline))
    print(
        f"  Pilot's own round trip (an unbound key): {base:.1f} ms raw, {base_cpu:.1f} ms cpu; 'net' and 'cpu' subtract it"
    )
    print(f"  {'action':<36} {'raw':>8} {'net':>8} {'cpu':>8} {'max raw':>8} {'stall':>8} {'its cpu':>8} {'gc':>6}"
          "   target < 100 ms raw")  # fmt: skip
    print("  (stall: the longest the event loop was blocked during the action, target < 50 ms; its cpu: the loop's")
    print("   own work in that stall; gc: the longest garbage collection during the action, in any thread)")
    for name, values in times.items():
        med = statistics.median(values)
        if name.startswith("[code only]"):
            net = work = med
        else:
            net, work = med - base, statistics.median(cpu[name]) - base_cpu
        flag = "ok" if med < 100 else ("ok net" if net < 100 else "SLOW")
        stall = monitor.longest.get(name)
        stall_s = f"{stall:8.1f} {monitor.cpu[name]:8.1f}" if stall is not None else "       -        -"
        collected = monitor.collections.get(name)
        gc_s = f"{collected:6.1f}" if collected is not None else "     -"
        print(f"  {name:<36} {med:8.1f} {net:8.1f} {work:8.1f} {max(values):8.1f} {stall_s} {gc_s}   {flag}")
    print_stalls(monitor, base_stall=monitor.longest.get(baseline))
    if suggest:
        print(f"\nfirst theme suggestions with the real engine on {n_cases} cases (NLP loaded beforehand):")
        print(f"  the engine alone (suggest_for_project, fresh interpreter, same run): {alone:7.2f} s")
        first = found["first suggestions"]
        if isinstance(first, float):
            print(f"  key '3' to the first suggestion shown in the TUI:              {first:7.2f} s"
                  f"   = {first / alone:.2f}x the engine alone   {'ok' if first < 5 else 'SLOW'} (target < 5 s)")  # fmt: skip
        else:
            print(f"  key '3' to the first suggestion shown in the TUI: {first}   SLOW (target < 5 s)")
        print(f"  suggestions shown: {found['suggestions']}")
        print(f"  heading switch while the engine works: {found['heading switch while suggesting (raw ms)']:.1f} ms raw"
              f" (baseline unbound key {base:.1f} ms)")  # fmt: skip
        print_stalls(found["stalls"])


def print_stalls(monitor: LoopMonitor, base_stall: float | None = None) -> None:
    """The longest block of the event loop in each phase, worst first, against the 50 ms target."""
    longest = monitor.longest
    if not longest:
        return
    worst = max(longest, key=longest.get)
    print(f"  longest event-loop stall: {longest[worst]:.1f} ms during {worst!r}   "
          f"{'ok' if longest[worst] < 50 else 'OVER'} (target < 50 ms)")  # fmt: skip
    if base_stall is not None:
        print(f"  (the unbound key's own longest stall, the monitor's floor: {base_stall:.1f} ms)")
    for phase, ms in sorted(longest.items(), key=lambda kv: -kv[1])[:8]:
        if ms >= 50:
            collected = monitor.collections.get(phase, 0.0)
            print(f"    over 50 ms: {phase:<44} {ms:8.1f} ms, the loop's own cpu {monitor.cpu[phase]:6.1f} ms"
                  f"{f', a collection of {collected:.0f} ms' if collected >= 10 else ''}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--skip-suggest", action="store_true", help="skip the first suggestions with the real engine")
    parser.add_argument("--suggest-limit", type=float, default=300, help="seconds to wait for the first suggestions")
    parser.add_argument("--profile-suggest", action="store_true", help="profile the engine alone (cProfile)")
    args = parser.parse_args()
    if not args.skip_startup:
        bench_startup(args.runs)
    bench_navigation(args.cases, args.repeats, not args.skip_suggest, args.suggest_limit, args.profile_suggest)


if __name__ == "__main__":
    main()
