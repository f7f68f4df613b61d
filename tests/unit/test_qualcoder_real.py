"""Files written by QualCoder's own REFI-QDA export (not imitations), brought into synth.

``tests/data/refi/qualcoder-real.qdpx`` and ``qualcoder-real.qdc`` were exported by QualCoder 4.0 Beta
from a project that imported synth's demo ``.qdpx`` through QualCoder's own REFI-QDA import and then
had a second coder's work added (see ``tests/data/refi/README.md``). The file's counts are taken
here with ``xml.etree`` alone, not with synth's reader, so a reader that drops something fails.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.cli import cli
from synth.interchange.qdpx import read_qdpx
from synth.project import Project
from synth.report import write_report
from synth.themes.codebook import load_codebook

DATA = Path(__file__).resolve().parents[1] / "data" / "refi"
QDPX = DATA / "qualcoder-real.qdpx"
QDC = DATA / "qualcoder-real.qdc"
NS = "{urn:QDA-XML:project:1.0}"
CB = "{urn:QDA-XML:codebook:1.0}"
TOM = "Tom Okafor"


def _file() -> dict:
    """What the .qdpx holds, read with ElementTree and zipfile only."""
    with zipfile.ZipFile(QDPX) as zf:
        root = ET.fromstring(zf.read("project.qde"))
        users = {u.get("guid"): u.get("name") for u in root.iter(NS + "User")}
        sources = list(root.find(NS + "Sources"))
        texts = {}
        selections = []  # (source name, start, end, text, coder, code guids)
        origins = []  # (source name, origin) per coding, from synth's own line kept as QualCoder's coding memo
        for src in sources:
            path = src.get("plainTextPath").removeprefix("internal://")
            text = zf.read("sources/" + path).decode("utf-8-sig")
            texts[src.get("name")] = text
            for sel in src.findall(NS + "PlainTextSelection"):
                a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
                codes = [c.find(NS + "CodeRef").get("targetGUID") for c in sel.findall(NS + "Coding")]
                selections.append((src.get("name"), a, b, text[a:b], users.get(sel.get("creatingUser"), ""), codes))
                desc = sel.findtext(NS + "Description") or ""
                own = re.search(r"\((?:answer|summary)\); theme .+; origin (analyst|machine|codebook)$", desc)
                origins += [(src.get("name"), own.group(1) if own else "analyst")] * len(codes)
    codes = list(root.find(NS + "CodeBook").iter(NS + "Code"))
    return {
        "origin": root.get("origin"),
        "source_tags": Counter(s.tag.removeprefix(NS) for s in sources),
        "texts": texts,
        "codes": codes,
        "selections": selections,
        "codings": sum(len(s[5]) for s in selections),
        "coders": {s[4] for s in selections if s[5]},
        "origins": origins,
    }


FILE = _file()


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, str]:
    """``synth init P --from qualcoder-real.qdpx``, run once for the module."""
    path = tmp_path_factory.mktemp("qc") / "p"
    result = CliRunner().invoke(cli, ["--analyst", "cara", "init", str(path), "--from", str(QDPX)])
    assert result.exit_code == 0, result.output
    return path, result.output


def test_the_file_is_qualcoders_own() -> None:
    assert FILE["origin"].startswith("QualCoder ")
    assert FILE["source_tags"] == Counter({"TextSource": 14})
    assert (len(FILE["codes"]), FILE["codings"]) == (84, 446)  # what QualCoder wrote (README.md)
    assert FILE["coders"] == {"root", TOM}


def test_init_from_brings_the_files_counts(imported) -> None:
    path, output = imported
    sources, codes, codings = len(FILE["texts"]), len(FILE["codes"]), FILE["codings"]
    line = f"{sources} of {sources} sources, {codes} of {codes} codes, {codings} of {codings} codings"
    assert line in output
    with Project.open(path) as p:
        state = p.state
    assert len(state.cases) == sources
    assert sorted(c.title for c in state.cases.values()) == sorted(FILE["texts"])
    assert len(list(state.codebook)) == codes
    assert len(state.codings) == codings
    assert Counter(c.analyst for c in state.codings.values()) == Counter(s[4] for s in FILE["selections"] for _ in s[5])
    assert state.imported[-1]["origin"].startswith("QualCoder ")
    assert read_qdpx(QDPX).codings == codings  # synth's reader agrees with ElementTree


def test_every_coding_is_its_span_and_a_span_qualcoder_coded(imported) -> None:
    path, _ = imported
    with Project.open(path) as p:
        state = p.state
    quotes: dict[str, list[str]] = {}
    for name, _a, _b, text, _coder, _codes in FILE["selections"]:
        quotes.setdefault(name, []).append(_words(text))
    for c in state.codings.values():
        case = state.cases[c.case_id]
        if c.target == "summary":
            assert state.summaries[(c.case_id, c.heading_id)].text[c.start : c.end] == c.text
        else:
            assert case.fields[c.heading_id][c.start : c.end] == c.text
        assert c.text.strip(), c
        assert any(_words(c.text) in q for q in quotes[case.title]), (case.title, c.text)


def test_the_second_coders_work_arrives_whole(imported) -> None:
    path, _ = imported
    with Project.open(path) as p:
        state = p.state
    toms = [s for s in FILE["selections"] if s[4] == TOM]
    assert len(toms) == 4
    got = sorted((state.cases[c.case_id].title, c.text) for c in state.codings.values() if c.analyst == TOM)
    assert got == sorted((s[0], s[3]) for s in toms)  # whole spans, not cut: they sit inside one answer each
    assert any(ord(ch) > 127 for _, text in got for ch in text)  # one span holds a non-ASCII character
    tree = {e.path: e for e in state.codebook}
    burnout = tree[("Added in QualCoder", "QualCoder sub-category", "Volunteer burnout")]
    assert burnout.colour == "#6D91C9" and burnout.definition == "Coded in QualCoder by a second coder."
    assert (
        not tree[("Added in QualCoder",)].codable and not tree[("Added in QualCoder", "QualCoder sub-category")].codable
    )
    memos = {(m.target.split(":")[0], m.analyst, m.text) for m in state.memos.values()}
    assert ("project", TOM, "A journal entry written in QualCoder.") in memos
    assert ("case", TOM, "Annotation written in QualCoder.") in memos
    assert ("project", "cara", "Project memo written in QualCoder.") in memos  # the project's Description
    assert any(t == "case" and a == TOM and x.endswith("Second coder's note on this passage.") for t, a, x in memos)


def test_synths_own_selection_notes_are_not_memos(imported) -> None:
    """QualCoder keeps synth's "Heading (answer); theme X; origin Y" line as each coding's memo and writes it
    back; coming home it is synth's own bookkeeping, not 442 memos an analyst wrote."""
    path, _ = imported
    with Project.open(path) as p:
        state = p.state
    own = re.compile(r"\((?:answer|summary)\); theme .+; origin (?:analyst|machine|codebook)$")
    assert not [m.text for m in state.memos.values() if own.search(m.text)]
    origins = Counter(m[1] for m in FILE["origins"])
    assert origins["machine"] > 400  # the demo's codings are the machine's, and stay so
    assert Counter(c.origin for c in state.codings.values()) == origins


