"""The event catalogue is whole: every kind declares every part, every kind synth writes is in it,
every kind in it has a writer, and versions above 1 are stamped, upcast on read and refused when newer.
"""

import ast
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import NotRequired, is_typeddict

import pytest

from synth.events.catalogue import CATALOGUE, EventVersionError, catalogue_markdown, stamped, upcast
from synth.events.kind import Common, EventKind, line
from synth.events.project_state import ProjectState
from synth.events.themes import KINDS as THEME_KINDS
from synth.history import describe
from synth.state import fold, theme_to_dict
from synth.trail import Event, Trail

SYNTH = Path(__file__).resolve().parents[2] / "synth"
FIXTURE = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "main-29751e1" / "project" / "synth.db"
KIND = re.compile(r"^[a-z_]+(\.[a-z_]+)?$")

#: Kinds the catalogue keeps for reading trails although no command writes them today, and why.
NO_WRITER = {"case.removed": "read since the first trail format; no command removes a case yet"}


def written_kinds() -> dict[str, set[str]]:
    """Every literal kind passed to ``record``/``commit`` or paired with a payload in ``(kind, {...})``, by file."""
    found: dict[str, set[str]] = {}
    for path in sorted(SYNTH.rglob("*.py")):
        if path.parent.name == "events":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            t.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        for node in ast.walk(tree):
            kind = None
            if isinstance(node, ast.Call) and node.args:
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                first = node.args[0]
                if name in ("record", "commit") and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    kind = first.value
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[1], ast.Dict | ast.Name):
                first = node.elts[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and "." in first.value:
                    kind = first.value
                elif isinstance(first, ast.Name) and "." in constants.get(first.id, ""):
                    kind = constants[first.id]
            if kind is not None and KIND.match(kind):
                found.setdefault(kind, set()).add(str(path.relative_to(SYNTH.parent)))
    return found


def test_every_kind_declares_every_part() -> None:
    assert len(CATALOGUE) >= 38
    for name, k in CATALOGUE.items():
        assert isinstance(k, EventKind) and k.kind == name
        assert is_typeddict(k.payload) and issubclass(k.payload, dict), f"{name}: payload is not a TypedDict"
        assert k.payload.__required_keys__ - set(Common.__annotations__), f"{name}: payload declares no key of its own"
        assert k.records.strip() and "\n" not in k.records, f"{name}: no one-line 'what it records'"
        assert callable(k.describe) or (isinstance(k.describe, str) and k.describe.strip()), f"{name}: no line"
        assert callable(k.reduce), f"{name}: no reducer"
        assert isinstance(k.version, int) and k.version >= 1
        assert sorted(k.upcasters) == list(range(1, k.version)), f"{name}: upcasters must lead from 1 to {k.version}"


def test_every_kind_written_is_in_the_catalogue_and_every_kind_has_a_writer() -> None:
    written = written_kinds()
    missing = {k: sorted(files) for k, files in written.items() if k not in CATALOGUE}
    assert missing == {}, f"kinds written but not declared in synth/events/: {missing}"
    unwritten = sorted(k for k in CATALOGUE if k not in written and k not in NO_WRITER)
    assert unwritten == [], f"kinds declared but written nowhere in synth/: {unwritten}"
    stale = sorted(k for k in NO_WRITER if k in written)
    assert stale == [], f"these kinds have a writer now; take them out of NO_WRITER: {stale}"
    # the scan itself sees writers of several shapes: record("..."), ("...", {...}), a named constant
    assert {"theme.renamed", "case.imported", "analyst.key_registered", "undo"} <= set(written)


def test_every_payload_in_an_old_trail_fits_its_declared_type(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / "synth.db")
    trail = Trail(tmp_path / "synth.db")
    try:
        events = list(trail.events())
    finally:
        trail.close()
    assert len(events) == 93
    for e in events:
        k = CATALOGUE[e.kind]
        keys = set(e.payload)
        assert k.payload.__required_keys__ - set(Common.__annotations__) <= keys, (e.seq, e.kind)
        assert keys <= set(k.payload.__annotations__) | set(Common.__annotations__), (e.seq, e.kind, keys)
        assert "v" not in e.payload  # version 1 is never written
        assert not describe(e).startswith("{"), (e.kind, describe(e))  # every line reads, none falls back


def test_catalogue_markdown_lists_every_kind() -> None:
    table = catalogue_markdown().splitlines()
    assert table[0] == "| kind | version | what it records |"
    assert len(table) == 2 + len(CATALOGUE)
    assert "| `theme.renamed` | 1 | a theme's new label |" in table


def test_template_lines_name_ids_and_shorten_text() -> None:
    names = {"c1": "Bedside arts", "t1": "Belonging"}.get
    payload = {"case_id": "c1", "field_id": "aims", "status": "accepted", "text": "word " * 30}
    text = line(CATALOGUE["summary.recorded"].describe, payload, lambda i: names(i) or i)
    assert text.startswith("Bedside arts/aims: summary accepted: word word")
    assert text.endswith("…") and len(text.split(": ", 2)[2]) == 48


# -- versions: a hypothetical version 2 of theme.renamed, declared here only ---------------------


def _renamed_v2(state: ProjectState, event: Event) -> None:
    t = state.themes.get(event.payload["theme_id"])
    if t is not None:
        state.themes[t.id] = replace(t, label=event.payload["name"]["text"])


class RenamedV2(Common):
    theme_id: str
    name: dict  # {text, previous}
    reason: NotRequired[str]


def _v1_to_v2(p: dict) -> dict:
    q = {k: v for k, v in p.items() if k not in ("label", "previous")}
    q["name"] = {"text": p["label"], "previous": p.get("previous")}
    return q


RENAMED_V2 = EventKind(
    "theme.renamed",
    RenamedV2,
    "a theme's new label, and the reason",
    "theme {theme_id!n} renamed to {name[text]!r}",
    _renamed_v2,
    version=2,
    upcasters={1: _v1_to_v2},
)


def test_a_version_2_kind_stamps_new_events_and_upcasts_old_ones(tmp_path: Path, monkeypatch) -> None:
    theme = {"id": "t1", "heading": "aims", "label": "Belonging", "projects": ["c1"]}
    trail = Trail(tmp_path / "synth.db", create=True)
    try:
        trail.append("ana", [("theme.created", {"theme": theme, "codings": []})])
        old = trail.append("ana", [("theme.renamed", {"theme_id": "t1", "label": "Kinship", "previous": "Belonging"})])
        assert "v" not in old[0].payload  # today's catalogue: version 1, stored as it always was
        assert fold(trail.events()).themes["t1"].label == "Kinship"

        monkeypatch.setitem(CATALOGUE, "theme.renamed", RENAMED_V2)
        assert stamped("theme.renamed", {"theme_id": "t1"}) == {"theme_id": "t1", "v": 2}
        new = trail.append(
            "ana", [("theme.renamed", {"theme_id": "t1", "name": {"text": "Home", "previous": "Kinship"}})]
        )
        assert new[0].payload["v"] == 2
        assert trail.verify().ok

        events = list(trail.events())
        up = upcast(events[1])  # the version-1 event as the version-2 reducer reads it
        assert up.payload == {"theme_id": "t1", "name": {"text": "Kinship", "previous": "Belonging"}, "v": 2}
        assert events[1].payload == {"theme_id": "t1", "label": "Kinship", "previous": "Belonging"}  # stored as is
        assert describe(events[1]) == "theme t1 renamed to 'Kinship'"
        state = fold(events[:2])
        assert state.themes["t1"].label == "Kinship"
        assert fold(events).themes["t1"].label == "Home"

        newer = events[2]._replace(payload={**events[2].payload, "v": 3})
        with pytest.raises(EventVersionError, match="version 3"):
            upcast(newer)
    finally:
        trail.close()
    assert RENAMED_V2 not in THEME_KINDS  # the version 2 is this test's only


def test_fixture_copy_still_verifies_with_the_catalogue(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / "synth.db")
    trail = Trail(tmp_path / "synth.db")
    try:
        assert trail.verify().ok
        state = fold(trail.events())
    finally:
        trail.close()
    assert len(state.cases) == 3 and state.themes
    assert all(theme_to_dict(t)["id"] == t.id for t in state.themes.values())
