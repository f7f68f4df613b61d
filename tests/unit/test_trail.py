"""The coding trail: hash chain, tamper detection, concurrency and crash safety."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.cli import cli
from synth.project import Project
from synth.trail import GENESIS, Trail, canonical_json, event_hash, parse_time


def make_project(path: Path, n: int = 6) -> Project:
    project = Project.create(path, analyst="ana")
    for i in range(n):
        project.record("memo.written", memo={"id": f"m{i}", "target": "project", "text": f"note {i}"})
    return project


def tamper(db: Path, *sql: str) -> None:
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER IF EXISTS events_no_update")
    con.execute("DROP TRIGGER IF EXISTS events_no_delete")
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()


def test_untouched_trail_verifies(tmp_path: Path) -> None:
    with make_project(tmp_path / "p") as p:
        result = p.trail.verify()
    assert result.ok and result.count == 8  # project.created, the analyst's key registration, six memos
    assert result.head == p.state.head
    out = CliRunner().invoke(cli, ["trail", str(tmp_path / "p"), "verify"])
    assert out.exit_code == 0 and "8 events" in out.output


def test_chain_links_each_event_to_the_one_before(tmp_path: Path) -> None:
    with make_project(tmp_path / "p", n=2) as p:
        events = list(p.trail.events())
    assert events[0].prev == GENESIS
    for before, after in itertools.pairwise(events):
        assert after.prev == before.hash
        assert after.hash == event_hash(
            after.seq, after.txn, after.ts, after.analyst, after.kind, canonical_json(after.payload), after.prev
        )


TAMPERING = {
    "payload edited": (["UPDATE events SET payload = replace(payload, 'note 2', 'note X') WHERE seq = 5"], 5),
    "analyst edited": (["UPDATE events SET analyst = 'eve' WHERE seq = 3"], 3),
    "time edited": (["UPDATE events SET ts = '2020-01-01T00:00:00.000000Z' WHERE seq = 5"], 5),
    "kind edited": (["UPDATE events SET kind = 'memo.deleted' WHERE seq = 2"], 2),
    "hash replaced": (
        [
            "UPDATE events SET hash = (CASE WHEN substr(hash, 1, 1) = '0' THEN '1' ELSE '0' END) || substr(hash, 2) WHERE seq = 6"
        ],
        6,
    ),
    "middle row deleted": (["DELETE FROM events WHERE seq = 4"], 4),
    "first row deleted": (["DELETE FROM events WHERE seq = 1"], 1),
    "last row deleted": (["DELETE FROM events WHERE seq = 8"], 8),
    "rows swapped": (
        [
            "UPDATE events SET seq = -1 WHERE seq = 3",
            "UPDATE events SET seq = 3 WHERE seq = 4",
            "UPDATE events SET seq = 4 WHERE seq = -1",
        ],
        3,
    ),
    "contents swapped": (
        [
            "CREATE TEMP TABLE t AS SELECT * FROM events WHERE seq IN (5, 6)",
            "UPDATE events SET payload = (SELECT payload FROM t WHERE seq = 6) WHERE seq = 5",
            "UPDATE events SET payload = (SELECT payload FROM t WHERE seq = 5) WHERE seq = 6",
        ],
        5,
    ),
    "forged row appended": (
        ["INSERT INTO events VALUES (9, 9, '2030-01-01T00:00:00.000000Z', 'eve', 'memo.written', '{}', 'x', 'y')"],
        9,
    ),
}


@pytest.mark.parametrize("case", list(TAMPERING), ids=list(TAMPERING))
def test_tampering_is_detected_and_named(tmp_path: Path, case: str) -> None:
    make_project(tmp_path / "p").close()
    statements, bad = TAMPERING[case]
    tamper(tmp_path / "p" / "synth.db", *statements)
    with Trail(tmp_path / "p" / "synth.db") as trail:
        result = trail.verify()
    assert not result.ok
    assert result.bad_seq == bad, result.describe()
    out = CliRunner().invoke(cli, ["trail", str(tmp_path / "p"), "verify"])
    assert out.exit_code == 1
    assert f"event {bad}" in out.output


def test_trail_refuses_update_and_delete(tmp_path: Path) -> None:
    make_project(tmp_path / "p").close()
    con = sqlite3.connect(tmp_path / "p" / "synth.db")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE events SET analyst = 'eve' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM events WHERE seq = 2")
    con.close()


def test_one_command_is_one_transaction(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        written = p.commit(
            [("memo.written", {"memo": {"id": f"m{i}", "target": "project", "text": "x"}}) for i in range(3)]
        )
    assert {e.txn for e in written} == {written[0].seq}
    assert [e.seq for e in written] == [3, 4, 5]  # after project.created and the analyst's key


def test_a_failed_command_writes_nothing(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        with pytest.raises(TypeError):
            p.commit([("memo.written", {"ok": 1}), ("memo.written", {"bad": object()})])
        assert p.trail.count() == 2
        assert p.trail.verify().ok


WRITER = textwrap.dedent(
    """
    import sys
    from synth.project import Project
    project = Project.open(sys.argv[1], analyst=sys.argv[2])
    for i in range(int(sys.argv[3])):
        project.record("memo.written", memo={"id": f"{sys.argv[2]}-{i}", "target": "project", "text": str(i)})
    project.close()
    """
)


def test_two_processes_appending_lose_nothing(tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path / "p"), who, "500"]) for who in ("ana", "ben")
    ]
    assert [proc.wait(timeout=300) for proc in procs] == [0, 0]
    with Project.open(tmp_path / "p") as p:
        assert p.trail.verify().ok
        assert p.trail.count() == 1004  # creation and its key, 1000 memos, ana's and ben's keys
        assert {f"{who}-{i}" for who in ("ana", "ben") for i in range(500)} == set(p.state.memos)
        seqs = [e.seq for e in p.trail.events()]
        assert seqs == list(range(1, 1005))


KILLED = textwrap.dedent(
    """
    import sys
    from synth.project import Project
    project = Project.open(sys.argv[1], analyst="ana")
    for i in range(100000):
        batch = [("memo.written", {"memo": {"id": f"{i}-{j}", "target": "project", "text": "x" * 200}}) for j in range(20)]
        project.commit(batch)
        print(i, flush=True)
    """
)


def test_sigkill_mid_command_keeps_exactly_what_was_acknowledged(tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(tmp_path / "p")], stdout=subprocess.PIPE, text=True)
    acknowledged = -1
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 40:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Project.open(tmp_path / "p") as p:
        assert p.trail.verify().ok
        commands = {e.txn for e in p.trail.events() if e.kind == "memo.written"}
        events = sum(1 for e in p.trail.events() if e.kind == "memo.written")
    # Every acknowledged command is whole; a command the child committed but had not yet
    # acknowledged when it died may be there too, but never a part of one.
    assert events % 20 == 0
    assert acknowledged + 1 <= len(commands) <= acknowledged + 2
    assert all(f"{i}-{j}" in p.state.memos for i in range(acknowledged + 1) for j in range(20))


def test_export_jsonl_and_csv_round_trip(tmp_path: Path) -> None:
    make_project(tmp_path / "p").close()
    runner = CliRunner()
    out = runner.invoke(cli, ["trail", str(tmp_path / "p"), "export", "-o", str(tmp_path / "t.jsonl")])
    assert out.exit_code == 0
    rows = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text().splitlines()]
    assert [r["seq"] for r in rows] == list(range(1, 9))
    for r in rows:
        assert r["hash"] == event_hash(
            r["seq"], r["txn"], r["ts"], r["analyst"], r["kind"], canonical_json(r["payload"]), r["prev"]
        )
    out = runner.invoke(cli, ["trail", str(tmp_path / "p"), "export", "--format", "csv"])
    lines = out.output.splitlines()
    assert lines[0].startswith("seq,txn,ts,analyst,kind,payload,prev,hash")
    assert len(lines) == 9


def test_log_filters_and_as_of(tmp_path: Path) -> None:
    make_project(tmp_path / "p").close()
    runner = CliRunner()
    out = runner.invoke(cli, ["trail", str(tmp_path / "p"), "log", "--kind", "memo", "--limit", "2"])
    assert out.exit_code == 0
    assert [line.split()[0] for line in out.output.splitlines()] == ["7", "8"]
    out = runner.invoke(cli, ["trail", str(tmp_path / "p"), "log", "--as-of", "2000-01-01"])
    assert out.exit_code == 0 and out.output == ""
    out = runner.invoke(cli, ["trail", str(tmp_path / "p"), "log", "--as-of", "yesterday-ish"])
    assert out.exit_code == 2 and "not a date" in out.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-22T14:30:00Z", "2026-11-22T14:30:00.000000Z"),
        ("2026-11-22T15:30:00+01:00", "2026-11-22T14:30:00.000000Z"),
        ("2026-11-22 14:30", "2026-11-22T14:30:00.000000Z"),
        ("2026-11-22", "2026-11-22T23:59:59.999999Z"),
    ],
)
def test_parse_time(text: str, expected: str) -> None:
    assert parse_time(text) == expected


def test_not_a_trail_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "synth.db").write_bytes(b"this is not sqlite at all" * 100)
    out = CliRunner().invoke(cli, ["trail", str(tmp_path / "p"), "verify"])
    assert out.exit_code == 1
    assert "not a synth trail" in out.output and "Traceback" not in out.output


@pytest.mark.parametrize("command", [["trail", "{p}", "verify"], ["themes", "{p}"]])
def test_an_sqlite_file_without_the_events_table_is_one_clear_line(tmp_path: Path, command: list[str]) -> None:
    """A SQLite database with a head but no events table (someone dropped it) is not a trail: no internal error."""
    import sqlite3

    (tmp_path / "p").mkdir()
    db = sqlite3.connect(tmp_path / "p" / "synth.db")
    db.execute("CREATE TABLE head (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL)")
    db.commit()
    db.close()
    out = CliRunner().invoke(cli, [a.format(p=tmp_path / "p") for a in command])
    assert out.exit_code == 1
    assert "not a synth trail" in out.output and "internal error" not in out.output
