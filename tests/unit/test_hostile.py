"""A project that survives hostile files, half-made folders, planted snapshots and names that carry escapes."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import pickle
import stat
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.cli import cli
from synth.extract import FormError, read_form
from synth.extract.readers import limits
from synth.project import CACHE, Project, ProjectError, snapshot_key
from synth.templates import load_template
from synth.trail import Trail

TEMPLATE = load_template("practice-based")
GOOD = "# Green Minds\n\n## Overview\n\nA garden for everyone.\n\n## Purpose\n\nTo grow food together.\n"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


# -- crash-safe creation ----------------------------------------------------------------------


def test_a_folder_with_settings_but_no_trail_is_recovered_by_init(tmp_path: Path) -> None:
    p = tmp_path / "p"
    p.mkdir()
    (p / "synth.toml").write_text('name = "p"\n')  # a crash after synth.toml, before synth.db
    out = run("themes", str(p))
    assert out.exit_code == 1 and "half-made project" in out.output
    out = run("init", str(p))
    assert out.exit_code == 0, out.output
    with Project.open(p) as opened:
        assert opened.state.template is not None and opened.trail.verify().ok


def test_a_trail_without_its_first_event_is_half_made_not_the_forms_fault(tmp_path: Path) -> None:
    p = tmp_path / "p"
    p.mkdir()
    (p / "synth.toml").write_text('name = "p"\n')
    Trail(p / "synth.db", create=True).close()  # a crash before the first event
    (tmp_path / "good.md").write_text(GOOD)
    out = run("import", str(p), str(tmp_path / "good.md"))
    assert out.exit_code == 1 and "half-made project" in out.output
    assert "AttributeError" not in out.output and "good.md" not in out.output
    assert run("init", str(p)).exit_code == 0
    assert run("import", str(p), str(tmp_path / "good.md")).exit_code == 0


def test_run_replace_and_plain_run_recover_a_half_made_project(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD)
    (tmp_path / "out" / "project").mkdir(parents=True)
    (tmp_path / "out" / "project" / "synth.toml").write_text('name = "p"\n')
    from synth.pipeline import run as run_pipeline

    result = run_pipeline([tmp_path / "good.md"], tmp_path / "out")
    assert result.imported == 1
    with Project.open(tmp_path / "out" / "project") as opened:
        assert opened.trail.verify().ok


def test_a_creation_that_fails_leaves_no_folder_and_no_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("synth.project.move_into_place", crash)
    with pytest.raises(OSError):
        Project.create(tmp_path / "p")
    assert not (tmp_path / "p").exists()
    assert [x.name for x in tmp_path.iterdir()] == []


def test_a_build_left_by_a_killed_creation_is_removed(tmp_path: Path) -> None:
    left = tmp_path / ".p.synth-new-99999-abcdef"
    left.mkdir()
    (left / "synth.toml").write_text("x")
    Project.create(tmp_path / "p").close()
    assert not left.exists() and (tmp_path / "p" / "synth.db").exists()


# -- names and terminal escapes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["eve\n   999  2026-01-01 00:00:00  admin  project.created", "eve\x1b[2J", "e" * 65, "eve\u202e"],
    ids=["newline", "escape", "too-long", "bidi-override"],
)
def test_a_hostile_analyst_name_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    out = run("--analyst", name, "init", str(tmp_path / "p"))
    assert out.exit_code == 1 and len(out.output.strip().splitlines()) == 1
    assert "analyst's name" in out.output and "\x1b" not in out.output
    assert not (tmp_path / "p").exists()


def test_the_log_of_an_old_trail_with_hostile_names_stays_one_line_per_event(tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    with Trail(tmp_path / "p" / "synth.db") as trail:  # written by a synth that did not validate names
        trail.append("eve\n     3  2020-01-01 00:00:00  ana  memo.written", [("memo.written", {"memo": {}})])
        trail.append("mal\x1b]0;pwned\x07", [("memo.written", {"memo": {}})])
    out = run("trail", str(tmp_path / "p"), "log")
    lines = out.output.splitlines()
    assert len(lines) == 4 and "\x1b" not in out.output and "\x07" not in out.output
    assert "eve\\n" in out.output and "mal\\x1b]0;pwned\\x07" in out.output


def test_file_names_and_titles_with_escapes_are_printed_inert(tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    (tmp_path / "forms").mkdir()
    hostile = tmp_path / "forms" / "evil\x1b[31m.md"
    hostile.write_text(GOOD.replace("Green Minds", "Green \x1b[5mMinds\x1b[0m"))
    out = run("import", str(tmp_path / "p"), str(tmp_path / "forms"))
    assert out.exit_code == 0, out.output
    assert "\x1b" not in out.output and "evil\\x1b[31m.md" in out.output


# -- the snapshot ---------------------------------------------------------------------------------


def test_keys_andsnapshot_key_are_private_from_their_first_byte(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        with Project.create(tmp_path / "p", analyst="ana") as p:
            p.save_snapshot()
    finally:
        os.umask(old)
    folder = Path(os.environ["SYNTH_DATA_DIR"]) / "keys"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert len(files) == 2  # ana's key pair and the snapshot key
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)


class Boom:
    def __reduce__(self):
        return (os.system, (f"touch {os.environ['SYNTH_DATA_DIR']}/pwned",))


def test_a_planted_pickle_snapshot_never_runs(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        p.record("memo.written", memo={"id": "m", "target": "project", "text": "x"})
        p.save_snapshot()
    body = pickle.dumps(Boom())  # signed with the user's own key, as someone who read it could
    mac = hmac.new(snapshot_key(), body, hashlib.sha256)
    for name, blob in (
        ("snapshot.pickle", mac.digest() + body),
        ("snapshot.json", mac.hexdigest().encode() + b"\n" + body),
    ):
        (tmp_path / "p" / CACHE / name).write_bytes(blob)
        with Project.open(tmp_path / "p") as opened:
            assert "m" in opened.state.memos
    assert not (Path(os.environ["SYNTH_DATA_DIR"]) / "pwned").exists()


def _sign(path: Path, body: bytes) -> None:
    path.write_bytes(hmac.new(snapshot_key(), body, hashlib.sha256).hexdigest().encode() + b"\n" + body)


def test_a_signed_json_snapshot_naming_a_foreign_type_is_ignored(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        p.record("memo.written", memo={"id": "m", "target": "project", "text": "x"})
        p.save_snapshot()
    path = tmp_path / "p" / CACHE / "snapshot.json"
    data = json.loads(path.read_bytes().split(b"\n", 1)[1])
    foreign = {"$": "Popen", "v": ["touch /tmp/x"]}
    for where in ("memos", "imported"):  # where a memo belongs, and where a loose (tagged) value does
        planted = json.loads(json.dumps(data))
        planted["state"][where] = [foreign] if where == "imported" else {"m": foreign}
        _sign(path, json.dumps(planted).encode())
        with Project.open(tmp_path / "p") as opened:
            assert set(opened.state.memos) == {"m"} and opened.state.imported == ()


def test_a_signed_older_tagged_snapshot_naming_a_foreign_type_is_ignored(tmp_path: Path) -> None:
    from dataclasses import fields

    from synth.project import LEGACY_STATE_VERSION
    from synth.snapshot import legacy_state_to_json
    from synth.state import ProjectState

    with Project.create(tmp_path / "p") as p:
        p.record("memo.written", memo={"id": "m", "target": "project", "text": "x"})
        meta = {"version": LEGACY_STATE_VERSION, "synth": __import__("synth").__version__, "head": p.state.head}
        body = legacy_state_to_json(p.state, meta)
    path = tmp_path / "p" / CACHE / "snapshot.json"
    path.parent.mkdir(exist_ok=True)
    data = json.loads(body)
    memos = [f.name for f in fields(ProjectState)].index("memos")
    data["$t"][1]["$t"][memos] = {"$": "Popen", "v": ["touch /tmp/x"]}
    _sign(path, json.dumps(data).encode())
    with Project.open(tmp_path / "p") as opened:
        assert set(opened.state.memos) == {"m"}


def test_the_snapshot_round_trips_the_whole_state(tmp_path: Path) -> None:
    from synth.snapshot import state_from_json, state_to_json

    casestudies = Path(__file__).resolve().parents[2] / "casestudies"
    from synth.extract.importer import import_paths

    with Project.create(tmp_path / "p") as p:
        import_paths(p, [casestudies])
        meta, state = state_from_json(state_to_json(p.state, {"v": 1}))
        assert meta == {"v": 1} and state == p.state


# -- hostile form files ---------------------------------------------------------------------------


def timed_refusal(path: Path, match: str, seconds: float = 15) -> None:
    started = time.perf_counter()
    with pytest.raises(FormError, match=match) as info:
        read_form(path, TEMPLATE)
    assert time.perf_counter() - started < seconds
    assert str(path.name) in str(info.value)


def test_a_hundred_thousand_headings_are_refused_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "headings.md"
    path.write_text("# T\n\n" + "".join(f"## Heading {i}\n\nx\n\n" for i in range(100_000)))
    timed_refusal(path, f"more than {limits.MAX_HEADINGS} headings")


def test_plain_text_with_thousands_of_questions_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "questions.txt"
    path.write_text("".join(f"Q{i}. What is question {i}?\nAnswer {i}.\n\n" for i in range(5_000)))
    timed_refusal(path, "numbered questions or labels")


@pytest.mark.parametrize(
    "body", ["> " * 5000 + "deep\n", "".join("  " * i + "- item\n" for i in range(2000))], ids=["quotes", "lists"]
)
def test_deep_nesting_is_refused_in_seconds(tmp_path: Path, body: str) -> None:
    path = tmp_path / "deep.md"
    path.write_text("# T\n\n## Overview\n\n" + body)
    timed_refusal(path, f"nested more than {limits.MAX_NESTING} deep")


def _docx_with(tmp_path: Path, member: str, size: int) -> Path:
    import docx

    doc = docx.Document()
    doc.add_heading("Overview", 1)
    doc.add_paragraph("A garden.")
    buffer = io.BytesIO()
    doc.save(buffer)
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        with z.open(member, "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                fh.write(chunk)
    return path


def test_a_docx_part_that_inflates_past_the_limit_is_refused_before_inflating(tmp_path: Path) -> None:
    path = _docx_with(tmp_path, "word/media/image1.png", limits.MAX_MEMBER + (1 << 20))
    assert path.stat().st_size < 1_000_000
    timed_refusal(path, r"part word/media/image1.png unpacks to 101 MB, more than 100 MB", seconds=3)


def _xlsx_rows(path: Path, rows: int, columns: int = 3) -> Path:
    cells = "".join(f'<c t="inlineStr"><is><t>v{c}</t></is></c>' if c else "<c><v>1</v></c>" for c in range(columns))
    header = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in ("Project name", "Overview", "Purpose"))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData><row>{header}</row>" + f"<row>{cells}</row>" * rows + "</sheetData></worksheet>"
    )
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships">'
        '<sheets><sheet name="Form1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


def test_a_million_row_workbook_is_refused_in_seconds(tmp_path: Path) -> None:
    path = _xlsx_rows(tmp_path / "big.xlsx", 1_000_000, columns=1)
    assert path.stat().st_size < 20 * 1024 * 1024
    timed_refusal(path, f"more than {limits.MAX_ROWS:,} rows")


def test_a_csv_wider_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(5000)) + "\n" + ",".join("x" for _ in range(5000)) + "\n")
    timed_refusal(path, f"more than {limits.MAX_COLUMNS:,} columns")


def test_a_small_workbook_still_reads(tmp_path: Path) -> None:
    [case] = read_form(_xlsx_rows(tmp_path / "ok.xlsx", 1), TEMPLATE)
    assert case.title == "1" and case.fields["overview"] == "v1"


def test_hostile_files_are_refused_and_the_good_ones_beside_them_kept(tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "good.md").write_text(GOOD)
    (forms / "headings.md").write_text("# T\n\n" + "".join(f"## H{i}\n\nx\n\n" for i in range(1000)))
    _xlsx_rows(forms / "big.xlsx", limits.MAX_ROWS + 5)
    out = run("import", str(tmp_path / "p"), str(forms))
    assert out.exit_code == 1
    assert "1 case(s) imported" in out.output and "2 file(s) failed" in out.output
    assert "headings.md: refused" in out.output and "big.xlsx: refused" in out.output


# -- temporary files ------------------------------------------------------------------------------


def test_temporary_files_of_a_killed_report_are_cleaned_next_time(tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    target = tmp_path / "r.md"
    dead = tmp_path / ".r.md.999999.abcd1234.tmp"  # a writer that was killed
    dead.write_text("half")
    legacy = tmp_path / ".r.md.k3j4h5g6.tmp"  # an older synth's, an hour old
    legacy.write_text("half")
    os.utime(legacy, (time.time() - 3600, time.time() - 3600))
    alive = tmp_path / f".r.md.{os.getpid()}.zz.tmp"  # a writer still running
    alive.write_text("busy")
    assert run("report", str(tmp_path / "p"), "-o", str(target)).exit_code == 0
    assert target.exists() and not dead.exists() and not legacy.exists() and alive.exists()


def test_a_failed_report_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from synth.report import atomic_write

    def fail(tmp: Path) -> None:
        tmp.write_text("partial")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "r.md", fail)
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_a_whole_project(tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(tmp_path / "p")


SIGTERMED = """
import sys, time
from pathlib import Path
import synth.report
from synth.cli import main

real = synth.report.render


def slow(data, fmt):
    write = real(data, fmt)

    def stalled(tmp):
        write(tmp)
        print("writing", flush=True)
        time.sleep(60)

    return stalled


synth.report.render = slow
main(["report", sys.argv[1], "-o", sys.argv[2]])
"""


def test_a_report_stopped_with_sigterm_leaves_no_temporary_file(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    Project.create(tmp_path / "p").close()
    (tmp_path / "out").mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", SIGTERMED, str(tmp_path / "p"), str(tmp_path / "out" / "r.md")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "writing"
    [partial] = [p.name for p in (tmp_path / "out").iterdir()]
    assert partial.endswith(".tmp")  # mid-write
    child.send_signal(signal.SIGTERM)
    child.wait(timeout=60)
    assert child.returncode == 143
    assert list((tmp_path / "out").iterdir()) == []
