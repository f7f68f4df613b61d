"""Case study templates: data files, loaded and validated.

A template is a TOML file (the bundled ones live beside this module). A team
uses its own by passing a path wherever a template name is accepted
(``synth init P --template ./our-form.toml``), or by saving it in the user
templates folder (:func:`user_templates_dir`), after which its name works like
a bundled one; ``synth form templates`` lists both. Validation names the file and
the field at fault in one line, so a typo in a team's template is easy to fix.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

from synth.model import Field, Template

DEFAULT_TEMPLATE = "practice-based"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class TemplateError(ValueError):
    """A template file is missing or malformed; the message names it."""


def bundled_templates() -> list[str]:
    """Names of the templates shipped with synth."""
    return sorted(p.name.removesuffix(".toml") for p in resources.files(__name__).iterdir() if p.name.endswith(".toml"))


def user_templates_dir() -> Path:
    """Where a team's own templates live (``<data dir>/synth/templates``), found by name."""
    from synth.keys import data_dir

    return data_dir() / "templates"


def available_templates() -> list[tuple[str, str, str]]:
    """Every template usable by name: (name, where it is, problem or "" if it loads)."""
    out: list[tuple[str, str, str]] = []
    for name in bundled_templates():
        out.append((name, "bundled", ""))
    folder = user_templates_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            try:
                load_template(path)
                problem = ""
            except TemplateError as exc:
                problem = str(exc).removeprefix(f"{path}: ")
            out.append((path.stem, str(path), problem))
    return out


def load_template(name_or_path: str | Path = DEFAULT_TEMPLATE) -> Template:
    """Load a bundled template by name, or a team's template file by path."""
    text, where = _read(str(name_or_path))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{where}: not valid TOML ({exc})") from exc
    return template_from_data(data, where)


def _read(name: str) -> tuple[str, str]:
    path = Path(name)
    if path.suffix == ".toml" or path.exists() or "/" in name:
        try:
            return path.read_text(encoding="utf-8-sig"), str(path)
        except FileNotFoundError:
            raise TemplateError(f"{path}: template file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"{path}: cannot read template ({exc})") from exc
    resource = resources.files(__name__) / f"{name}.toml"
    if not resource.is_file():
        own = user_templates_dir() / f"{name}.toml"
        if own.is_file():
            return _read(str(own))
        known = ", ".join(bundled_templates())
        raise TemplateError(f"no template named {name!r} (bundled: {known}; or give a path to a .toml file)")
    return resource.read_text(encoding="utf-8"), f"template {name!r}"


def template_from_data(data: dict, where: str = "template") -> Template:
    """Build and validate a :class:`Template` from parsed TOML."""
    if not isinstance(data, dict):
        raise TemplateError(f"{where}: expected a table at the top level")
    tid = data.get("id")
    if not isinstance(tid, str) or not tid.strip():
        raise TemplateError(f"{where}: 'id' must be a non-empty string")
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise TemplateError(f"{where}: needs at least one [[fields]] entry")
    fields: list[Field] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_fields, start=1):
        label = f"{where}: field {n}"
        if not isinstance(raw, dict):
            raise TemplateError(f"{label}: must be a table")
        fid = raw.get("id")
        if not isinstance(fid, str) or not _ID.match(fid):
            raise TemplateError(f"{label}: 'id' must be lowercase letters, digits and _ (got {fid!r})")
        label = f"{where}: field {fid!r}"
        if fid in seen:
            raise TemplateError(f"{label}: duplicate id")
        seen.add(fid)
        heading = raw.get("heading")
        if not isinstance(heading, str) or not heading.strip():
            raise TemplateError(f"{label}: 'heading' must be a non-empty string")
        unknown = set(raw) - {"id", "heading", "question", "guidance", "aliases", "required", "word_limit"}
        if unknown:
            raise TemplateError(f"{label}: unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("question", "guidance"):
            if not isinstance(raw.get(key, ""), str):
                raise TemplateError(f"{label}: {key!r} must be a string")
        aliases = raw.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise TemplateError(f"{label}: 'aliases' must be a list of strings")
        required = raw.get("required", False)
        if not isinstance(required, bool):
            raise TemplateError(f"{label}: 'required' must be true or false")
        limit = raw.get("word_limit")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0):
            raise TemplateError(f"{label}: 'word_limit' must be a positive whole number")
        fields.append(
            Field(
                id=fid,
                heading=heading.strip(),
                question=raw.get("question", "").strip(),
                guidance=raw.get("guidance", "").strip(),
                aliases=tuple(a.strip() for a in aliases if a.strip()),
                required=required,
                word_limit=limit,
            )
        )
    return Template(
        id=tid.strip(),
        name=str(data.get("name", tid)).strip(),
        fields=tuple(fields),
        description=str(data.get("description", "")).strip(),
        version=int(data.get("version", 1)),
    )
