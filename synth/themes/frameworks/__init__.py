"""Frameworks: cited concept codebooks the theme engine assigns sentences to.

A framework is one TOML file (format in ``cfir.toml``, beside this module): a
``[framework]`` table (id, name, version, source, the headings it suits) and
``[[concept]]`` tables (id, name, definition, terms, phrases, exclusion notes,
example sentences, the construct of the source it comes from, optionally the
headings it applies to, the family of ideas it belongs to across frameworks, and the
concept of the same file it is a finer part of: ``parent``).

The bundled frameworks live here; a team ships its own by pointing
``synth.toml`` at a folder or file, and an analyst edits a copy
(``synth frameworks NAME --copy DIR``). Which frameworks a heading uses is
``[frameworks]`` in ``synth.toml`` (heading = [ids]), else :data:`DEFAULTS`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: The practice-based template's headings and the bundled frameworks each uses by default.
DEFAULTS: dict[str, tuple[str, ...]] = {
    "overview": ("outcomes",),
    "setting": ("settings",),
    "purpose": ("outcomes",),
    "description": ("reaim_mrc",),
    "methodology": ("reaim_mrc",),
    "participants": ("populations",),
    "data_collection": ("reaim_mrc",),
    "impact": ("outcomes",),
    "lived_experience": ("reaim_mrc",),
    "community_research": ("reaim_mrc",),
    "enablers_barriers": ("cfir",),
    "key_learning": ("cfir", "reaim_mrc"),
    "next_steps": ("reaim_mrc",),
}


class FrameworkError(Exception):
    """A framework file cannot be used; the message names the file and the problem in one line."""


@dataclass(frozen=True)
class Concept:
    """One idea of a framework, with the words that carry it."""

    framework: str
    id: str
    name: str
    definition: str
    terms: tuple[str, ...]
    phrases: tuple[str, ...] = ()
    exclude: str = ""
    exclude_terms: tuple[str, ...] = ()
    #: words that support the concept beside another of its words but never carry it alone
    #: ("grow" of growing food, and of attendance that grew)
    weak_terms: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    construct: str = ""
    headings: tuple[str, ...] = ()  # empty: every heading the framework is used for
    family: str = ""  # the idea it shares with concepts of other frameworks ("volunteering")
    parent: str = ""  # the concept (same framework) this one is a finer part of ("wemwbs" of "measures")

    @property
    def key(self) -> str:
        return f"f:{self.framework}:{self.id}"

    def applies_to(self, heading: str) -> bool:
        return not self.headings or heading in self.headings


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    version: str
    source: str
    concepts: tuple[Concept, ...]
    headings: tuple[str, ...] = ()
    url: str = ""
    path: str = ""


def _strings(value: object, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FrameworkError(f"{where}: '{name}' must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _text(data: Mapping, key: str, where: str, required: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise FrameworkError(f"{where}: '{key}' must be a string")
    if required and not value.strip():
        raise FrameworkError(f"{where}: '{key}' is missing")
    return value.strip()


def load_framework(path: str | Path) -> Framework:
    """Read and check one framework file; a problem raises :class:`FrameworkError` naming the file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FrameworkError(f"{path}: no such framework file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{path}: cannot read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{path}: not valid TOML ({exc})") from exc
    head = data.get("framework")
    if not isinstance(head, dict):
        raise FrameworkError(f"{path}: no [framework] table")
    fid = _text(head, "id", f"{path} [framework]", True)
    if not fid.replace("_", "").replace("-", "").isalnum():
        raise FrameworkError(f"{path} [framework]: id {fid!r} must be letters, digits, '-' or '_'")
    source = _text(head, "source", f"{path} [framework]", True)
    raw = data.get("concept")
    if not isinstance(raw, list) or not raw or not all(isinstance(c, dict) for c in raw):
        raise FrameworkError(f"{path}: no [[concept]] tables")
    concepts: list[Concept] = []
    seen: set[str] = set()
    for n, c in enumerate(raw, 1):
        where = f"{path} (concept {n})"
        cid = _text(c, "id", where, True)
        name = _text(c, "name", where, True)
        where = f"{path} (concept {cid!r})"
        if cid in seen:
            raise FrameworkError(f"{where}: id repeats")
        seen.add(cid)
        terms = _strings(c.get("terms"), where, "terms")
        phrases = _strings(c.get("phrases"), where, "phrases")
        if not terms and not phrases:
            raise FrameworkError(f"{where}: no terms or phrases to recognise it by")
        known = {"id", "name", "definition", "terms", "phrases", "exclude", "exclude_terms", "examples", "weak_terms"}
        known |= {"construct", "headings", "family", "parent"}
        extra = sorted(set(c) - known)
        if extra:
            raise FrameworkError(f"{where}: unknown key(s) {', '.join(extra)}")
        concepts.append(
            Concept(
                framework=fid,
                id=cid,
                name=name,
                definition=_text(c, "definition", where, True),
                terms=terms,
                phrases=phrases,
                exclude=_text(c, "exclude", where),
                exclude_terms=_strings(c.get("exclude_terms"), where, "exclude_terms"),
                weak_terms=_strings(c.get("weak_terms"), where, "weak_terms"),
                examples=_strings(c.get("examples"), where, "examples"),
                construct=_text(c, "construct", where),
                headings=_strings(c.get("headings"), where, "headings"),
                family=_text(c, "family", where) or cid,
                parent=_text(c, "parent", where),
            )
        )
    by_id = {c.id: c for c in concepts}
    for n, c in enumerate(concepts):
        if not c.parent:
            continue
        where = f"{path} (concept {c.id!r})"
        parent = by_id.get(c.parent)
        if parent is None or parent.id == c.id:
            raise FrameworkError(f"{where}: parent {c.parent!r} is not another concept of this file")
        if parent.parent:
            raise FrameworkError(f"{where}: parent {c.parent!r} is itself a part of {parent.parent!r} (one level only)")
        if not c.headings and parent.headings:
            concepts[n] = replace(c, headings=parent.headings)  # a part applies where its concept does
    return Framework(
        id=fid,
        name=_text(head, "name", f"{path} [framework]", True),
        version=str(head.get("version", "1")),
        source=source,
        concepts=tuple(concepts),
        headings=_strings(head.get("headings"), f"{path} [framework]", "headings"),
        url=_text(head, "url", f"{path} [framework]"),
        path=str(path),
    )


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float) -> Framework:
    return load_framework(path)


