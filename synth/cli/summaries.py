"""Step 1's summaries on the command line: ``synth summarise`` drafts them, ``synth check-summaries`` checks them.

Which drafts get accepted is the core's rule (:func:`synth.summaries.drafts_to_accept`); this module prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from synth.cli.common import EXIT_PROBLEMS, analyst_of, analyst_option, handles_errors, json_option, project_argument

#: ``--field ID``: only this extraction field.
field_option = click.option("--field", "heading_id", help="Only this field id.")


def _summary_settings(p) -> tuple[int, int, str | None]:
    """(points, word limit per point, subject) from the project's [settings]."""
    from synth.summaries import summary_settings

    conf = summary_settings(p)
    return conf.points, conf.point_words, conf.subject


def _pick_case(state, case_id: str | None) -> list[str] | None:
    if case_id is None:
        return None
    if case_id in state.cases:
        return [case_id]
    by_title = [c.id for c in state.cases.values() if c.title.casefold() == case_id.casefold()]
    if not by_title:
        raise click.BadParameter(f"no case with id or title {case_id!r}", param_hint="--case")
    return by_title


def _pick_field(state, heading_id: str | None) -> list[str] | None:
    if heading_id is None:
        return None
    if heading_id not in state.template.heading_ids:
        known = ", ".join(state.template.heading_ids)
        raise click.BadParameter(f"no field {heading_id!r} (known: {known})", param_hint="--field")
    return [heading_id]


def _rich_progress():
    """A progress callback drawing a bar on standard error when it is a terminal, and its closer."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task("drafting", total=None)
    bar.start()

    def update(done: int, total: int, what: str) -> None:
        bar.update(task, completed=done, total=total, description=what)

    return update, bar.stop


@click.command()
@project_argument
@click.option("--case", "case_id", help="Only this case (id or title).")
@field_option
@click.option("--accept", is_flag=True, help="Record the drafts as accepted, marked machine-drafted.")
@click.option(
    "--points", type=click.IntRange(1, 20), help="Key points per summary (default: summary_points in synth.toml or 3)."
)
@json_option("Print the drafts as JSON.")
@click.option("--check", "check", is_flag=True, help="Also run the uniformity check on each draft; show its findings.")
@analyst_option
@click.pass_context
@handles_errors
def summarise(
    ctx: click.Context,
    project: Path,
    case_id: str | None,
    heading_id: str | None,
    accept: bool,
    points: int | None,
    as_json: bool,
    check: bool,
    analyst_override: str | None,
) -> None:
    """Draft uniform summaries of each answer under each extraction heading.

    Prints each draft: its key points, in the answer's order, one sentence
    each, in the third person. With --accept, records them in one commit as
    accepted, machine-drafted and unreviewed; summaries already recorded are
    kept, never overwritten. With --check, each draft's uniformity findings
    follow it, and a last line counts the drafts that pass as drafted.
    """
    import json

    from synth.extract.uniformity import check_drafts
    from synth.project import Project
    from synth.shapes import summary_drafts
    from synth.summaries import accept_all, draft, drafts_to_accept

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        state = p.state
        _, words, subject = _summary_settings(p)  # a bad [settings] fails here, before a bad --case
        progress, stop = _rich_progress()
        try:
            drafts = draft(
                p, _pick_case(state, case_id), _pick_field(state, heading_id), points=points, progress=progress
            )
        finally:
            stop()
        findings = check_drafts(state, drafts, word_limit=words, subject=subject) if check else {}
        if as_json:
            click.echo(
                json.dumps(
                    summary_drafts(state, drafts, findings if check else None),
                    indent=2,
                    ensure_ascii=False,
                )
            )
        else:
            last_case = None
            for d in drafts:
                if d.case_id != last_case:
                    click.echo(f"{'' if last_case is None else chr(10)}{state.cases[d.case_id].title} ({d.case_id})")
                    last_case = d.case_id
                click.echo(f"  {state.template.heading(d.heading_id)}")
                for point in d.points:
                    click.echo(f"    - {point}")
                for x in findings.get((d.case_id, d.heading_id), ()):
                    click.echo(f"      ! [{x.rule}] {x.message}")
            if check and drafts:
                passing = sum(1 for v in findings.values() if not v)
                click.echo(f"{passing} of {len(drafts)} drafts pass the uniformity check as drafted")
        if not drafts:
            click.echo("no answers to summarise", err=True)
        if accept:
            fresh = drafts_to_accept(state, drafts)
            kept = len(drafts) - len(fresh)
            accept_all(p, fresh)
            click.echo(
                f"recorded {len(fresh)} summaries as accepted (machine-drafted, unreviewed) in one commit"
                + (f"; kept {kept} already recorded" if kept else ""),
                err=True,
            )


@click.command(name="check-summaries")
@project_argument
@field_option
@json_option("Print the findings as JSON.")
@handles_errors
def check_summaries(project: Path, heading_id: str | None, as_json: bool) -> None:
    """Check every summary for uniformity: tense, person, one sentence per point, order.

    Exits 1 when any summary has a finding; each finding names the point and
    says why.
    """
    import json

    from synth.extract.uniformity import check_project
    from synth.project import Project
    from synth.shapes import summary_findings
    from synth.summaries import summary_stats

    with Project.open(project) as p:
        state = p.state
        _, words, subject = _summary_settings(p)
        results = check_project(state, word_limit=words, subject=subject, fields=_pick_field(state, heading_id))
        flagged = {k: v for k, v in results.items() if v}
        if as_json:
            click.echo(json.dumps(summary_findings(state, flagged), indent=2, ensure_ascii=False))
        else:
            for (c, f), found in flagged.items():
                click.echo(f"{state.cases[c].title} ({c}) / {state.template.heading(f)}")
                for x in found:
                    click.echo(f"  [{x.rule}] {x.message}")
                    if x.sentence:
                        click.echo(f"      {x.sentence}")
            n = sum(len(v) for v in flagged.values())
            passed = len(results) - len(flagged)
            click.echo(f"checked {len(results)} summaries: {passed} pass, {len(flagged)} with {n} findings")
            missing = summary_stats(state).unsummarised
            if missing:
                click.echo(f"{missing} answers have no summary yet (synth summarise {project} --accept drafts them)")
        if flagged:
            sys.exit(EXIT_PROBLEMS)
