"""Attacks on the trail by someone holding the project folder, and what catches each.

Each test is one row of the attack table in the closing note of issue 11; each
fails on the synth before signing (the forgery verified, the truncation passed).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from synth.cli import cli
from synth.project import Project
from synth.trail import GENESIS, KEY_REGISTERED, Trail, canonical_json, event_hash, txn_statement


def make_project(path: Path, memos: int = 6, analyst: str = "ana") -> Path:
    with Project.create(path, analyst=analyst) as p:
        for i in range(memos):
            p.record("memo.written", memo={"id": f"m{i}", "target": "project", "text": f"note {i}"})
    return path


def verify(path: Path, *extra: str):
    return CliRunner().invoke(cli, ["trail", str(path), "verify", *extra])


class Forger:
    """Rewrites a trail the way an outsider with the file could: triggers dropped, hashes and head recomputed."""

    def __init__(self, db: Path) -> None:
        self.con = sqlite3.connect(db)
        for trigger in ("events_no_update", "events_no_delete", "signatures_no_update", "signatures_no_delete"):
            self.con.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        self.rows = [
            list(r) for r in self.con.execute("SELECT seq, txn, ts, analyst, kind, payload FROM events ORDER BY seq")
        ]
        self.signatures = {t: list(r) for t, *r in self.con.execute("SELECT txn, seq, key, sig FROM signatures")}

    def save(self, *, resign: bool = False, drop_signatures: bool = False) -> None:
        keys: dict[str, Ed25519PrivateKey] = {}
        if resign:  # fresh keys for every analyst, registered in place of theirs
            for row in self.rows:
                keys.setdefault(row[3], Ed25519PrivateKey.generate())
                if row[4] == KEY_REGISTERED:
                    public = (
                        keys[row[3]]
                        .public_key()
                        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
                    )
                    row[5] = canonical_json({"algorithm": "ed25519", "analyst": row[3], "key": public.hex()})
        self.con.execute("DELETE FROM events")
        prev, written = GENESIS, []
        for seq, txn, ts, analyst, kind, payload in self.rows:
            digest = event_hash(seq, txn, ts, analyst, kind, payload, prev)
            written.append((seq, txn, ts, analyst, kind, payload, prev, digest))
            prev = digest
        self.con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", written)
        self.con.execute("UPDATE head SET seq = ?, hash = ?", (written[-1][0], written[-1][7]))
        self.con.execute("DELETE FROM signatures")
        if not drop_signatures:
            last: dict[int, tuple] = {}
            for row in written:
                last[row[1]] = row
            for txn, row in last.items():
                if resign:
                    key = keys[row[3]]
                    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
                    sig = key.sign(txn_statement(txn, row[0], row[7], row[3])).hex()
                    self.con.execute("INSERT INTO signatures VALUES (?, ?, ?, ?)", (txn, row[0], public.hex(), sig))
                elif txn in self.signatures:
                    self.con.execute("INSERT INTO signatures VALUES (?, ?, ?, ?)", (txn, *self.signatures[txn]))
        self.con.commit()
        self.con.close()


# -- forgery ----------------------------------------------------------------------------------


def test_payload_rewritten_with_recomputed_hashes_is_named(tmp_path: Path) -> None:
    db = make_project(tmp_path / "p") / "synth.db"
    f = Forger(db)
    f.rows[4][5] = f.rows[4][5].replace("note 2", "note X")  # event 5
    f.save()
    with Trail(db) as trail:
        result = trail.verify()
    assert not result.ok and result.bad_seq == 5 and "signature does not match" in result.problem
    out = verify(tmp_path / "p")
    assert out.exit_code == 1 and "event 5" in out.output


def test_every_payload_and_analyst_rewritten_is_caught_at_the_first_event(tmp_path: Path) -> None:
    db = make_project(tmp_path / "p") / "synth.db"
    f = Forger(db)
    for row in f.rows:
        row[3] = "eve"
        row[5] = row[5].replace("note", "forged")
    f.save()
    with Trail(db) as trail:
        result = trail.verify()
    assert not result.ok and result.bad_seq in (1, 2)
    assert verify(tmp_path / "p").exit_code == 1


def test_unsigned_command_appended_by_an_outsider_is_named(tmp_path: Path) -> None:
    db = make_project(tmp_path / "p") / "synth.db"
    f = Forger(db)
    ts = f.rows[-1][2]
    f.rows.append(
        [9, 9, ts, "ana", "memo.written", canonical_json({"memo": {"id": "x", "target": "project", "text": "x"}})]
    )
    f.save()
    with Trail(db) as trail:
        result = trail.verify()
    assert not result.ok and result.bad_seq == 9 and "not signed" in result.problem


def test_signature_moved_to_another_command_is_named(tmp_path: Path) -> None:
    db = make_project(tmp_path / "p") / "synth.db"
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER signatures_no_update")
    sig4 = con.execute("SELECT sig FROM signatures WHERE txn = 4").fetchone()[0]
    con.execute("UPDATE signatures SET sig = ? WHERE txn = 5", (sig4,))
    con.commit()
    con.close()
    with Trail(db) as trail:
        result = trail.verify()
    assert not result.ok and result.bad_seq == 5


def test_wholesale_rewrite_with_new_keys_is_caught_by_the_witness_and_by_an_anchor(tmp_path: Path) -> None:
    p = make_project(tmp_path / "p")
    assert CliRunner().invoke(cli, ["trail", str(p), "anchor", "-o", str(tmp_path / "a.json")]).exit_code == 0
    f = Forger(p / "synth.db")
    for row in f.rows:
        row[5] = row[5].replace("note", "forged")
    f.save(resign=True)
    with Trail(p / "synth.db") as trail:
        assert trail.verify().ok  # self-consistent: every signature checks against the keys it registers
    out = verify(p)
    assert out.exit_code == 1 and "forked" in out.output  # this user's witness saw another event 8
    assert "not registered on this trail" in out.output  # and ana's own key is no longer on it
    out = verify(p, "--anchor", str(tmp_path / "a.json"))
    assert out.exit_code == 1 and "no longer extends the anchor" in out.output


def test_signatures_and_key_registrations_stripped_is_caught_by_the_witness(tmp_path: Path) -> None:
    p = make_project(tmp_path / "p")
    f = Forger(p / "synth.db")
    f.rows = [r for r in f.rows if r[4] != KEY_REGISTERED]
    for n, row in enumerate(f.rows, start=1):
        row[0] = row[1] = n
    f.save(drop_signatures=True)
    with Trail(p / "synth.db") as trail:
        result = trail.verify()
    assert result.ok and result.signed_from is None  # an unsigned trail, as if written before signing...
    out = verify(p)
    assert out.exit_code == 1 and "went backwards" in out.output  # ...but this user saw a longer one


# -- truncation, rollback, WAL loss ----------------------------------------------------------------


def test_newest_command_cut_off_with_head_fixed_is_caught(tmp_path: Path) -> None:
    p = make_project(tmp_path / "p")
    CliRunner().invoke(cli, ["trail", str(p), "anchor", "-o", str(tmp_path / "a.json")])
    f = Forger(p / "synth.db")
    f.rows = f.rows[:-1]
    f.save()
    with Trail(p / "synth.db") as trail:
        assert trail.verify().ok
    out = verify(p)
    assert out.exit_code == 1 and "went backwards" in out.output
    with Project.open(p) as opened:
        assert opened.notice and "went backwards" in opened.notice
    out = verify(p, "--anchor", str(tmp_path / "a.json"))
    assert out.exit_code == 1 and "truncated or rolled back" in out.output


def test_an_older_copy_put_back_is_caught(tmp_path: Path) -> None:
    p = make_project(tmp_path / "p")
    shutil.copy(p / "synth.db", tmp_path / "backup.db")
    with Project.open(p) as opened:
        opened.record("memo.written", memo={"id": "late", "target": "project", "text": "late"})
    report = tmp_path / "r.md"
    assert CliRunner().invoke(cli, ["report", str(p), "-o", str(report)]).exit_code == 0
    shutil.copy(tmp_path / "backup.db", p / "synth.db")
    out = verify(p)
    assert out.exit_code == 1 and "went backwards" in out.output
    out = CliRunner().invoke(cli, ["themes", str(p)])
    assert "warning: the trail's head went backwards" in out.stderr
    out = verify(p, "--anchor", str(report))  # the report a reader holds
    assert out.exit_code == 1 and "truncated or rolled back" in out.output
    out = verify(p, "--accept-head")  # put back on purpose: the analyst says so, once
    assert out.exit_code == 0 and "accepted this head" in out.output
    assert verify(p).exit_code == 0
    assert "warning" not in CliRunner().invoke(cli, ["themes", str(p)]).stderr


def test_a_copy_without_the_wal_holds_every_acknowledged_command(tmp_path: Path) -> None:
    p = make_project(tmp_path / "p")
    with Project.open(p) as opened:  # still open: a TUI session between two commands
        opened.record("memo.written", memo={"id": "acked", "target": "project", "text": "x"})
        (tmp_path / "copy").mkdir()
        shutil.copy(p / "synth.db", tmp_path / "copy" / "synth.db")  # no -wal
        shutil.copy(p / "synth.toml", tmp_path / "copy" / "synth.toml")
        expected = opened.trail.count()
    with Project.open(tmp_path / "copy") as copy:
        assert copy.trail.count() == expected and "acked" in copy.state.memos
        assert copy.trail.verify().ok


# -- anchors ---------------------------------------------------------------------------------------


def test_an_altered_anchor_is_refused(tmp_path: Path) -> None:
    p = make_project(tmp_path / "p")
    CliRunner().invoke(cli, ["trail", str(p), "anchor", "-o", str(tmp_path / "a.json")])
    text = (tmp_path / "a.json").read_text()
    (tmp_path / "a.json").write_text(text.replace('"seq":8', '"seq":5'))
    out = verify(p, "--anchor", str(tmp_path / "a.json"))
    assert out.exit_code == 1 and "anchor itself was altered" in out.output


def test_an_anchor_of_another_project_is_refused(tmp_path: Path) -> None:
    make_project(tmp_path / "p")
    q = make_project(tmp_path / "q")
    CliRunner().invoke(cli, ["trail", str(q), "anchor", "-o", str(tmp_path / "q.json")])
    out = verify(tmp_path / "p", "--anchor", str(tmp_path / "q.json"))
    assert out.exit_code == 1 and "not the one the anchor was made of" in out.output


@pytest.mark.parametrize("fmt", ["md", "html", "xlsx", "qdpx"])
def test_every_report_carries_an_anchor_that_catches_a_later_truncation(tmp_path: Path, fmt: str) -> None:
    p = make_project(tmp_path / "p")
    report = tmp_path / f"r.{fmt}"
    assert CliRunner().invoke(cli, ["report", str(p), "--format", fmt, "-o", str(report)]).exit_code == 0
    out = verify(p, "--anchor", str(report))
    assert out.exit_code == 0 and "extends the anchor of event 8" in out.output
    f = Forger(p / "synth.db")
    f.rows = f.rows[:-2]
    f.save()
    out = verify(p, "--anchor", str(report))
    assert out.exit_code == 1 and "truncated or rolled back" in out.output


def test_a_trail_from_before_signing_opens_and_verifies_as_unsigned_before_seq_n(tmp_path: Path) -> None:
    p = tmp_path / "old"
    p.mkdir()
    (p / "synth.toml").write_text('name = "old"\n')
    with Trail(p / "synth.db", create=True) as trail:  # today's main: no signer, no signatures table
        from synth.state import template_to_dict
        from synth.templates import load_template

        template = template_to_dict(load_template("practice-based"))
        trail.append("ana", [("project.created", {"name": "old", "template": template, "fields": ["overview"]})])
        trail.append("ana", [("memo.written", {"memo": {"id": "m", "target": "project", "text": "x"}})])
    with Project.open(p, analyst="ana") as opened:
        opened.record("memo.written", memo={"id": "n", "target": "project", "text": "y"})
    out = verify(p)
    assert out.exit_code == 0 and "unsigned before seq 3" in out.output


def test_an_old_writer_appending_after_signing_began_is_named(tmp_path: Path) -> None:
    p = make_project(tmp_path / "p")
    with Trail(p / "synth.db") as trail:
        trail.append("ana", [("memo.written", {"memo": {"id": "z", "target": "project", "text": "z"}})])
    out = verify(p)
    assert out.exit_code == 1 and "event 9: is not signed" in out.output


def test_a_second_key_for_one_analyst_is_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = make_project(tmp_path / "p")
    monkeypatch.setenv("SYNTH_DATA_DIR", str(tmp_path / "other-computer"))
    with Project.open(p, analyst="ana") as opened:
        opened.record("memo.written", memo={"id": "from-elsewhere", "target": "project", "text": "x"})
    out = verify(p)
    assert out.exit_code == 0 and "2 keys are registered to ana" in out.output
