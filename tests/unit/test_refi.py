"""REFI-QDA: the .qdpx project and .qdc codebook validate, offsets land on the coded words, GUIDs are stable,
and read_qdc imports codebooks (ours and other tools')."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from report_fixture import build_project

from synth.model import CodebookEntry
from synth.project import Project
from synth.report import write_report
from synth.report.gather import gather
from synth.report.refi import PROJECT_NS, CodebookError, read_qdc, source_text
from synth.state import codebook_entry_to_dict

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "refi-qda"
DATA = Path(__file__).resolve().parents[1] / "data" / "report"
needs_schemas = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/refi-qda (the REFI-QDA schemas) is not here")
Q = f"{{{PROJECT_NS}}}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_project(tmp_path_factory.mktemp("refi"))


@pytest.fixture(scope="module")
def qdpx(built, tmp_path_factory) -> Path:
    with Project.open(built.path) as p:
        return write_report(p, "qdpx", tmp_path_factory.mktemp("out") / "project.qdpx")


def test_qdpx_is_a_zip_of_project_qde_and_one_source_per_case(qdpx: Path, built) -> None:
    with zipfile.ZipFile(qdpx) as zf:
        names = zf.namelist()
        root = ET.fromstring(zf.read("project.qde"))
        sources = root.findall(f"{Q}Sources/{Q}TextSource")
        assert names[0] == "project.qde" and len(sources) == len(built.cases)
        for s in sources:
            assert s.get("plainTextPath") == f"internal://{s.get('guid')}.txt"
            assert f"sources/{s.get('guid')}.txt" in names
        users = [u.get("name") for u in root.findall(f"{Q}Users/{Q}User")]
        assert users == ["ana", "ben"]


@needs_schemas
def test_qdpx_validates_against_the_refi_qda_schema(qdpx: Path) -> None:
    import xmlschema

    schema = xmlschema.XMLSchema(str(SHARED / "Project.xsd"))
    with zipfile.ZipFile(qdpx) as zf:
        schema.validate(zf.read("project.qde").decode("utf-8"))


def test_every_coding_lands_on_the_coded_words(qdpx: Path, built) -> None:
    with Project.open(built.path) as p:
        codings = {c.id: c for c in p.state.codings.values()}
        data = gather(p)
    with zipfile.ZipFile(qdpx) as zf:
        root = ET.fromstring(zf.read("project.qde"))
        code_names = {c.get("guid"): c.get("name") for c in root.iter(f"{Q}Code")}
        found = 0
        for source in root.iter(f"{Q}TextSource"):
            text = zf.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
            for sel in source.findall(f"{Q}PlainTextSelection"):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                ref = sel.find(f"{Q}Coding/{Q}CodeRef").get("targetGUID")
                [coding] = [
                    c
                    for c in codings.values()
                    if c.text == text[start:end] and code_names[ref].startswith(data_label(data, c))
                ]
                assert coding.text == text[start:end]
                found += 1
    assert found == len(codings) == 8


def data_label(data, coding) -> str:
    return next(t.theme.label for t in data.all_themes() if t.theme.id == coding.theme_id)


def test_source_offsets_count_code_points_not_bytes(tmp_path: Path) -> None:
    cases = {
        "Café 𝄞 Club": {
            "overview": "Música for everyone 🎶 in Málaga.",
            "setting": "Lisboa",
            "participants": "Twelve señoras 👵 came every week.",
            "enablers_barriers": "Volunteers 🙌 were key. Funding ended.",
            "key_learning": "Peer support grew.",
        }
    }
    built = build_project(tmp_path, cases)
    with Project.open(built.path) as p:
        data = gather(p)
        src = source_text(data, built.cases["Café 𝄞 Club"])
        for c in p.state.codings.values():
            start, _ = src.offsets[(c.heading_id, c.target)]
            assert src.text[start + c.start : start + c.end] == c.text


def test_the_same_state_exports_the_same_bytes(built, tmp_path: Path) -> None:
    with Project.open(built.path) as p:
        a = write_report(p, "qdpx", tmp_path / "a.qdpx").read_bytes()
    with Project.open(built.path, use_snapshot=False) as p:
        b = write_report(p, "qdpx", tmp_path / "b.qdpx").read_bytes()
    assert a == b


def test_codebook_nests_member_themes_under_general_themes(qdpx: Path) -> None:
    with zipfile.ZipFile(qdpx) as zf:
        root = ET.fromstring(zf.read("project.qde"))
    top = root.findall(f"{Q}CodeBook/{Q}Codes/{Q}Code")
    tree = {c.get("name"): [k.get("name") for k in c.findall(f"{Q}Code")] for c in top}
    assert tree == {
        "Volunteering": ["Volunteer effort (Enablers and barriers)", "Volunteers (Participants)"],
        "Sustainable funding": ["Short-term funding (Enablers and barriers)"],
        "Themes not in a general theme": ["Social connection (Key learning)"],
    }
    sets = {s.get("name") for s in root.findall(f"{Q}Sets/{Q}Set")}
    assert "General theme: Volunteering" in sets and "Heading: Enablers and barriers" in sets


@needs_schemas
def test_qdc_validates_and_reads_back_as_the_codebook(built, tmp_path: Path) -> None:
    import xmlschema

    with Project.open(built.path) as p:
        path = write_report(p, "qdc", tmp_path / "codebook.qdc")
    xmlschema.XMLSchema(str(SHARED / "Codebook.xsd")).validate(str(path))
    entries = read_qdc(path)
    assert [(e.name, e.heading) for e in entries] == [
        ("Volunteering", None),
        ("Volunteer effort", "enablers_barriers"),
        ("Volunteers", "participants"),
        ("Sustainable funding", None),
        ("Short-term funding", "enablers_barriers"),
        ("Social connection", "key_learning"),
    ]
    assert entries[0].definition == "Volunteers as the workforce that keeps projects running."
    assert entries[4].definition == "Funding that ends before change can show."


def test_read_qdc_reads_another_tools_codebook() -> None:
    entries = read_qdc(DATA / "wellbeing-codebook.qdc")
    assert entries[0] == CodebookEntry(
        name="Social connection",
        definition="Participants describe new or deeper relationships formed through the project.",
        include="friendships, peer support, feeling less alone",
        exclude="contact with staff only",
        examples=("I made friends I still see every week.",),
        heading=None,
        colour="#3366cc",
    )
    names = [e.name for e in entries if e.codable]
    assert names == ["Social connection", "Volunteering", "Funding", "Short-term funding", "Confidence"]
    by_name = {e.name: e for e in entries}
    assert not by_name["Barriers"].codable  # a grouping code is kept, as a category, so the tree is kept
    assert by_name["Short-term funding"].parents == ("Barriers", "Funding")


def test_read_qdc_reads_the_codebook_of_a_qdpx(qdpx: Path) -> None:
    assert "Social connection" in [e.name for e in read_qdc(qdpx)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "codebook file not found"),
        (b"", "not well-formed XML"),
        (b"\x00\x01binary", "not well-formed XML"),
        (b"<html><body>hi</body></html>", "not a REFI-QDA codebook"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "holds no <Codes>"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CodeBook/>', "DTD or entities"),
        (b"PK\x03\x04truncated zip", "not well-formed XML"),
    ],
)
def test_read_qdc_rejects_bad_files_in_one_line(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "codes.qdc"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CodebookError, match=message) as info:
        read_qdc(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


@needs_schemas
def test_memos_become_notes_referenced_from_their_targets(built, tmp_path: Path) -> None:
    import shutil

    import xmlschema

    shutil.copytree(built.path, tmp_path / "copy")
    with Project.open(tmp_path / "copy", analyst="ana") as p:
        for i, target in enumerate(
            ["theme:" + built.themes["Volunteers"], "general:" + built.generals["Volunteering"], "case:green-minds"]
        ):
            p.record("memo.written", memo={"id": f"m-x{i}", "target": target, "text": f"note {i} <&>"})
        path = write_report(p, "qdpx", tmp_path / "p.qdpx")
    with zipfile.ZipFile(path) as zf:
        qde = zf.read("project.qde").decode()
    xmlschema.XMLSchema(str(SHARED / "Project.xsd")).validate(qde)
    root = ET.fromstring(qde)
    notes = {n.get("guid"): n.find(f"{Q}PlainTextContent").text for n in root.findall(f"{Q}Notes/{Q}Note")}
    assert len(notes) == 4 and "note 0 <&>" in notes.values()

    def refs(el):
        return [notes[r.get("targetGUID")] for r in el.findall(f"{Q}NoteRef")]

    codes = {c.get("name"): c for c in root.iter(f"{Q}Code")}
    assert refs(codes["Volunteers (Participants)"]) == ["note 0 <&>"]
    assert refs(codes["Volunteering"]) == ["note 1 <&>"]
    source = next(s for s in root.iter(f"{Q}TextSource") if s.get("name") == "Green Minds")
    assert refs(source) == ["note 2 <&>"]
    assert refs(root) == ["Volunteering recurs across headings."]


@needs_schemas
def test_an_imported_codebook_survives_export_and_reimport(built, tmp_path: Path) -> None:
    import shutil

    import xmlschema

    entries = read_qdc(DATA / "wellbeing-codebook.qdc")
    shutil.copytree(built.path, tmp_path / "copy")
    with Project.open(tmp_path / "copy", analyst="ana") as p:
        heading_bound = CodebookEntry(
            name="Rural transport", definition="Getting there is hard.", heading="enablers_barriers"
        )
        rows = [*entries, heading_bound]
        p.record(
            "codebook.set",
            entries=[codebook_entry_to_dict(e) for e in rows],  # parents, colours and categories too
            source="wellbeing-codebook.qdc",
        )
        path = write_report(p, "qdc", tmp_path / "out.qdc")
    xmlschema.XMLSchema(str(SHARED / "Codebook.xsd")).validate(str(path))
    back = read_qdc(path)
    names = {e.name for e in back}
    for e in rows:
        if e.name in (
            "Social connection",
            "Short-term funding",
            "Volunteering",
        ):  # themes and a general theme bear these names
            assert e.name in names
        else:
            assert e in back, e.name


def test_codings_on_a_summary_rewritten_later_are_relocated_or_left_out(built, tmp_path: Path) -> None:
    import shutil

    from report_fixture import summary_event

    from synth.report.markdown import to_markdown

    shutil.copytree(built.path, tmp_path / "copy")
    with Project.open(tmp_path / "copy", analyst="ana") as p:
        moved = "Volunteers ran every session. Forty adults took part, most referred by GPs."
        gone = "Twenty-five residents aged 60 to 88 sang weekly."
        p.commit(
            [
                summary_event("green-minds", "participants", moved, "", status="edited"),
                summary_event("songs-of-the-estate", "participants", gone, "", status="edited"),
            ]
        )
        data = gather(p)
        path = write_report(p, "qdpx", tmp_path / "p.qdpx")
    assert len(data.stats.stale_codings) == 2
    assert "**2 coded spans no longer match the text they were coded on**" in to_markdown(data)
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("project.qde"))
        spans = {}
        for source in root.iter(f"{Q}TextSource"):
            text = zf.read(f"sources/{source.get('guid')}.txt").decode()
            for sel in source.findall(f"{Q}PlainTextSelection"):
                spans.setdefault(source.get("name"), []).append(
                    text[int(sel.get("startPosition")) : int(sel.get("endPosition"))]
                )
    assert "Volunteers ran every session" in spans["Green Minds"]
    assert "volunteers provided transport" not in spans["Songs of the Estate"]
    assert "1 coded span(s) whose text was rewritten after coding are left out." in root.find(f"{Q}Description").text
