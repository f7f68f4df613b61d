"""Opening and creating a synthesis project kept on a PostgreSQL server.

:class:`synth.project.Project` calls these for a ``postgresql://`` PROJECT; they sit below it
(they receive the class) so the project and the stores that copy and watch projects
(:mod:`synth.stores`) both build on them without importing each other.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from synth.anchors import witness_check, witness_record
from synth.folders import DATABASE, ProjectError, chosen_fields, new_config, resolve_analyst
from synth.inert import notify
from synth.state import ProjectState, fold, template_to_dict
from synth.store_pg import ServerLocation, ServerTrail, is_server_url, project_name_from
from synth.trail import Trail, TrailError


def location_of(path: str | Path, *, name: str | None = None) -> ServerLocation | Path:
    """A PROJECT argument as a :class:`ServerLocation` (a URL) or a folder :class:`Path`."""
    if isinstance(path, ServerLocation):
        return path
    if is_server_url(path):
        location = ServerLocation(str(path))
        if not location.project and name:
            location = ServerLocation(str(path), project_name_from(name))
        return location
    return Path(path)


def open_trail(path: str | Path) -> Trail:
    """The trail of a project folder or server URL, for reading and verifying (TrailError when there is none)."""
    location = location_of(path)
    if isinstance(location, ServerLocation):
        return ServerTrail(location)
    if not (location / DATABASE).exists():
        raise TrailError(f"{location}: not a synth project (no {DATABASE})")
    return Trail(location / DATABASE)


def problem_of(exc: TrailError):
    return ProjectError(str(exc))


def create_server_project(cls, path, *, name, template, fields, analyst):
    """``Project.create`` for a URL: schema, tables, settings and the first event commit in one transaction."""
    location = location_of(path, name=name)
    if not location.project:
        raise ProjectError(f"{location}: name the project: add ?project=NAME to the URL, or --name")
    tpl, chosen = chosen_fields(template, fields)
    who = resolve_analyst(analyst)
    project_name = name or location.project
    config = new_config(project_name, tpl, chosen)
    try:
        trail = ServerTrail(location, create=True)
    except TrailError as exc:
        raise problem_of(exc) from exc
    try:
        with trail.lock():
            trail.make_schema(config)
            first = cls(location, trail, config, who, ProjectState(), None)
            first.commit(
                [("project.created", {"name": project_name, "template": template_to_dict(tpl), "fields": chosen})],
                witness=False,
            )
        witness_record(trail, location, claim_folder=True)
    except TrailError as exc:
        raise problem_of(exc) from exc
    finally:
        trail.close()
    return cls.open(location, analyst=who)


def open_server_project(cls, path, *, analyst, as_of, use_snapshot):
    """``Project.open`` for a URL: the settings come from the settings table."""
    location = location_of(path)
    try:
        trail = ServerTrail(location)
        config = trail.read_config()
        if trail.hash_at(1) is None:
            raise TrailError(f"{location}: a half-made project (its trail holds no event)")
        who = resolve_analyst(analyst)
    except TrailError as exc:
        with contextlib.suppress(Exception):
            trail.close()
        raise problem_of(exc) from exc
    except ProjectError:
        trail.close()
        raise
    project = cls(location, trail, config, who, ProjectState(), as_of)
    try:
        project.notice = witness_check(trail, location)
        if project.notice:
            notify(project.notice)
        if as_of is None and use_snapshot:
            project._load()
        else:
            project.state = fold(trail.events(as_of=as_of))
    except TrailError as exc:
        trail.close()
        raise problem_of(exc) from exc
    return project
