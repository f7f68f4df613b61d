"""The README's command reference and `synth --help` agree: every command listed, no flag that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from synth.cli import cli

README = Path(__file__).resolve().parents[2] / "README.md"


def reference() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("## Command reference", 1)[1].split("```", 2)[1]
    return [line for line in block.splitlines() if line.startswith("synth")]


def help_of(*words: str) -> str:
    out = CliRunner().invoke(cli, [*words, "--help"])
    assert out.exit_code == 0, (words, out.output)
    return out.output


def test_every_command_is_in_the_reference() -> None:
    listed = {word for line in reference() for word in re.findall(r"\bsynth ([a-z][a-z-]*)", line)}
    missing = sorted(set(cli.commands) - listed)
    assert not missing, f"commands missing from the README's command reference: {missing}"


def test_every_flag_in_the_reference_exists() -> None:
    stale = []
    for line in reference():
        words = line.split()
        if len(words) < 2 or words[1] not in cli.commands:
            continue
        command = [words[1]]
        if words[1] == "form" and len(words) > 2 and not words[2].startswith("-"):
            command.append(words[2])
        text = help_of(*command)
        for flag in re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b", line.split("  ")[0] if "   " in line else line):
            if flag == "--analyst":
                continue
            if flag not in text:
                stale.append(f"{' '.join(command)} {flag}")
    assert not stale, f"flags in the README that `--help` does not know: {stale}"


def test_every_flag_of_every_command_is_in_the_reference() -> None:
    lines = reference()
    missing = []
    for name, command in cli.commands.items():
        mine = " ".join(line for line in lines if line.split()[1:2] == [name])
        for p in command.params:
            opts = [o for o in getattr(p, "opts", []) if o.startswith("-")]
            if not opts or "--analyst" in opts or "--help" in opts:
                continue
            if not any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", mine) for o in opts):
                missing.append(f"{name} {opts[0]}")
    assert not missing, f"flags missing from the README's command reference: {missing}"


def test_uncode_help_describes_taking_off() -> None:
    """`synth uncode --help` said '--theme: made if new' and '--text: code only this span' (code's wording)."""
    text = " ".join(help_of("uncode").split())
    assert "made if new" not in text and "Code only" not in text
    assert "Take off" in text or "take off" in text.lower()
