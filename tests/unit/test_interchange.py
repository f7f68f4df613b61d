"""REFI-QDA import and codebooks both ways: synth's own .qdpx round-trips with no loss, other tools'
dialects come in with the file's counts of sources, codes and codings, bad files are named in one line
and leave nothing behind, and codebooks keep their tree in every shape."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_fixture import build_project, case_event

from synth.cli import cli
from synth.interchange import InterchangeError
from synth.interchange.codebooks import qualcoder_csv, taguette_csv
from synth.interchange.importer import SOURCE_FIELD, import_qdpx
from synth.interchange.qdpx import read_qdpx
from synth.model import CodebookEntry
from synth.project import Project
from synth.report import write_report
from synth.state import codebook_entry_from_dict, codebook_entry_to_dict
from synth.themes.actions import write_memo
from synth.themes.codebook import CodebookError, load_codebook

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "refi"
SCHEMAS = next(
    (p for p in (ROOT.parent / "shared" / "refi-qda", ROOT.parents[1] / "shared" / "refi-qda") if p.is_dir()), None
)
needs_schemas = pytest.mark.skipif(SCHEMAS is None, reason="shared/refi-qda (the REFI-QDA schemas) is not here")


def content(path: Path) -> dict:
    """What a .qdpx says, without its GUIDs: sources, the code tree, codings, notes, sets and users."""
    qp = read_qdpx(path)
    return {
        "sources": sorted((s.name, s.text, tuple(sorted(s.attributes.items()))) for s in qp.sources),
        "codes": sorted((qp.path_of(c.guid), c.codable, c.colour, c.description) for c in qp.codes),
        "codings": sorted(
            (s.name, sel.start, sel.end, qp.path_of(g)) for s in qp.sources for sel in s.selections for g in sel.codes
        ),
        "notes": sorted((n.name.split(":")[0], n.text, qp.users.get(n.user, "")) for n in qp.notes),
        "sets": sorted((n, d, tuple(sorted(qp.path_of(m) for m in ms))) for n, d, ms in qp.sets),
        "users": sorted(qp.users.values()),
    }


def events(path: Path) -> int:
    with Project.open(path) as p:
        return p.state.seq


# -- synth's own .qdpx ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rich_qdpx(tmp_path_factory) -> Path:
    """The report fixture's project with memos on everything and a codebook with a tree, exported."""
    root = tmp_path_factory.mktemp("own")
    built = build_project(root)
    with Project.open(built.path, analyst="ana") as p:
        state = p.state
        case = next(iter(state.cases))
        theme = next(iter(state.themes))
        general = next(iter(state.general_themes))
        kind, payload = case_event("Museum Hands", {"overview": "Object handling for people living with dementia."})
        payload["case"]["attributes"] = {"ID": "7", "Email": "team@museum.example", "Start time": "2024-03-01 09:12"}
        p.commit([(kind, payload)])
        write_memo(p, "project", "Start from the enablers: volunteers come up everywhere.")
        write_memo(p, f"case:{case}", "Check the attendance figures with the project.")
        write_memo(p, f"theme:{theme}", "Merge with peer support?")
        write_memo(p, f"general:{general}", "The strongest general theme.")
        write_memo(p, "field:setting", "Settings are thin in most forms.")
        tree = [
            CodebookEntry("Barriers", "What got in the way.", colour="#CC3333", codable=False),
            CodebookEntry("Other", "Any other barrier.", parents=("Barriers",), colour="#EE7777"),
            CodebookEntry("Enablers", "What helped."),
            CodebookEntry("Other", "Any other enabler.", parents=("Enablers",), include="named by two projects"),
            CodebookEntry("Rural transport", "Getting there is hard.", heading="enablers_barriers"),
        ]
        p.record("codebook.set", entries=[codebook_entry_to_dict(e) for e in tree], source="test")
        return write_report(p, "qdpx", root / "first.qdpx")


