"""``synth trail P verify [--anchor FILE]`` and ``synth trail P anchor``: the printing around the core checks.

The checks themselves live in :mod:`synth.trail` (chain and signatures) and
:mod:`synth.anchors` (anchors and the witness); this module only says what
they found, one line each, and picks the exit status.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from synth.inert import terminal_safe as safe


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
    from synth.cli import Problem
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
