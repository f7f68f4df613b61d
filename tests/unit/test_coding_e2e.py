"""End to end on the command line: two coders code one heading blind, see their agreement, reconcile,
close the round; the report and the .qdpx show it, and the trail verifies after every step."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from test_themes import small_project

from synth.cli import cli
from synth.project import Project

H = "enablers_barriers"


def test_two_coders_blind_to_report_and_qdpx(tmp_path: Path) -> None:
    with small_project(tmp_path / "p"):
        pass
    path = str(tmp_path / "p")
    runner = CliRunner()

    def synth(*args: str, who: str = "lead") -> str:
        result = runner.invoke(cli, ["--analyst", who, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        check = runner.invoke(cli, ["trail", path, "verify"])
        assert check.exit_code == 0 and "trail verified" in check.output
        return result.output

    synth("round", path, "start", "--coders", "alice,bob", "--heading", H, "--sample", "6", "--seed", "4")
    cases = json.loads(synth("round", path, "status", "--json"))["cases"]
    assert len(cases) == 6
    alice = {cases[0]: "Funding", cases[1]: "Funding", cases[2]: "Volunteers"}
    bob = {cases[0]: "funding", cases[2]: "Volunteers", cases[3]: "Volunteers"}
    with Project.open(path) as p:
        opening = {c: p.state.cases[c].fields[H][:18] for c in cases}
    for who, calls in (("alice", alice), ("bob", bob)):
        for case, theme in calls.items():
            synth("code", path, "--heading", H, "--case", case, "--theme", theme, "--text", opening[case], who=who)
    seen = json.loads(synth("themes", path, "--json", who="alice"))["headings"][H]
    assert {t["label"]: len(t["projects"]) for t in seen} == {"Funding": 2, "Volunteers": 1}  # alice's own only
    assert json.loads(synth("themes", path, "--json"))["headings"][H] == []  # the project holds none yet
    data = json.loads(synth("agreement", path, "--json"))
    assert data["units"] == 12 and data["coders"] == ["alice", "bob"]  # 6 cases x 2 themes
    assert data["overall"]["percent_agreement"] == round(10 / 12, 4)
    assert set(data["by_theme"]) == {f"{H}/Funding", f"{H}/Volunteers"}
    listed = json.loads(synth("reconcile", path, "--json"))
    assert listed["open"] == 2
    for d in listed["disagreements"]:
        decide = "yes" if d["theme"] == "Funding" else "no"
        synth("reconcile", path, "--case", d["case_id"], "--heading", H, "--theme", d["theme"],
              "--decide", decide, "--why", "read against the codebook")  # fmt: skip
    synth("round", path, "close")
    final = {t["label"]: sorted(t["projects"]) for t in json.loads(synth("themes", path, "--json"))["headings"][H]}
    assert len(final["Funding"]) == 2 and len(final["Volunteers"]) == 1  # alice's calls won both disagreements

    synth("report", path, "-o", str(tmp_path / "report.md"))
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "### Double coding and agreement" in report
    assert "**Round r1.** alice and bob coded Enablers and barriers on a random sample of 6 cases (seed 4)" in report
    assert "| Overall | 12 | 0.83 |" in report
    assert "2 disagreements: 2 settled (1 as present, 1 as absent). Whose call won: alice 2; bob 0." in report
    synth("report", path, "--format", "qdpx", "-o", str(tmp_path / "p.qdpx"))
    with zipfile.ZipFile(tmp_path / "p.qdpx") as z:
        qde = z.read("project.qde").decode("utf-8")
    users = dict(re.findall(r'<User guid="([^"]+)" name="([^"]+)"', qde))
    coders = [users[g] for g in re.findall(r'<Coding [^>]*creatingUser="([^"]+)"', qde)]
    assert sorted(set(coders)) == ["alice", "bob"]  # each coder's codings under their own user
    kinds = [json.loads(line)["kind"] for line in synth("trail", path, "export").splitlines()]
    assert kinds.count("reconcile.decided") == 2 and kinds[-1] == "round.closed" and "round.revealed" in kinds