def test_synth_qdpx_round_trips_with_no_loss(rich_qdpx: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--analyst", "cara", "init", str(tmp_path / "back"), "--from", str(rich_qdpx)])
    assert result.exit_code == 0, result.output
    with Project.open(tmp_path / "back") as p:
        again = write_report(p, "qdpx", tmp_path / "again.qdpx")
        assert p.state.name == "Creative Health Synthesis"
        assert {e.path for e in p.state.codebook} >= {("Barriers", "Other"), ("Enablers", "Other")}
    first, second = content(rich_qdpx), content(again)
    # the analyst who imported it is on the new project's trail, so a user of the file now
    assert second.pop("users") == sorted([*first.pop("users"), "cara"])
    for part in first:
        assert first[part] == second[part], part
    assert len(first["notes"]) == 6 and len(first["codings"]) > 5  # five memos here, one the fixture wrote


def test_synth_qdpx_counts_equal_the_file(rich_qdpx: Path, tmp_path: Path) -> None:
    qp = read_qdpx(rich_qdpx)
    with Project.create(tmp_path / "p", analyst="cara") as p:
        report = import_qdpx(p, rich_qdpx)
        state = p.state
        assert report.complete
        assert len(state.cases) == len(qp.sources) == report.in_file["sources"]
        assert len(state.codings) == qp.codings == report.imported["codings"]
        assert report.imported["codes"] == len(qp.codes)
        assert len(state.memos) == len(qp.notes)
        # every coding's span holds the text it coded, on the answer or the summary it was made on
        for c in state.codings.values():
            if c.target == "summary":
                text = state.summaries[(c.case_id, c.heading_id)].text
            else:
                text = state.cases[c.case_id].fields[c.heading_id]
            assert text[c.start : c.end] == c.text
        # the coders of the file are the coders of the codings, not the analyst who imported them
        assert {c.analyst for c in state.codings.values()} <= {"ana", "ben"}


def test_the_demo_round_trips(tmp_path: Path) -> None:
    """The bundled demo, through synth run: the file QualCoder reads as 14 sources and 433 codings."""
    runner = CliRunner()
    out = tmp_path / "run"
    assert runner.invoke(cli, ["run", str(ROOT / "casestudies"), "--out", str(out)]).exit_code == 0
    first = out / "project.qdpx"
    result = runner.invoke(cli, ["init", str(tmp_path / "back"), "--from", str(first)])
    assert result.exit_code == 0, result.output
    qp = read_qdpx(first)
    assert f"{len(qp.sources)} of {len(qp.sources)} sources" in result.output
    assert f"{qp.codings} of {qp.codings} codings" in result.output
    again = runner.invoke(cli, ["report", str(tmp_path / "back"), "--format", "qdpx", "-o", str(tmp_path / "b.qdpx")])
    assert again.exit_code == 0
    assert content(first) == content(tmp_path / "b.qdpx")
    # its .qdc, which synth once refused ("code names repeat"), reads back whole, and so does each CSV shape
    qdc = tmp_path / "demo.qdc"
    assert runner.invoke(cli, ["report", str(out / "project"), "--format", "qdc", "-o", str(qdc)]).exit_code == 0
    entries = load_codebook(qdc)
    assert len(entries) == len([c for c in read_qdpx(first).codes if c.codable])
    assert runner.invoke(cli, ["init", str(tmp_path / "cb")]).exit_code == 0
    assert runner.invoke(cli, ["codebook", str(tmp_path / "cb"), str(qdc)]).exit_code == 0
    for shape in ("qdc", "taguette", "qualcoder"):
        target = tmp_path / f"out-{shape}.{'qdc' if shape == 'qdc' else 'csv'}"
        args = ["codebook", str(tmp_path / "cb"), str(target), "--export", "--shape", shape]
        assert runner.invoke(cli, args).exit_code == 0
        assert len([e for e in load_codebook(target) if e.codable]) == len(entries), shape


def test_the_same_file_is_not_imported_twice(rich_qdpx: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "p")]).exit_code == 0
    assert runner.invoke(cli, ["import", str(tmp_path / "p"), str(rich_qdpx)]).exit_code == 0
    seq = events(tmp_path / "p")
    again = runner.invoke(cli, ["import", str(tmp_path / "p"), str(rich_qdpx)])
    assert again.exit_code == 0 and "imported already" in again.output
    assert events(tmp_path / "p") == seq


