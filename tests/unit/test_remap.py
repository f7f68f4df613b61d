"""Re-mapping a section of a case study (synth.extract.remap) on a real project imported from casestudies/."""

from __future__ import annotations

from pathlib import Path

import pytest

from synth.extract.importer import import_paths
from synth.extract.remap import RemapError, find_section, remap
from synth.project import Project

CASES = Path(__file__).resolve().parents[2] / "casestudies"


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "p", name="Remap", analyst="tester")
    report = import_paths(p, [CASES / "bedside-arts.md", CASES / "green-minds.md"])
    assert [cid for _, cid, _ in report.imported] == ["bedside-arts", "green-minds"]
    yield p
    p.close()


def last(project):
    return list(project.trail.events())[-1]


def test_an_unplaced_section_moves_under_a_heading_and_undo_puts_it_back(project):
    case = project.state.cases["bedside-arts"]
    (u,) = case.unplaced
    assert u.heading == "Acknowledgements"
    before = case.fields["further_information"]
    event = remap(project, "bedside-arts", find_section(case, "Acknowledgements"), "further_information")
    assert event.kind == "case.remapped"
    assert event.payload == {
        "case_id": "bedside-arts",
        "heading": "Acknowledgements",
        "from": None,
        "to": "further_information",
        "text": u.text,
    }
    moved = project.state.cases["bedside-arts"]
    assert moved.unplaced == ()
    assert moved.fields["further_information"] == f"{before}\n\n{u.text}"
    assert moved.matches["further_information"].method == "manual"
    project.undo()
    assert project.state.cases["bedside-arts"].unplaced[0].heading == "Acknowledgements"
    assert project.state.cases["bedside-arts"].fields["further_information"] == before


def test_an_answer_moves_to_another_heading_or_out_to_unplaced(project):
    case = project.state.cases["green-minds"]
    answer = case.fields["next_steps"]
    event = remap(project, "green-minds", "next_steps", None)
    assert event.payload == {
        "case_id": "green-minds",
        "heading": case.matches["next_steps"].heading,
        "from": "next_steps",
        "to": None,
        "text": answer,
    }
    after = project.state.cases["green-minds"]
    assert "next_steps" not in after.fields
    assert [(u.heading, u.text) for u in after.unplaced] == [("Next steps", answer)]
    remap(project, "green-minds", find_section(after, "Next steps"), "key_learning")
    assert answer in project.state.cases["green-minds"].fields["key_learning"]


@pytest.mark.parametrize(
    ("case_id", "section", "to", "message"),
    [
        ("no-such-case", "purpose", "setting", "no case 'no-such-case'"),
        ("green-minds", "purpose", "no_such_heading", "no heading 'no_such_heading'"),
        ("green-minds", "purpose", "purpose", "under 'purpose' already"),
        ("green-minds", "not_a_field", "setting", "no answer under 'not_a_field'"),
        ("bedside-arts", 3, "setting", "no unplaced section 3"),
        ("bedside-arts", 0, None, "'Acknowledgements' is unplaced already"),
    ],
)
def test_a_remap_that_cannot_be_done_says_why_in_one_line_and_records_nothing(project, case_id, section, to, message):
    seq = project.state.seq
    with pytest.raises(RemapError) as err:
        remap(project, case_id, section, to)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert project.state.seq == seq


def test_find_section_names_the_sections_there_are(project):
    case = project.state.cases["bedside-arts"]
    assert find_section(case, "purpose") == "purpose"
    assert find_section(case, "Acknowledgements") == 0
    with pytest.raises(RemapError, match=r"no section 'Thanks' \(sections: .*'Acknowledgements'"):
        find_section(case, "Thanks")


def test_a_remap_is_decided_under_the_write_lock(project):
    """Another process's re-map landed first: the second re-map of the same section sees it and refuses."""
    with Project.open(project.path, analyst="other") as other:
        remap(other, "bedside-arts", 0, "setting")
    with pytest.raises(RemapError, match="no unplaced section 0"):
        remap(project, "bedside-arts", 0, "purpose")
    assert last(project).analyst == "other"


def test_the_cli_remaps_by_title_and_says_what_is_wrong_in_one_line(project):
    from click.testing import CliRunner

    from synth.cli import cli

    path = str(project.path)
    project.close()
    run = CliRunner()
    out = run.invoke(
        cli, ["--analyst", "tester", "remap", path, "Bedside Arts", "Acknowledgements", "further_information"]
    )
    assert out.exit_code == 0, out.output
    assert "to further_information" in out.output
    with Project.open(path, analyst="tester") as again:
        assert again.state.cases["bedside-arts"].unplaced == ()
        assert "case.remapped" in [e.kind for e in list(again.trail.events())[-2:]]  # with the new analyst's key
    bad = run.invoke(cli, ["--analyst", "tester", "remap", path, "bedside-arts", "Acknowledgements", "nowhere"])
    assert bad.exit_code == 1
    assert bad.output.count("\n") == 1 and "no section 'Acknowledgements'" in bad.output
    wrong = run.invoke(cli, ["--analyst", "tester", "remap", path, "green-minds", "purpose", "nowhere"])
    assert wrong.exit_code == 1 and "no heading 'nowhere'" in wrong.output
