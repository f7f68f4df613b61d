"""Several analysts at once, as real processes: ids, duplicates and undo targets are chosen under the write lock."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from synth.project import Project

# Every worker opens the project (reading its state), then waits for the start file, then acts:
# a decision taken from the state read at open would collide.
WORKER = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path
    from synth.project import Project
    folder, who, action, start, arg = sys.argv[1:6]
    project = Project.open(folder, analyst=who)
    Path(start + "." + who).write_text("ready")
    while not os.path.exists(start):
        time.sleep(0.005)
    out = {"ok": 0, "errors": []}
    if action == "import":
        from synth.extract.importer import import_paths
        report = import_paths(project, [arg])
        out["ok"] = len(report.imported)
        out["ids"] = [case_id for _, case_id, _ in report.imported]
    elif action == "code":
        from synth.themes.actions import ThemeError, code_span
        theme, case, field = arg.split(",")
        try:
            code_span(project, theme, case, field, 0, 5, target="answer")
            out["ok"] = 1
        except ThemeError as exc:
            out["errors"].append(str(exc))
    elif action in ("undo", "redo"):
        for _ in range(int(arg)):
            event = project.undo() if action == "undo" else project.redo()
            if event is not None:
                out["ok"] += 1
    project.close()
    print(json.dumps(out))
    """
)


def run_workers(tmp_path: Path, folder: Path, jobs: list[tuple[str, str, str]]) -> list[dict]:
    start = tmp_path / "start"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(folder), who, action, str(start), arg],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who, action, arg in jobs
    ]
    deadline = time.monotonic() + 120
    while not all(Path(f"{start}.{who}").exists() for who, _, _ in jobs):
        assert time.monotonic() < deadline, "workers did not start"
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        time.sleep(0.01)
    start.write_text("go")
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def form(path: Path, title: str, text: str) -> Path:
    path.write_text(f"# {title}\n\n## Overview\n\n{text}\n\n## Purpose\n\nTo help {text}.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("n", [2, 4])
def test_concurrent_imports_of_forms_sharing_a_title_keep_every_case(tmp_path: Path, n: int) -> None:
    Project.create(tmp_path / "p", analyst="lead").close()
    files = [form(tmp_path / f"f{i}.md", "Shared Title", f"project number {i} grows food") for i in range(n)]
    results = run_workers(tmp_path, tmp_path / "p", [(f"a{i}", "import", str(f)) for i, f in enumerate(files)])
    ids = [case_id for r in results for case_id in r["ids"]]
    with Project.open(tmp_path / "p") as p:
        imported = [e for e in p.trail.events() if e.kind == "case.imported"]
        assert len(imported) == n == len(p.state.cases)  # no case replaced another
        assert sorted(ids) == sorted(p.state.cases) and len(set(ids)) == n
        assert p.trail.verify().ok


@pytest.mark.parametrize("n", [2, 4])
def test_concurrent_coding_of_one_span_records_it_once(tmp_path: Path, n: int) -> None:
    from synth.extract.importer import import_paths
    from synth.themes.actions import create_theme

    with Project.create(tmp_path / "p", analyst="lead") as p:
        import_paths(p, [form(tmp_path / "f.md", "Green Minds", "gardens for everyone")])
        [case_id] = list(p.state.cases)
        theme = create_theme(p, "overview", "Gardens")
    arg = f"{theme.id},{case_id},overview"
    results = run_workers(tmp_path, tmp_path / "p", [(f"c{i}", "code", arg) for i in range(n)])
    assert sum(r["ok"] for r in results) == 1
    assert all("already coded" in e for r in results for e in r["errors"])
    with Project.open(tmp_path / "p") as p:
        assert sum(1 for e in p.trail.events() if e.kind == "coding.added") == 1
        assert p.trail.verify().ok


@pytest.mark.parametrize("n", [2, 4])
def test_concurrent_undo_and_redo_each_take_a_different_command(tmp_path: Path, n: int) -> None:
    per = 6
    with Project.create(tmp_path / "p", analyst="lead") as p:
        for i in range(n * per):
            p.record("memo.written", memo={"id": f"m{i}", "target": "project", "text": str(i)})
    results = run_workers(tmp_path, tmp_path / "p", [(f"u{i}", "undo", str(per)) for i in range(n)])
    assert sum(r["ok"] for r in results) == n * per
    with Project.open(tmp_path / "p") as p:
        targets = [e.payload["txn"] for e in p.trail.events() if e.kind == "undo"]
        assert len(targets) == len(set(targets)) == n * per  # never the same command twice
        assert p.state.memos == {}
    (tmp_path / "start").unlink()
    for i in range(n):
        Path(f"{tmp_path / 'start'}.u{i}").unlink()
    results = run_workers(tmp_path, tmp_path / "p", [(f"r{i}", "redo", str(per)) for i in range(n)])
    assert sum(r["ok"] for r in results) == n * per
    with Project.open(tmp_path / "p") as p:
        targets = [e.payload["txn"] for e in p.trail.events() if e.kind == "redo"]
        assert len(targets) == len(set(targets)) == n * per
        assert len(p.state.memos) == n * per
        assert p.trail.verify().ok


def test_threads_sharing_one_open_project_lose_nothing(tmp_path: Path) -> None:
    import threading

    errors: list[str] = []
    with Project.create(tmp_path / "p", analyst="lead") as p:

        def work(n: int) -> None:
            try:
                for i in range(30):
                    p.record("memo.written", memo={"id": f"{n}-{i}", "target": "project", "text": "x"})
            except Exception as exc:  # a worker thread's failure must fail the test, not vanish
                errors.append(repr(exc))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [] and len(p.state.memos) == 90
        assert p.trail.verify().ok