def test_a_synth_source_edited_after_export_is_refused_whole(rich_qdpx: Path, tmp_path: Path) -> None:
    broken = tmp_path / "edited.qdpx"
    with zipfile.ZipFile(rich_qdpx) as src, zipfile.ZipFile(broken, "w") as dst:
        names = src.namelist()
        last_source = [n for n in names if n.startswith("sources/")][-1]  # (the trail anchor comes after them)
        for n in names:
            data = src.read(n)
            if n == last_source:
                data = b"no title line"  # a source cut short by hand
            dst.writestr(n, data)
    with Project.create(tmp_path / "p") as p:
        seq = p.state.seq
        with pytest.raises(InterchangeError, match="not laid out as synth writes") as info:
            import_qdpx(p, broken)
        assert str(broken) in str(info.value) and "\n" not in str(info.value)
        p.refresh()
        assert p.state.seq == seq and not p.state.cases  # nothing half-written


# -- other tools ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sources", "codes", "codings", "coders"),
    [
        ("qualcoder-dialect.qdpx", 3, 7, 14, {"Priya Shah", "Tom Reid"}),
        ("nvivo-dialect.qdpx", 2, 8, 7, {"Jo Marsh", "Ravi Kumar"}),
        ("atlas-dialect.qdpx", 1, 3, 4, {"Sam Okafor"}),
    ],
)
def test_other_tools_import_with_the_files_counts(tmp_path, name, sources, codes, codings, coders) -> None:
    qp = read_qdpx(DATA / name)
    assert (len(qp.sources), len(qp.codes), qp.codings) == (sources, codes, codings)  # the file's own counts
    with Project.create(tmp_path / "p", analyst="cara") as p:
        report = import_qdpx(p, DATA / name)
        state = p.state
        assert report.complete, report
        assert len(state.cases) == sources
        assert len(state.codings) == codings
        assert len([e for e in state.codebook]) == codes
        assert {c.analyst for c in state.codings.values()} == coders
        texts = {s.guid: s.text for s in qp.sources}
        quotes = {" ".join(texts[s.guid][sel.start : sel.end].split()) for s in qp.sources for sel in s.selections}
        for c in state.codings.values():
            assert state.cases[c.case_id].fields[c.heading_id][c.start : c.end] == c.text
            # the coded words are the words the other tool coded (a span dragged over a heading is cut to the answer)
            assert any(" ".join(c.text.split()) in q for q in quotes), c.text
        assert state.imported[-1]["sha256"] == qp.sha256


