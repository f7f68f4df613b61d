"""Several coders on the command line: ``synth round`` (blind double coding), ``agreement`` and ``reconcile``.

Thin calls into :mod:`synth.coding`; this module prints what they return.
"""

from __future__ import annotations

import json

import click

from synth.cli.common import analyst_option, handles_errors, json_option, open_project, project_argument

#: ``--round R``: which round a command reads (default the newest).
round_option = click.option("--round", "round_id", metavar="R", help="The round (default the newest).")


def _fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _ci(ci: dict | None, metric: str) -> str:
    pair = (ci or {}).get(metric)
    return f" [{pair[0]:.3f}, {pair[1]:.3f}]" if pair else ""


@click.command(name="round")
@project_argument
@click.argument("action", type=click.Choice(["start", "status", "close"]), default="status")
@click.option("--coders", metavar="A,B", help="start: the coders, comma-separated (two or more).")
@click.option(
    "--heading", "headings", multiple=True, metavar="H", help="start: a heading to code (repeat; default all)."
)
@click.option("--cases", metavar="C,...", help="start: the cases to code (ids or titles, comma-separated).")
@click.option("--sample", type=int, metavar="N", help="start: code a random sample of N cases instead.")
@click.option("--seed", type=int, metavar="S", help="start: the sample's random seed (default 0).")
@click.option("--round", "round_id", metavar="R", help="status/close: the round (default the newest).")
@json_option("status: print JSON.")
@analyst_option
@click.pass_context
@handles_errors
def round_command(ctx, project, action, coders, headings, cases, sample, seed, round_id, as_json, analyst_override):
    """Blind double-coding rounds: start one, see where it stands, close it once every disagreement is settled."""
    from synth.coding import rounds
    from synth.shapes import round_status

    with open_project(ctx, project, analyst_override) as p:
        if action == "start":
            if not coders:
                raise click.UsageError("start needs --coders a,b")
            chosen = [c for c in (cases or "").split(",") if c.strip()]
            r = rounds.start_round(p, coders.split(","), list(headings), chosen, sample, seed)
            how = f"a random sample of {r.sample} cases (seed {r.seed})" if r.sample else f"{len(r.cases)} cases"
            click.echo(f"round {r.id} started: {', '.join(r.coders)} code {', '.join(r.headings)} on {how}, blind")
            return
        if action == "close":
            r = rounds.close_round(p, round_id)
            o = r.outcome
            click.echo(
                f"round {r.id} closed: {o['units']} units, {o['agreed_present'] + o['agreed_absent']} agreed, "
                f"{o['decided_yes']} settled yes, {o['decided_no']} settled no; the reconciled coding is the project's"
            )
            return
        st = rounds.status(p.folded, round_id)
        r = st.round
        if as_json:
            click.echo(json.dumps(round_status(st), indent=2))
            return
        click.echo(
            f"round {r.id}: {r.status}; coders {', '.join(r.coders)}; headings {', '.join(r.headings)}; "
            f"{len(r.cases)} cases (started {r.started_ts[:16]} by {r.started_by})"
        )
        for c in r.coders:
            click.echo(f"  {c}: {st.present[c]} units present, {st.codings[c]} coded spans")
        if st.disagreements is None:
            click.echo(f"  {st.units} units so far; still blind (agreement and reconcile compare the coders)")
        else:
            click.echo(f"  {st.units} units, {st.disagreements} disagreements, {st.settled} settled")


