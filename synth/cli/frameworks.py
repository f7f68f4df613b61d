"""``synth frameworks``: the bundled and team frameworks (concept codebooks) and their concepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from synth.cli.common import Problem, ProjectPath


@click.command("frameworks")
@click.argument("name", required=False)
@click.option(
    "--project",
    "project",
    type=ProjectPath(path_type=Path),
    help="Also the project's team frameworks, and which headings use each.",
)
@click.option(
    "--copy",
    "copy_to",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Write an editable copy of NAME's file into DIR.",
)
@click.option(
    "--check",
    "check",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Check a framework file and say what is wrong in one line.",
)
def frameworks(name: str | None, project: Path | None, copy_to: Path | None, check: Path | None) -> None:
    """The frameworks themes are suggested from, or one framework's concepts."""
    from synth.themes.frameworks import DEFAULT_CHOICE, FrameworkChoice, FrameworkError, available, load_framework

    try:
        if check is not None:
            fw = load_framework(check)
            click.echo(f"{check}: framework {fw.id} ({fw.name}), {len(fw.concepts)} concepts, ok")
            return
        choice = DEFAULT_CHOICE
        if project is not None:
            import tomllib

            from synth.project import CONFIG
            from synth.store_pg import is_server_url

            if is_server_url(project):  # a server project's settings live in its settings table
                from synth.stores import open_trail
                from synth.trail import TrailError

                try:
                    with open_trail(project) as trail:
                        config = trail.read_config()
                except TrailError as exc:
                    raise Problem(str(exc)) from exc
            else:
                try:
                    config = tomllib.loads((project / CONFIG).read_text(encoding="utf-8"))
                except (OSError, tomllib.TOMLDecodeError) as exc:
                    raise Problem(f"{project / CONFIG}: cannot read settings ({exc})") from exc
            choice = FrameworkChoice.from_config(config, project)
        have = available(choice.paths)
        used: dict[str, list[str]] = {}
        for heading, ids in choice.by_heading.items():
            for i in ids:
                used.setdefault(i, []).append(heading)
        if name is None:
            for fw in have.values():
                where = ", ".join(used.get(fw.id, [])) or "no heading by default"
                click.echo(f"{fw.id:12} {fw.name} (v{fw.version}), {len(fw.concepts)} concepts; used for: {where}")
                click.echo(f"{'':12} source: {fw.source}")
            click.echo(
                "synth frameworks NAME shows a framework's concepts; [frameworks] in synth.toml picks them per heading."
            )
            return
        fw = have.get(name)
        if fw is None:
            raise Problem(f"no framework {name!r} (have: {', '.join(sorted(have))})")
        if copy_to is not None:
            copy_to.mkdir(parents=True, exist_ok=True)
            target = copy_to / Path(fw.path).name
            if target.exists():
                raise Problem(f"{target}: exists already; not overwritten")
            shutil.copyfile(fw.path, target)
            click.echo(f"wrote {target}; add its folder to paths = [...] under [frameworks] in synth.toml")
            return
        click.echo(f"{fw.name} (v{fw.version}) - {fw.path}")
        click.echo(f"source: {fw.source}")
        for c in fw.concepts:
            scope = f" [only {', '.join(c.headings)}]" if c.headings else ""
            click.echo(f"  {c.id:20} {c.name}{scope}")
            click.echo(f"  {'':20} {c.definition}")
    except FrameworkError as exc:
        raise Problem(str(exc)) from exc