def test_synths_uniform_summaries_are_not_glued_into_answers(imported) -> None:
    """The demo's text holds "Heading: uniform summary" blocks synth wrote; through QualCoder they are still
    text, and must come back as summaries, not as more lines of the answer above them."""
    path, _ = imported
    with Project.open(path) as p:
        state = p.state
    glued = [(c.title, f) for c in state.cases.values() for f, v in c.fields.items() if ": uniform summary" in v]
    assert glued == []
    written = sum(text.count(": uniform summary\n") for text in FILE["texts"].values())
    assert len(state.summaries) == written
    assert "source_text" not in state.fields  # every coding has an answer or a summary to sit on


def _qdc_codes() -> list[ET.Element]:
    return list(ET.parse(QDC).getroot().iter(CB + "Code"))


def test_the_qdc_loads_as_a_codebook_with_its_tree(tmp_path: Path) -> None:
    root = ET.parse(QDC).getroot()
    assert root.get("origin") == "QualCoder"
    codes = _qdc_codes()
    entries = load_codebook(QDC)
    assert len(entries) == len(codes) == 84

    def shape(el: ET.Element, depth: int) -> list[tuple[int, str, bool]]:
        here = [(depth, el.get("color") or "", el.get("isCodable") == "true")]
        return here + [x for child in el.findall(CB + "Code") for x in shape(child, depth + 1)]

    in_file = sorted(x for top in root.find(CB + "Codes").findall(CB + "Code") for x in shape(top, 0))
    assert sorted((len(e.parents), e.colour, e.codable) for e in entries) == in_file
    paths = {e.path for e in entries}
    assert ("Added in QualCoder", "QualCoder sub-category", "Volunteer burnout") in paths
    assert len({(e.path, e.heading) for e in entries}) == 84  # "Label (Heading)" codes: one name, kept apart by heading
    assert len(paths) < 84
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "cb")]).exit_code == 0
    result = CliRunner().invoke(cli, ["codebook", str(tmp_path / "cb"), str(QDC)])
    assert result.exit_code == 0, result.output
    with Project.open(tmp_path / "cb") as p:
        assert len(list(p.state.codebook)) == 84


def test_synths_reexport_keeps_the_counts(imported, tmp_path: Path) -> None:
    """What goes back to QualCoder: synth's own .qdpx of the imported project (checked in QualCoder by hand too)."""
    path, _ = imported
    with Project.open(path) as p:
        out = write_report(p, "qdpx", tmp_path / "back.qdpx")
    again = read_qdpx(out)
    assert len(again.sources) == len(FILE["texts"])
    assert again.codings == FILE["codings"]
    assert {u for u in again.users.values()} >= FILE["coders"]
    names = [c.name for c in again.codes]
    assert not [n for n in names if re.search(r"\((.+)\) \(\1\)$", n)]  # no "Label (Heading) (Heading)"
    suffixed = {c.get("name") for c in FILE["codes"] if re.search(r" \((Overview|Setting|Purpose)\)$", c.get("name"))}
    assert len(suffixed) > 10 and suffixed <= set(names)  # synth's theme names come back as they went out
    group = next((c.guid for c in again.codes if c.name == "Codebook codes not yet applied"), None)
    spare = {c.name for c in again.codes if group and c.parent == group}
    categories = {c.get("name") for c in FILE["codes"] if c.get("isCodable") == "false"}
    assert spare <= categories  # each "Label (Heading)" code is its theme again, not a spare codebook code
    assert len(names) <= len(FILE["codes"]) + 2  # at most synth's two groups more