def test_qualcoder_dialect_places_headings_and_keeps_the_tree(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        report = import_qdpx(p, DATA / "qualcoder-dialect.qdpx")
        state = p.state
    green = state.cases["green-minds-gardening-for-wellbeing"]
    assert "Café Verde 🌱" in green.fields["setting"]  # code points, not UTF-16 units or bytes
    assert green.attributes == {"Region": "Yorkshire", "Participants": "42", "REFI-QDA case": "Leeds"}
    assert set(green.fields) >= {"overview", "setting", "participants", "enablers_barriers", "key_learning"}
    songs = state.cases["songs-of-the-estate"]  # the CRLF file whose positions count LF ends
    assert "\r" not in songs.fields["participants"]
    interview = state.cases["interview-joan"]
    assert list(interview.fields) == [SOURCE_FIELD.id] and SOURCE_FIELD.id in state.fields
    assert any("whole text is the field" in n for n in report.notes)
    tree = {e.path: e for e in state.codebook}
    assert tree[("Delivery", "Volunteers", "Volunteer drivers")].colour == "#FF9933"
    assert not tree[("Delivery",)].codable and tree[("Delivery",)].definition == "How the project was run."
    labels = {g.label: sorted(state.themes[t].label for t in g.themes) for g in state.general_themes.values()}
    assert "Volunteer drivers" in labels["Delivery"] and "Funding" in labels["Delivery"]
    described = "Interviews and case study forms from three arts and wellbeing projects."  # the project's Description
    assert {m.analyst for m in state.memos.values() if m.text != described} == {
        "Priya Shah",
        "Tom Reid",
    }  # the notes' writers
    assert [m.target for m in state.memos.values() if m.text == described] == ["project"]
    memos = sorted((m.target, m.text) for m in state.memos.values())
    assert ("case:green-minds-gardening-for-wellbeing", "Ask who pays the therapist.") in memos
    assert ("project", "Coding diary: volunteers come up in every source.") in memos
    assert any("The café is where people talk" in text for _, text in memos)  # a coding memo
    assert any("ran over a heading" in n for n in report.notes)


def test_atlas_dialect_reads_inline_text_and_quotation_comments(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        import_qdpx(p, DATA / "atlas-dialect.qdpx")
        state = p.state
    case = state.cases["step-together-walking-group"]
    assert set(case.fields) == {"purpose", "participants", "key_learning"}
    phone = [c for c in state.codings.values() if c.text.startswith("A walk leader who phones")]
    assert sorted(state.themes[c.theme_id].label for c in phone) == ["Keeping in touch", "Walk leaders"]
    assert [(m.target, m.text) for m in state.memos.values()] == [
        ("case:step-together-walking-group", "The phone call is the project's real intervention.")
    ]


def test_nvivo_dialect_keeps_two_others_apart(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as p:
        import_qdpx(p, DATA / "nvivo-dialect.qdpx")
        state = p.state
    others = [e for e in state.codebook if e.name == "Other"]
    assert sorted(e.parents for e in others) == [("Barriers",), ("Enablers",)]
    assert {e.definition for e in others} == {"Any other barrier.", "Any other enabler."}
    labels = {t.label for t in state.themes.values()}
    assert {"Barriers / Other", "Enablers / Other"} <= labels
    bus = next(c for c in state.codings.values() if "bus strike" in c.text)
    assert bus.text == "Other: the bus strike in 2023 stopped two circles for a month."  # CRLF counted, then put right
    assert state.themes[bus.theme_id].label == "Barriers / Other"
    assert [m.target for m in state.memos.values()] == ["case:museum-hands"]


@needs_schemas
def test_an_imported_project_exports_a_valid_qdpx(tmp_path: Path) -> None:
    import xmlschema

    with Project.create(tmp_path / "p") as p:
        import_qdpx(p, DATA / "qualcoder-dialect.qdpx")
        out = write_report(p, "qdpx", tmp_path / "out.qdpx")
    schema = xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd"))
    with zipfile.ZipFile(out) as zf:
        schema.validate(zf.read("project.qde").decode("utf-8"))
    assert len(read_qdpx(out).sources) == 3


@needs_schemas
@pytest.mark.parametrize("name", ["qualcoder-dialect.qdpx", "nvivo-dialect.qdpx", "atlas-dialect.qdpx"])
def test_the_fixtures_are_valid_refi_qda(name: str) -> None:
    import xmlschema

    with zipfile.ZipFile(DATA / name) as zf:
        xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd")).validate(zf.read("project.qde").decode("utf-8"))


# -- bad files -----------------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    return path


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    b'<Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>'
)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (None, "not a readable .qdpx zip"),
        ({"readme.txt": b"hello"}, "without a project.qde"),
        ({"project.qde": LAUGHS}, "declares a DTD or entities"),
        ({"project.qde": LAUGHS.decode().encode("utf-16")}, "declares a DTD or entities"),
        ({"project.qde": b"<Project"}, "not well-formed XML"),
        ({"project.qde": b"<CodeBook/>"}, "not a REFI-QDA project"),
    ],
)
def test_bad_qdpx_is_one_line_and_leaves_nothing(tmp_path: Path, members, message: str) -> None:
    bad = tmp_path / "bad.qdpx"
    if members is None:
        bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    else:
        _zip(bad, members)
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "p")]).exit_code == 0
    seq = events(tmp_path / "p")
    result = runner.invoke(cli, ["import", str(tmp_path / "p"), str(bad)])
    assert result.exit_code == 1 and message in result.output and str(bad) in result.output
    assert "Traceback" not in result.output and events(tmp_path / "p") == seq
    made = runner.invoke(cli, ["init", str(tmp_path / "q"), "--from", str(bad)])
    assert made.exit_code == 1 and message in made.output
    assert not (tmp_path / "q").exists()  # the file is read before the folder is made


def test_member_sizes_are_checked_before_reading(tmp_path: Path, monkeypatch) -> None:
    from synth.interchange import qdpx

    big = _zip(tmp_path / "big.qdpx", {"project.qde": b"<Project/>" + b" " * 5000})
    monkeypatch.setattr(qdpx, "MAX_QDE", 1000)
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: opened.append(a) or real_open(self, *a, **k))
    with pytest.raises(InterchangeError, match=r"unpacks to .* more than synth will open"):
        read_qdpx(big)
    assert not opened  # refused from the zip's directory, never decompressed


