"""The ``tui`` command: which project it opens, and its one-line errors (the app itself is stubbed out)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from synth import cli
from synth.tui import recent


@pytest.fixture
def opened(monkeypatch):
    seen = []
    monkeypatch.setattr("synth.tui.run", lambda project, notice=None: seen.append((project.path, notice)))
    return seen


def test_tui_opens_the_given_project_and_remembers_nothing_until_the_app_runs(project, opened):
    result = CliRunner().invoke(cli.cli, ["tui", str(project.path)])
    assert result.exit_code == 0, result.output
    assert opened == [(project.path, None)]


def test_no_argument_opens_the_last_project(project, opened):
    recent.remember(project.path)
    result = CliRunner().invoke(cli.cli, [])
    assert result.exit_code == 0, result.output
    assert opened[0][0].resolve() == project.path.resolve()


def test_first_run_builds_the_demo_with_a_notice(tmp_path, opened, monkeypatch):
    from synth.project import Project

    def fake_demo(progress=None):
        folder = tmp_path / "xdg" / "synth" / "demo"
        Project.create(folder).close()
        return folder

    monkeypatch.setattr("synth.demo.ensure_demo_project", fake_demo)
    result = CliRunner().invoke(cli.cli, ["tui"])
    assert result.exit_code == 0, result.output
    assert "building a demo project" in result.output
    ((path, notice),) = opened
    assert path.name == "demo" and "demo project" in notice


def test_not_a_project_is_one_line(tmp_path, opened):
    result = CliRunner().invoke(cli.cli, ["tui", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "not a synth project" in result.output and "Traceback" not in result.output
    assert opened == []


def test_recent_ignores_a_vanished_project(tmp_path):
    recent.remember(tmp_path / "gone")
    assert recent.last_project() is None


def test_demo_project_is_built_from_the_corpus(tmp_path):
    pytest.importorskip("synth.extract.importer")
    from synth.demo import DEMO_FIELDS, corpus_path, ensure_demo_project
    from synth.project import Project

    try:
        corpus_path()
    except FileNotFoundError:
        pytest.skip("no bundled case studies")
    path = ensure_demo_project()
    assert ensure_demo_project() == path  # built once
    with Project.open(path) as p:
        assert len(p.state.cases) >= 10
        assert p.state.fields == DEMO_FIELDS
    assert not list(path.parent.glob("demo.building-*"))