def _files(places: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for place in places:
        p = Path(place)
        if p.is_dir():
            out.extend(sorted(p.glob("*.toml")))
        else:
            out.append(p)
    return out


def available(extra: Iterable[str | Path] = ()) -> dict[str, Framework]:
    """The bundled frameworks and any team frameworks (files or folders), by id; a team file wins."""
    found: dict[str, Framework] = {}
    for path in [*_files([HERE]), *_files(extra)]:
        try:
            mtime = path.stat().st_mtime
        except OSError:
            raise FrameworkError(f"{path}: no such framework file") from None
        fw = _load_cached(str(path), mtime)
        found[fw.id] = fw
    return found


@dataclass(frozen=True)
class FrameworkChoice:
    """Which frameworks each heading uses: from ``synth.toml``'s ``[frameworks]`` table, else the defaults.

    ``[frameworks]`` holds ``heading = ["id", ...]`` lines (an empty list: inductive themes only)
    and ``paths = ["folder or file", ...]`` for a team's own frameworks, relative to the project.
    """

    by_heading: Mapping[str, tuple[str, ...]]
    paths: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Mapping | None, folder: str | Path | None = None) -> FrameworkChoice:
        table = (config or {}).get("frameworks") or {}
        if not isinstance(table, Mapping):
            raise FrameworkError("synth.toml: [frameworks] must be a table of heading = [framework ids]")
        base = Path(folder) if folder is not None else Path.cwd()
        raw_paths = table.get("paths", [])
        if isinstance(raw_paths, str):
            raw_paths = [raw_paths]
        if not isinstance(raw_paths, list) or not all(isinstance(p, str) for p in raw_paths):
            raise FrameworkError("synth.toml: [frameworks] paths must be a list of folders or files")
        paths = tuple(str(base / p) for p in raw_paths)
        chosen = dict(DEFAULTS)
        for heading, ids in table.items():
            if heading == "paths":
                continue
            if isinstance(ids, str):
                ids = [ids]
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise FrameworkError(f"synth.toml: [frameworks] {heading} must be a list of framework ids")
            chosen[heading] = tuple(ids)
        return cls(chosen, paths)

    def frameworks(self, heading: str) -> list[Framework]:
        """The frameworks ``heading`` uses; an unknown id is an error naming it."""
        ids = self.by_heading.get(heading)
        have = available(self.paths)
        if ids is None:
            # a heading of another template: every framework that says it suits the heading
            return [fw for fw in have.values() if heading in fw.headings]
        missing = [i for i in ids if i not in have]
        if missing:
            raise FrameworkError(
                f"synth.toml: no framework {', '.join(missing)} for heading {heading} (have: {', '.join(sorted(have))})"
            )
        return [have[i] for i in ids]

    def concepts(self, heading: str) -> list[Concept]:
        return [c for fw in self.frameworks(heading) for c in fw.concepts if c.applies_to(heading)]


DEFAULT_CHOICE = FrameworkChoice(DEFAULTS)


def concept_of_key(key: str | None, extra: Iterable[str | Path] = ()) -> Concept | None:
    """The concept a suggestion key (``f:framework:concept``) names, if it is one."""
    if not key or not key.startswith("f:"):
        return None
    fid, _, cid = key[2:].partition(":")
    fw = available(extra).get(fid)
    if fw is None:
        return None
    return next((c for c in fw.concepts if c.id == cid), None)