def test_a_missing_source_file_is_reported_not_fatal(tmp_path: Path) -> None:
    with zipfile.ZipFile(DATA / "nvivo-dialect.qdpx") as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    first_source = next(n for n in members if n.startswith("sources/B2C3"))
    del members[first_source]
    partial = _zip(tmp_path / "partial.qdpx", members)
    with Project.create(tmp_path / "p") as p:
        report = import_qdpx(p, partial)
    assert report.in_file["sources"] == 2 and report.imported["cases"] == 1 and not report.complete
    assert any("missing from the .qdpx" in s for s in report.skipped)


# -- codebooks both ways ---------------------------------------------------------------------------


def test_synth_reads_its_own_qdc(tmp_path: Path) -> None:
    """Once refused with "code names repeat": a theme label used under two headings."""
    built = build_project(tmp_path / "b")
    with Project.open(built.path, analyst="ana") as p:
        p.record(
            "codebook.set",
            entries=[
                codebook_entry_to_dict(CodebookEntry("Volunteer effort", heading="participants")),
                codebook_entry_to_dict(CodebookEntry("Other", parents=("Barriers",))),
                codebook_entry_to_dict(CodebookEntry("Other", parents=("Enablers",))),
            ],
            source="t",
        )
        qdc = write_report(p, "qdc", tmp_path / "own.qdc")
    entries = load_codebook(qdc)
    assert ("Barriers", "Other") in {e.path for e in entries} and ("Enablers", "Other") in {e.path for e in entries}
    with Project.open(built.path, analyst="ana") as p:
        themes = {(t.label, t.heading) for t in p.state.themes.values()}
    assert themes <= {(e.name, e.heading) for e in entries}


def test_an_nvivo_tree_keeps_both_others() -> None:
    entries = load_codebook(DATA / "nvivo-codebook.qdc")
    assert [e.path for e in entries if e.name == "Other"] == [("Enablers", "Other"), ("Barriers", "Other")]
    assert {e.colour for e in entries if e.name == "Other"} == {"#77DD77", "#EE7777"}


def test_the_same_place_twice_still_repeats(tmp_path: Path) -> None:
    path = tmp_path / "dupe.csv"
    path.write_text("name,parent\nOther,Barriers\nother,Barriers\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="repeat under the same parent: barriers > other"):
        load_codebook(path)


def test_taguette_and_qualcoder_csv_codebooks_read() -> None:
    taguette = load_codebook(DATA / "taguette-codebook.csv")
    assert [(e.name, e.definition) for e in taguette][:2] == [
        ("volunteers", "People giving their time unpaid"),
        ("funding", "Where the money came from, and when it ran out"),
    ]
    qualcoder = {e.path: e for e in load_codebook(DATA / "qualcoder-codebook.csv")}
    assert qualcoder[("Delivery", "Volunteers", "Volunteer drivers")].codable
    assert not qualcoder[("Delivery",)].codable
    assert ("Barriers", "Other") in qualcoder and ("Enablers", "Other") in qualcoder


def test_csv_shapes_written_read_back(tmp_path: Path) -> None:
    tree = [
        CodebookEntry("Barriers", "What got in the way.", codable=False),
        CodebookEntry("Other", "Any other barrier.", parents=("Barriers",)),
        CodebookEntry("Enablers", "What helped."),
        CodebookEntry("Other", "Any other enabler.", parents=("Enablers",)),
        CodebookEntry("=SUM(A1)", "A name a spreadsheet would run."),
    ]
    (tmp_path / "t.csv").write_text(taguette_csv(tree), encoding="utf-8")
    (tmp_path / "q.csv").write_text(qualcoder_csv(tree), encoding="utf-8")
    header = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "tag,description"
    tags = [e.name for e in load_codebook(tmp_path / "t.csv")]
    assert tags == ["Barriers / Other", "Enablers", "Enablers / Other", "'=SUM(A1)"]
    back = {e.path: e for e in load_codebook(tmp_path / "q.csv")}
    assert back[("Barriers", "Other")].definition == "Any other barrier."
    assert not back[("Barriers",)].codable  # a category, from the paths (the shape has no room for its description)
    assert back[("Enablers", "Other")].definition == "Any other enabler."


def test_cli_exports_each_shape(rich_qdpx: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "p"), "--from", str(rich_qdpx)]).exit_code == 0
    for name, shape in (("c.qdc", None), ("t.csv", "taguette"), ("q.csv", "qualcoder")):
        args = ["codebook", str(tmp_path / "p"), str(tmp_path / name), "--export"]
        result = runner.invoke(cli, args + (["--shape", shape] if shape else []))
        assert result.exit_code == 0, result.output
        entries = load_codebook(tmp_path / name)
        assert any(e.name in ("Other", "Barriers / Other") for e in entries), name