@click.command(name="agreement")
@project_argument
@round_option
@click.option("--heading", metavar="H", help="Only this heading.")
@click.option("--seed", type=int, default=0, show_default=True, help="The bootstrap's random seed.")
@click.option(
    "--reference", is_flag=True, help="Compute the overall and per-heading figures with scikit-learn and krippendorff."
)
@click.option("--machine", is_flag=True, help="Instead: how synth's suggestions fared against the analysts, per theme.")
@json_option("Print JSON.")
@analyst_option
@click.pass_context
@handles_errors
def agreement_command(ctx, project, round_id, heading, seed, reference, machine, as_json, analyst_override):
    """Agreement of a round's coders: percent, Cohen's kappa, Krippendorff's alpha, Gwet's AC1, with 95% CIs.

    Units are case x heading x theme, present or absent. Comparing the coders ends
    the blind phase of an open round: from then on their calls are frozen.
    """
    from synth.coding.compare import agreement

    with open_project(ctx, project, analyst_override) as p:
        if machine:
            from synth.coding.machine import machine_vs_human

            rows = machine_vs_human(p.folded, p.trail.events())
            if as_json:
                click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
                return
            click.echo("heading / suggested theme: accepted, edited, rejected; agreement with the reconciled coding")
            for m in rows:
                vs = f"{_fmt(m['percent_agreement'])} over {m['units']} units" if m["units"] else "no closed round"
                click.echo(f"  {m['heading']} / {m['label']}: {m['accepted']}, {m['edited']}, {m['rejected']}; {vs}")
            return
        data = agreement(p, round_id, heading, seed=seed, reference=reference)
        if as_json:
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
            return
        o = data["overall"]
        click.echo(f"{data['units']} units (case x heading x theme), coders {', '.join(data['coders'])}")
        for name, key in (
            ("percent agreement", "percent_agreement"),
            ("Cohen's kappa", "cohen_kappa"),
            ("Krippendorff's alpha", "krippendorff_alpha"),
            ("Gwet's AC1", "gwet_ac1"),
        ):
            click.echo(f"  {name:<22} {_fmt(o[key])}{_ci(o['ci'], key)}")
        if o.get("spans") and o["spans"]["either"]:
            click.echo(f"  span overlap           {_fmt(o['spans']['overlap'])} of coded characters")
        click.echo("by heading:")
        for h, b in data["by_heading"].items():
            click.echo(
                f"  {h:<22} {b['units']:>5} units  %={_fmt(b['percent_agreement'])}  "
                f"kappa={_fmt(b['cohen_kappa'])}  alpha={_fmt(b['krippendorff_alpha'])}  AC1={_fmt(b['gwet_ac1'])}"
            )
        click.echo("by theme:")
        for key, b in data["by_theme"].items():
            click.echo(
                f"  {key:<40} {b['units']:>4} units  %={_fmt(b['percent_agreement'])}  "
                f"kappa={_fmt(b['cohen_kappa'])}  AC1={_fmt(b['gwet_ac1'])}"
            )


@click.command(name="reconcile")
@project_argument
@round_option
@click.option("--case", "case", metavar="C", help="Settle: the case (id or title).")
@click.option("--heading", metavar="H", help="Settle: the heading.")
@click.option("--theme", "theme", metavar="T", help="Settle: the theme's label.")
@click.option("--decide", type=click.Choice(["yes", "no"]), help="Settle: is the theme present on the case?")
@click.option("--why", metavar="TEXT", help="Settle: the reason, recorded with the decision.")
@click.option("--all", "show_all", is_flag=True, help="List settled disagreements too.")
@json_option("Print the disagreements as JSON.")
@analyst_option
@click.pass_context
@handles_errors
def reconcile_command(ctx, project, round_id, case, heading, theme, decide, why, show_all, as_json, analyst_override):
    """List a round's disagreements, or settle one (--case --heading --theme --decide --why)."""
    from synth.coding.reconcile import listing
    from synth.coding.rounds import decide as settle

    with open_project(ctx, project, analyst_override) as p:
        if decide or case or theme:
            missing = [
                n
                for n, v in (
                    ("--case", case),
                    ("--heading", heading),
                    ("--theme", theme),
                    ("--decide", decide),
                    ("--why", why),
                )
                if not v
            ]
            if missing:
                raise click.UsageError(f"settling a disagreement needs {', '.join(missing)}")
            d = settle(p, case, heading, theme, decide == "yes", why, round_id)
            won = ", ".join(d.won) or "nobody"
            click.echo(
                f"settled {d.label!r} on {p.state.cases[d.case_id].title} / {d.heading}: "
                f"{'yes' if d.present else 'no'} ({won}'s call) by {d.analyst}"
            )
            return
        data = listing(p, round_id, include_settled=show_all)
        if as_json:
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
            return
        click.echo(f"round {data['round']}: {len(data['disagreements'])} disagreement(s) listed, {data['open']} open")
        for d in data["disagreements"]:
            calls = "; ".join(f"{c}: {'yes' if v else 'no'}" for c, v in d["calls"].items())
            state = f" -> {d['decision']['decision']} ({d['decision']['analyst']})" if d["decision"] else ""
            click.echo(f"- {d['case']} / {d['heading']} / {d['theme']}: {calls}{state}")
            for c, spans in d["evidence"].items():
                for s in spans[:2]:
                    click.echo(f'    {c}: "{s["text"][:100]}"')
