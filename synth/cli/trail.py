"""The coding trail on the command line: ``synth trail`` (log, verify, export, anchor), ``undo`` and ``redo``.

The checks themselves live in :mod:`synth.trail` (chain and signatures) and :mod:`synth.anchors` (anchors and
the witness); this module only says what they found, one line each, and picks the exit status.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from synth.cli.common import (
    Problem,
    analyst_of,
    analyst_option,
    as_of_option,
    cutoff_of,
    handles_errors,
    project_argument,
)
from synth.inert import terminal_safe as safe


@click.command(name="trail")
@project_argument
@click.argument("action", type=click.Choice(["log", "verify", "export", "anchor"]), default="log")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="export: file format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="export/anchor: write to FILE instead of standard output.",
)
@click.option(
    "--anchor",
    "anchor_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="verify: also check the trail still extends this anchor (an anchor file, report, workbook or .qdpx).",
)
@click.option(
    "--accept-head",
    is_flag=True,
    help="verify: you put back an older copy on purpose; remember this head as the one you have seen.",
)
@click.option("--kind", help="log/export: only events whose kind starts with this (e.g. theme).")
@click.option("--by", "by", metavar="NAME", help="log/export: only this analyst's events.")
@click.option("--limit", type=int, default=0, help="log: show only the newest N events.")
@as_of_option("log/export: only events up to this UTC time (ISO 8601).")
@analyst_option
@click.pass_context
@handles_errors
def trail_command(
    ctx: click.Context,
    project: Path,
    action: str,
    fmt: str,
    output: Path | None,
    anchor_file: Path | None,
    accept_head: bool,
    kind: str | None,
    by: str | None,
    limit: int,
    as_of: str | None,
    analyst_override: str | None,
) -> None:
    """Show (log), check (verify), export or anchor the coding trail of PROJECT.

    verify walks the hash chain, checks every command's signature against the
    keys registered to its analyst and this user's witness of the highest head
    seen, and exits 1 naming the first event that was altered, removed,
    reordered or wrongly signed; with --anchor FILE it also checks the trail
    still extends that anchor. anchor writes a signed statement of the head.
    """
    from synth.history import describe
    from synth.inert import terminal_safe as safe
    from synth.stores import open_trail
    from synth.trail import TrailError

    try:
        trail = open_trail(project)
    except TrailError as exc:
        raise Problem(str(exc)) from exc
    with trail:
        if action in ("verify", "anchor"):
            if action == "verify":
                sys.exit(verify_action(trail, project, anchor_file, accept_head))
            anchor_action(trail, project, analyst_of(ctx, analyst_override), output)
            return
        cutoff = cutoff_of(as_of)
        # the newest N with no filter: read only those rows, not the whole history
        after = max(0, trail.head()[0] - limit) if action == "log" and limit > 0 and not (kind or by or cutoff) else 0
        events = [
            e
            for e in trail.events(after=after, as_of=cutoff)
            if (kind is None or e.kind.startswith(kind)) and (by is None or e.analyst == by)
        ]
        if action == "log":
            for e in events[-limit:] if limit else events:
                click.echo(
                    f"{e.seq:>6}  {e.ts[:19].replace('T', ' ')}  {safe(e.analyst):<12}  {safe(e.kind):<20}  {safe(describe(e))}"
                )
            return
        writer = trail.export_csv if fmt == "csv" else trail.export_jsonl
        if output is None:
            writer(sys.stdout, events)
            return
        from synth.tempfiles import temp_beside

        tmp = temp_beside(output)
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                n = writer(fh, events)
            os.replace(tmp, output)
        finally:
            if tmp.exists():
                tmp.unlink()
        click.echo(f"wrote {n} events to {output}", err=True)


@click.command()
@project_argument
@analyst_option
@click.pass_context
@handles_errors
def undo(ctx: click.Context, project: Path, analyst_override: str | None) -> None:
    """Take back the newest command still in effect (recorded as a new event)."""
    from synth.project import Project

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        event = p.undo()
        click.echo(f"undid transaction {event.payload['txn']}" if event else "nothing to undo")


@click.command()
@project_argument
@analyst_option
@click.pass_context
@handles_errors
def redo(ctx: click.Context, project: Path, analyst_override: str | None) -> None:
    """Restore the command most recently undone (recorded as a new event)."""
    from synth.project import Project

    with Project.open(project, analyst=analyst_of(ctx, analyst_override)) as p:
        event = p.redo()
        click.echo(f"redid transaction {event.payload['txn']}" if event else "nothing to redo")


def verify_action(trail, project: Path, anchor_file: Path | None, accept_head: bool = False) -> int:
    """Print what verify found; 0 when everything holds, 1 otherwise.

    ``accept_head``: the trail's own checks passed and the analyst accepts its head
    as the one they have seen (a backup put back on purpose), so the witness forgets the later one.
    """
    from synth.anchors import check_anchor, read_anchor, witness_check, witness_record
    from synth.keys import local_public_key

    result = trail.verify()
    click.echo(safe(result.describe()))
    ok = result.ok
    witness = witness_check(trail, project)
    if witness and accept_head and result.ok:
        witness_record(trail, project, claim_folder=True, replace=True)
        click.echo(f"accepted this head as the one you have seen (your witness said: {safe(witness)})")
    elif witness:
        click.echo(f"trail does not verify against your witness: {safe(witness)}")
        ok = False
    for analyst, keys in sorted(result.keys.items()):
        if len(keys) > 1:
            click.echo(
                f"note: {len(keys)} keys are registered to {safe(analyst)} on this trail "
                f"({', '.join(k[:16] for k in keys)}): a new computer, or someone writing under their name"
            )
        mine = local_public_key(analyst)
        if mine is not None and mine not in keys:
            click.echo(
                f"note: {safe(analyst)!s}'s key in your data folder is not registered on this trail "
                "(the trail's key for that analyst was replaced, or you worked as them on another computer)"
            )
    if anchor_file is not None:
        anchor = read_anchor(anchor_file)
        check = check_anchor(trail, anchor)
        click.echo(f"anchor {safe(anchor_file)}: {safe(check.message)}")
        ok = ok and check.ok
    if ok:
        witness_record(trail, project)
    return 0 if ok else 1


def anchor_action(trail, project: Path, analyst: str, output: Path | None) -> None:
    """Write a signed statement of the head (refused when the trail does not verify)."""
    from synth.anchors import anchor_text, make_anchor
    from synth.keys import signer_for, write_private

    result = trail.verify()
    if not result.ok:
        raise Problem(f"{project}: {result.describe()}; no anchor was made")
    anchor = make_anchor(trail, signer_for(analyst))
    text = anchor_text(anchor) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    write_private(output, text.encode("utf-8"))
    os.chmod(output, 0o644)  # an anchor is public; only its signing key is private
    click.echo(
        f"wrote the anchor of event {anchor['seq']} ({anchor['hash'][:16]}, signed by {safe(analyst)}) to {safe(output)}",
        err=True,
    )
