"""Every command is declared with help text, and --help prints for each."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from synth.cli import cli

CONTRACT = {"tui", "init", "import", "extract", "run", "themes", "report", "trail", "form"}


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append(((*prefix, name), command))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, (*prefix, name)))
    return found


def test_the_design_command_set_is_declared() -> None:
    assert set(cli.commands) >= CONTRACT
    assert set(cli.commands["form"].commands) >= {"new", "check"}


def test_every_command_has_help_text_and_help_prints() -> None:
    runner = CliRunner()
    for path, command in all_commands(cli):
        assert (command.help or "").strip(), f"synth {' '.join(path)} has no help text"
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert f"Usage: synth {' '.join(path)}" in result.output
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert param.help, f"synth {' '.join(path)} {param.opts[0]} has no help"


def test_python_dash_m_synth_works() -> None:
    out = subprocess.run([sys.executable, "-m", "synth", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "Usage: synth" in out.stdout


def test_bad_usage_exits_2() -> None:
    assert CliRunner().invoke(cli, ["no-such-command"]).exit_code == 2
    assert CliRunner().invoke(cli, ["trail"]).exit_code == 2


def test_the_console_script_names_main() -> None:
    import tomllib
    from pathlib import Path

    import synth.cli

    pyproject = tomllib.loads((Path(synth.cli.__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    module, _, name = pyproject["project"]["scripts"]["synth"].partition(":")
    assert (module, name) == ("synth.cli", "main") and callable(synth.cli.main)


def test_each_command_module_is_small_and_says_why_it_exists() -> None:
    import ast
    from pathlib import Path

    import synth.cli

    package = Path(synth.cli.__file__).parent
    modules = sorted(package.glob("*.py"))
    assert len(modules) > 10
    for path in modules:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) < 300, f"{path.name} has {len(text.splitlines())} lines"
        assert ast.get_docstring(ast.parse(text)), f"{path.name} has no docstring"


def test_every_command_of_the_package_is_registered() -> None:
    import importlib
    import pkgutil

    import synth.cli

    registered = {id(c) for _, c in all_commands(cli)}
    declared = [
        (info.name, value)
        for info in pkgutil.iter_modules(synth.cli.__path__, "synth.cli.")
        for value in vars(importlib.import_module(info.name)).values()
        if isinstance(value, click.Command)
    ]
    assert len(declared) >= len(CONTRACT)
    unregistered = [f"{module}: {command.name}" for module, command in declared if id(command) not in registered]
    assert unregistered == []
