"""Readable one-line descriptions of trail events, for ``synth trail log`` and the TUI."""

from __future__ import annotations

from collections.abc import Callable

from synth.trail import Event


def _short(text: object, limit: int = 48) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_DESCRIBE = {
    "project.created": lambda p, n: f"created project {p['name']!r} on template {p['template']['id']!r}",
    "fields.set": lambda p, n: f"extraction fields: {', '.join(p['fields'])}",
    "template.set": lambda p, n: f"template set to {p['template']['id']!r}",
    "case.imported": lambda p, n: f"imported {p['case']['title']!r} from {p['case']['source']}",
    "case.remapped": lambda p, n: (
        f"{n(p['case_id'])}: moved {p.get('heading') or p.get('from')!r} from {p.get('from') or 'unplaced'} to {p.get('to') or 'unplaced'}"
    ),
    "case.removed": lambda p, n: f"removed case {n(p['case_id'])}",
    "summary.recorded": lambda p, n: f"{n(p['case_id'])}/{p['field_id']}: summary {p['status']}: {_short(p['text'])}",
    "summary.cleared": lambda p, n: f"{n(p['case_id'])}/{p['field_id']}: summary cleared",
    "theme.created": lambda p, n: (
        f"{p['theme']['heading']}: theme {p['theme']['label']!r} ({len(p['theme'].get('projects', []))} projects)"
    ),
    "theme.renamed": lambda p, n: f"theme {n(p['theme_id'])} renamed {p.get('previous')!r} -> {p['label']!r}",
    "theme.defined": lambda p, n: f"theme {n(p['theme_id'])} defined: {_short(p['definition'])}",
    "theme.project_added": lambda p, n: f"theme {n(p['theme_id'])}: + project {n(p['case_id'])}",
    "theme.project_removed": lambda p, n: f"theme {n(p['theme_id'])}: - project {n(p['case_id'])}",
    "theme.merged": lambda p, n: f"merged {', '.join(map(n, p['themes']))} into {n(p['into'])}",
    "theme.split": lambda p, n: f"split {n(p['theme_id'])} into {len(p['parts'])} themes",
    "theme.deleted": lambda p, n: f"deleted theme {n(p['theme_id'])}",
    "suggestion.rejected": lambda p, n: f"{p['heading']}: rejected suggestion {p.get('label') or p['key']!r}",
    "coding.added": lambda p, n: (
        f"coded {n(p['coding']['case_id'])}/{p['coding']['field_id']} [{p['coding']['start']}:{p['coding']['end']}] as {n(p['coding']['theme_id'])}"
    ),
    "coding.removed": lambda p, n: f"removed coding {n(p['coding_id'])}",
    "memo.written": lambda p, n: f"memo on {n(p['memo']['target'])}: {_short(p['memo']['text'])}",
    "report.section_written": lambda p, n: (
        f"report {p['section']} {'written' if p['text'].strip() else 'back to the machine draft'}: {_short(p['text'])}"
    ),
    "general.created": lambda p, n: (
        f"general theme {p['general']['label']!r} ({len(p['general'].get('themes', []))} themes)"
    ),
    "general.updated": lambda p, n: (
        f"general theme {n(p['general_id'])} updated ({', '.join(k for k in p if k in ('label', 'definition', 'themes'))})"
    ),
    "general.merged": lambda p, n: f"merged general themes {', '.join(map(n, p['generals']))} into {n(p['into'])}",
    "general.deleted": lambda p, n: f"deleted general theme {n(p['general_id'])}",
    "general.rejected": lambda p, n: f"set aside proposal {p.get('label') or p['key']!r}",
    "general.ordered": lambda p, n: f"ordered {len(p['order'])} general themes",
    "codebook.set": lambda p, n: f"codebook of {len(p['entries'])} codes from {p.get('source') or 'hand'}",
    "suggestion.merged": lambda p, n: (
        f"{p['heading']}: suggestion {p.get('label') or p['key']!r} merged into {n(p['into'])}"
    ),
    "suggestion.restored": lambda p, n: f"{p['heading']}: restored suggestion {p.get('label') or p['key']!r}",
    "analyst.key_registered": lambda p, n: (
        f"registered {p['analyst']}'s signing key {p['key'][:16]} ({p.get('algorithm', 'ed25519')})"
    ),
    "round.started": lambda p, n: (
        f"round {p['round']}: {', '.join(p['coders'])} code {', '.join(p['headings'])} on {len(p['cases'])} cases"
        + (" (conflicts of a merge)" if p.get("origin") == "merge" else ", blind")
    ),
    "round.revealed": lambda p, n: f"round {p['round']}: the coders are compared; their calls are frozen",
    "reconcile.decided": lambda p, n: (
        f"round {p['round']}: {n(p['case_id'])}/{p['heading']} {p['label']!r} settled {p['decision']}: {_short(p['why'])}"
    ),
    "round.closed": lambda p, n: (
        f"round {p['round']} closed: {len(p.get('links', []))} calls and {len(p.get('codings', []))} coded spans "
        "become the project's"
    ),
    "undo": lambda p, n: f"undo transaction {p['txn']}",
    "redo": lambda p, n: f"redo transaction {p['txn']}",
}


def _same(ident: str) -> str:
    return ident


def describe(event: Event, names: Callable[[str], str] | None = None) -> str:
    """One line saying what an event did, marked when a machine made the decision.

    ``names`` turns an id (case, theme, coding, general theme, memo target) into what the analyst calls it;
    without it ids are shown as recorded (``synth trail log``).
    """
    fn = _DESCRIBE.get(event.kind)
    try:
        text = fn(event.payload, names or _same) if fn else _short(event.payload, 80)
    except (KeyError, TypeError):
        text = _short(event.payload, 80)
    if event.payload.get("origin") == "machine":
        text = f"[machine] {text}"
    merged = event.payload.get("merged_from")
    if merged:
        text = f"[merged: {merged.get('analyst')}, event {merged.get('seq')} of {merged.get('copy')}] {text}"
    return text
