"""The event kinds of the project itself: its creation and settings, a REFI-QDA project brought in,
an analyst's signing key, and undo and redo (which the fold reads, not a reducer).
"""

from typing import NotRequired

from synth.events.kind import Common, EventKind, short, unchanged
from synth.events.payloads import template_from_dict
from synth.events.project_state import ProjectState
from synth.events.record import Event


def _project_created(s: ProjectState, e: Event) -> None:
    p = e.payload
    s.name = p["name"]
    s.template = template_from_dict(p["template"])
    s.fields = tuple(p.get("fields") or s.template.heading_ids)


def _fields_set(s: ProjectState, e: Event) -> None:
    s.fields = tuple(e.payload["fields"])


def _template_set(s: ProjectState, e: Event) -> None:
    s.template = template_from_dict(e.payload["template"])


def _project_imported(s: ProjectState, e: Event) -> None:
    s.imported = (*s.imported, dict(e.payload))


class ProjectCreated(Common):
    name: str
    template: dict  # see synth.state.template_to_dict
    fields: NotRequired[list[str]]  # the extraction fields' ids (default: the template's)


class FieldsSet(Common):
    fields: list[str]


class TemplateSet(Common):
    template: dict


class ProjectImported(Common):
    file: str
    sha256: str
    origin: str
    users: list[dict]  # [{guid, name}]
    counts: dict  # {sources, codes, codings, memos}
    skipped: list[str]


class KeyRegistered(Common):
    analyst: str
    key: str  # the Ed25519 public key, hex
    algorithm: NotRequired[str]


class Txn(Common):
    txn: int  # the transaction (the seq of its first event) taken back or restored


KINDS = (
    EventKind(
        "project.created",
        ProjectCreated,
        "the project's name, its template and the fields extracted",
        "created project {name!r} on template {template[id]!r}",
        _project_created,
    ),
    EventKind(
        "fields.set",
        FieldsSet,
        "the template fields that are extracted",
        lambda p, n: f"extraction fields: {', '.join(p['fields'])}",
        _fields_set,
    ),
    EventKind("template.set", TemplateSet, "the template changed", "template set to {template[id]!r}", _template_set),
    EventKind(
        "project.imported",
        ProjectImported,
        "a REFI-QDA project brought in: its file, users, counts and the lines skipped",
        lambda p, n: short(p, 80),
        _project_imported,
    ),
    EventKind(
        "analyst.key_registered",
        KeyRegistered,
        "the public key that signs an analyst's commands (verify reads it; the state does not)",
        lambda p, n: f"registered {p['analyst']}'s signing key {p['key'][:16]} ({p.get('algorithm', 'ed25519')})",
        unchanged,
    ),
    EventKind("undo", Txn, "a command taken back (the fold skips its events)", "undo transaction {txn}", unchanged),
    EventKind("redo", Txn, "an undone command restored", "redo transaction {txn}", unchanged),
)