def test_old_codebook_payloads_still_read() -> None:
    old = {"name": "Funding", "definition": "Money", "include": "", "exclude": "", "examples": [], "heading": None}
    entry = codebook_entry_from_dict(old)
    assert entry == CodebookEntry("Funding", "Money") and entry.codable and entry.parents == ()
    assert codebook_entry_to_dict(entry) == old  # a flat codebook's payload is as it was


def test_fixtures_are_what_the_script_makes(tmp_path: Path) -> None:
    """The committed files are the generator's output (so the README's account of them holds)."""
    import runpy

    copy = tmp_path / "refi"
    shutil.copytree(DATA, copy)
    runpy.run_path(str(copy / "make_fixtures.py"), run_name="__main__")
    for name in ("qualcoder-dialect.qdpx", "nvivo-dialect.qdpx", "atlas-dialect.qdpx"):
        assert content(copy / name) == content(DATA / name)


def test_the_form_importer_the_tui_uses_brings_a_qdpx_in(tmp_path: Path) -> None:
    from synth.extract.importer import import_paths

    with Project.create(tmp_path / "p") as p:
        report = import_paths(p, [DATA / "nvivo-dialect.qdpx"])
        assert [case_id for _, case_id, _ in report.imported] == ["open-book-reading-circles", "museum-hands"]
        assert len(p.state.codings) == 7 and report.ok
        again = import_paths(p, [DATA / "nvivo-dialect.qdpx"])
        assert not again.imported and len(again.duplicates) == 1


def test_extract_says_how_to_bring_a_qdpx_in() -> None:
    result = CliRunner().invoke(cli, ["extract", str(DATA / "nvivo-dialect.qdpx")])
    assert result.exit_code == 1 and "synth init PROJECT --from FILE.qdpx" in result.output


@pytest.mark.parametrize("name", ["nvivo-dialect.qdpx", "qualcoder-dialect.qdpx"])
def test_another_tools_project_once_in_synth_round_trips_too(tmp_path: Path, name: str) -> None:
    """X -> synth -> .qdpx -> synth -> .qdpx: the second trip changes nothing (source_text, case attributes included)."""
    with Project.create(tmp_path / "a", analyst="cara") as p:
        import_qdpx(p, DATA / name)
        first = write_report(p, "qdpx", tmp_path / "first.qdpx")
    with Project.create(tmp_path / "b", analyst="cara") as p:
        assert import_qdpx(p, first).complete
        again = write_report(p, "qdpx", tmp_path / "again.qdpx")
    assert content(first) == content(again)


def test_a_qdpx_codebook_loads_on_its_own() -> None:
    """`synth codebook P FILE.qdpx` once said "unknown codebook format .qdpx"."""
    entries = load_codebook(DATA / "nvivo-dialect.qdpx")
    assert len(entries) == 8 and ("Barriers", "Other") in {e.path for e in entries}


def test_a_bad_qdpx_beside_good_forms_still_fails_the_command(tmp_path: Path) -> None:
    bad = _zip(tmp_path / "bad.qdpx", {"readme.txt": b"hello"})
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "p")]).exit_code == 0
    form = ROOT / "tests" / "data" / "forms" / "md-atx-headings.md"
    result = runner.invoke(cli, ["import", str(tmp_path / "p"), str(bad), str(form)])
    assert result.exit_code == 1 and "without a project.qde" in result.output
    assert "1 case(s) imported" in result.output  # the good form still came in
