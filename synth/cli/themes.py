"""Steps 2 and 3 on the command line: ``synth suggest`` themes per heading, ``synth collate`` them into general
themes, ``synth themes`` shows where they stand. The JSON they print is shaped in :mod:`synth.shapes`.
"""

from __future__ import annotations

from pathlib import Path

import click

from synth.cli.common import (
    analyst_of,
    analyst_option,
    as_of_option,
    cutoff_of,
    handles_errors,
    json_option,
    progress_bar,
    project_argument,
)


@click.command()
@project_argument
@click.option("--heading", help="Only this extraction heading (field id).")
@json_option("Print JSON.")
@click.option("--limit", type=int, default=10, show_default=True, help="Suggestions per heading.")
@click.option(
    "--accept",
    "accept_n",
    type=int,
    default=0,
    metavar="N",
    help="Accept the top N suggestions of each heading as the analyst.",
)
@analyst_option
@click.pass_context
@handles_errors
def suggest(
    ctx: click.Context,
    project: Path,
    heading: str | None,
    as_json: bool,
    limit: int,
    accept_n: int,
    analyst_override: str | None,
) -> None:
    """Suggest themes per heading, with the projects and sentences behind each."""
    import json

    from synth.project import Project
    from synth.shapes import theme_suggestions
    from synth.themes.actions import accept_suggestion
    from synth.themes.frameworks import FrameworkChoice
    from synth.themes.suggest import suggest_themes

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        choice = FrameworkChoice.from_config(p.config, p.path)
        state = p.state
        if heading and heading not in state.fields and heading not in state.template.heading_ids:
            raise click.BadParameter(
                f"unknown heading {heading!r} (fields: {', '.join(state.fields)})", param_hint="--heading"
            )
        headings = [heading] if heading else list(state.fields)
        found = {}
        with progress_bar("suggesting") as progress:
            for h in headings:
                found[h] = suggest_themes(p.state, h, limit=limit, progress=progress, frameworks=choice)
        title = {cid: c.title for cid, c in state.cases.items()}
        if as_json:
            out = theme_suggestions(state, found)
            click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        else:
            for h, items in found.items():
                click.echo(f"== {state.template.heading(h)} ({h}): {len(items)} suggestions")
                for rank, s in enumerate(items, 1):
                    tag = f" [{s.framework or s.source}]"
                    click.echo(
                        f"{rank:>3}. {s.display}{tag}  score {s.score:.2f}, {len(s.case_ids)} projects: {', '.join(title.get(c, c) for c in s.case_ids)}"
                    )
                    for e in s.evidence[:3]:
                        text = " ".join(e.text.split())
                        click.echo(
                            f'       {title.get(e.case_id, e.case_id)}: "{text[:140]}{"…" if len(text) > 140 else ""}"'
                        )
                    if len(s.evidence) > 3:
                        click.echo(f"       … and {len(s.evidence) - 3} more sentences")
        if accept_n > 0:
            made = [accept_suggestion(p, s) for items in found.values() for s in items[:accept_n]]
            click.echo(f"accepted {len(made)} themes as {p.analyst}", err=as_json)


@click.command()
@project_argument
@json_option("Print JSON.")
@click.option(
    "--accept", "accept_all_proposals", is_flag=True, help="Accept every proposed general theme as the analyst."
)
@analyst_option
@click.pass_context
@handles_errors
def collate(
    ctx: click.Context, project: Path, as_json: bool, accept_all_proposals: bool, analyst_override: str | None
) -> None:
    """Show the theme x heading matrix and proposed general themes (step 3)."""
    import json

    from synth.project import Project
    from synth.shapes import collation
    from synth.themes.collate import accept_general, propose_general_themes, theme_heading_matrix
    from synth.themes.refine import propose_merges

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        state = p.state
        matrix = theme_heading_matrix(state)
        proposals = propose_general_themes(state)
        merges = propose_merges(state)
        label = {t.id: t.label for t in state.themes.values()}
        if as_json:
            click.echo(json.dumps(collation(state, matrix, proposals, merges), indent=2, ensure_ascii=False))
        else:
            click.echo(f"theme x heading matrix: {len(matrix.rows)} rows over {len(matrix.headings)} headings")
            for r in matrix.rows:
                mark = "G" if r.general_id else " "
                cells = "; ".join(f"{h}: {', '.join(label[t] for t in ids)}" for h, ids in r.cells.items())
                click.echo(f" {mark} {r.label} ({len(r.case_ids)} projects) | {cells}")
            click.echo(f"proposed general themes: {len(proposals)}")
            for g in proposals:
                click.echo(f"  - {g.label}  score {g.score:.2f}: {g.reason}")
                click.echo(f"      {'; '.join(f'{state.themes[t].heading}: {label[t]}' for t in g.themes)}")
            if merges:
                click.echo(f"general themes that repeat one another: {len(merges)}")
                for m in merges:
                    click.echo(
                        f"  - merge {' + '.join(state.general_themes[g].label for g in m.general_ids)}: {m.reason}"
                    )
        if accept_all_proposals:
            for g in proposals:
                accept_general(p, g)
            click.echo(f"accepted {len(proposals)} general themes as {p.analyst}", err=as_json)


@click.command()
@project_argument
@json_option("Print themes.json (themes per heading and general themes).")
@as_of_option("The themes as they stood at this UTC time.")
@handles_errors
def themes(project: Path, as_json: bool, as_of: str | None) -> None:
    """Show the current themes per heading and the general themes."""
    import json

    from synth.project import Project
    from synth.themes.export import themes_json

    cutoff = cutoff_of(as_of)
    with Project.open(project, as_of=cutoff, analyst=analyst_of(click.get_current_context())) as p:
        data = themes_json(p.state)  # inside an open blind round, a coder sees their own themes there
        if as_json:
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
            return
        template = p.state.template
        for heading, items in data["headings"].items():
            click.echo(f"== {template.heading(heading)} ({heading}): {len(items)} themes")
            for t in items:
                click.echo(
                    f"   {t['label']}  [{t['status']}] {len(t['projects'])} projects: {', '.join(t['projects'])}"
                )
        click.echo(f"== general themes: {len(data['general_themes'])}")
        for g in data["general_themes"]:
            members = "; ".join(f"{h}: {label}" for h, label in g["themes"])
            click.echo(f"   {g['label']}  {len(g['projects'])} projects | {members}")
