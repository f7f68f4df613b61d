"""Projects held on a PostgreSQL server (psycopg 3): one schema per project.

A server project is named by a URL, ``postgresql://user@host/db?project=NAME``;
everything else in the URL is libpq's (so ``PGHOST``, ``PGPASSWORD``, ``~/.pgpass``
and ``sslmode=`` work as they do for ``psql``). The project lives in the schema
``synth_NAME`` of that database, so one database holds several projects. The
schema holds the same tables as a folder's ``synth.db`` (``events``, ``head``,
``signatures``) plus ``settings``, the JSON of what a folder keeps in
``synth.toml``.

:class:`ServerTrail` is :class:`synth.trail.Trail` over a PostgreSQL connection:
the same SQL, the same canonical event hashes and signed statements, the same
``verify``; only opening, locking and errors differ. A command is one
transaction; writers serialise on an advisory lock per project
(``pg_advisory_xact_lock``) taken at the start of it, and the trail is read
after the lock under READ COMMITTED, so every writer appends after the newest
committed event and none is lost (``seq`` is the primary key besides). Triggers
refuse UPDATE, DELETE and TRUNCATE on events and signatures, and PUBLIC holds
no privilege on the schema. psycopg is an optional extra (``synth[postgres]``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import threading
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from synth.trail import Trail, TrailError

PREFIXES = ("postgresql://", "postgres://")
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,47}$")
SCHEMA_PREFIX = "synth_"

_TABLES = """
CREATE TABLE events (
    seq     BIGINT PRIMARY KEY,
    txn     BIGINT NOT NULL,
    ts      TEXT NOT NULL,
    analyst TEXT NOT NULL,
    kind    TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev    TEXT NOT NULL,
    hash    TEXT NOT NULL
);
CREATE INDEX events_ts ON events(ts);
CREATE INDEX events_kind ON events(kind);
CREATE TABLE head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE signatures (
    txn  BIGINT PRIMARY KEY,
    seq  BIGINT NOT NULL,
    key  TEXT NOT NULL,
    sig  TEXT NOT NULL
);
CREATE TABLE settings (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    config TEXT NOT NULL
);
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'the coding trail is append-only'; END $$;
CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION append_only();
CREATE TRIGGER signatures_no_change BEFORE UPDATE OR DELETE ON signatures
    FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER signatures_no_truncate BEFORE TRUNCATE ON signatures
    FOR EACH STATEMENT EXECUTE FUNCTION append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON events, signatures FROM PUBLIC;
"""


def is_server_url(text: object) -> bool:
    """Whether a PROJECT argument names a server project (``postgresql://`` or ``postgres://``)."""
    return isinstance(text, str) and str(text).startswith(PREFIXES)


def _psycopg():
    try:
        import psycopg
    except ImportError as exc:
        raise TrailError(
            "a PostgreSQL project needs psycopg: pip install 'synth[postgres]' (or 'psycopg[binary]')"
        ) from exc
    return psycopg


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0].strip()


class ServerLocation(str):
    """A server project's address as synth shows it: the URL with any password left out.

    ``conninfo`` is what libpq gets (the URL without ``project=``), ``project`` the
    project's name and ``schema`` its schema. ``location / "report"`` is a local
    folder named after the project, for the few places that write beside a folder.
    """

    conninfo: str
    project: str
    schema: str
    team: str  # ?team=ROLE at init: the role whose members may read and append (never rewrite)

    def __new__(cls, url: str, project: str | None = None) -> ServerLocation:
        parts = urlsplit(str(url))
        query = parse_qsl(parts.query, keep_blank_values=True)
        named = [v for k, v in query if k == "project"]
        teams = [v for k, v in query if k == "team"]
        rest = [(k, v) for k, v in query if k not in ("project", "team")]
        name = project or (named[-1] if named else "")
        netloc = parts.netloc
        shown_netloc = netloc
        if "@" in netloc:
            auth, host = netloc.rsplit("@", 1)
            if ":" in auth:
                shown_netloc = f"{auth.split(':', 1)[0]}@{host}"
        shown_query = urlencode([*rest, ("project", name)] if name else rest)
        shown = urlunsplit((parts.scheme, shown_netloc, parts.path, shown_query, ""))
        self = super().__new__(cls, shown)
        self.conninfo = urlunsplit((parts.scheme, netloc, parts.path, urlencode(rest), ""))
        self.project = name
        self.team = teams[-1] if teams else ""
        self.schema = schema_for(name) if name else ""
        return self

    @property
    def name(self) -> str:
        return self.project

    def __truediv__(self, other: str) -> Path:
        return Path(self.project or "synth-project") / other

    def resolve(self) -> ServerLocation:
        return self

    def exists(self) -> bool:
        return True


def schema_for(name: str) -> str:
    """The schema of project ``name`` (checked: letters, digits, ``_`` and ``-``, at most 48)."""
    if not NAME_RE.match(name):
        raise TrailError(
            f"{name!r}: a server project's name is a letter then letters, digits, '_' or '-' (at most 48 characters)"
        )
    return SCHEMA_PREFIX + name.lower().replace("-", "_")


def project_name_from(text: str) -> str:
    """A server project name made from a synthesis's display name (``--name``)."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", text.strip()).strip("-_")[:48]
    if not slug or not slug[0].isalpha():
        slug = ("p-" + slug)[:48].rstrip("-_") or "project"
    return slug


class _Connection:
    """The few calls :class:`Trail` makes on its database, over psycopg, with ``?`` placeholders."""

    def __init__(self, conn, where: str) -> None:
        self.conn = conn
        self.where = where

    def _error(self, exc: BaseException) -> TrailError:
        psycopg = _psycopg()
        if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError) or self.conn.closed or self.conn.broken:
            return TrailError(
                f"{self.where}: lost the connection to the server ({_first_line(exc)}); nothing more was written"
            )
        return TrailError(f"{self.where}: the server refused ({_first_line(exc)})")

    def execute(self, sql: str, args: object = None):
        psycopg = _psycopg()
        try:
            return self.conn.execute(sql.replace("?", "%s"), args or None)
        except psycopg.Error as exc:
            raise self._error(exc) from exc

    def executemany(self, sql: str, rows: list) -> None:
        psycopg = _psycopg()
        try:
            with self.conn.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), rows)
        except psycopg.Error as exc:
            raise self._error(exc) from exc

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()


def connect(location: ServerLocation, *, timeout: int = 10):
    """A psycopg connection (autocommit: a command opens its own transaction), or one clear TrailError."""
    psycopg = _psycopg()
    try:
        return psycopg.connect(location.conninfo, autocommit=True, connect_timeout=timeout, application_name="synth")
    except psycopg.Error as exc:
        message = _first_line(exc)
        if "password authentication failed" in message or "no password supplied" in message:
            hint = "wrong user or password (set it in the URL, PGPASSWORD or ~/.pgpass)"
        elif "does not exist" in message:
            hint = message
        else:
            hint = f"cannot reach the server ({message})"
        raise TrailError(f"{location}: {hint}") from exc


def list_projects(conn) -> list[str]:
    """The synth projects in a database (schemas named ``synth_*`` that hold a ``head`` table)."""
    rows = conn.execute(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'head' "
        "AND table_schema LIKE 'synth\\_%%' ORDER BY 1"
    ).fetchall()
    return [r[0][len(SCHEMA_PREFIX) :] for r in rows]


class ServerTrail(Trail):
    """The coding trail of one server project (same API, hashes, signatures and verify as a folder's)."""

    def __init__(self, location: ServerLocation | str, *, create: bool = False) -> None:
        location = location if isinstance(location, ServerLocation) else ServerLocation(location)
        if not location.project:
            raise TrailError(f"{location}: name the project: add ?project=NAME to the URL")
        self.path = location
        self.location = location
        conn = connect(location)
        self._db = _Connection(conn, str(location))
        self._registered: set[tuple[str, str]] = set()
        self._depth = 0
        self._threads = threading.RLock()
        self._key = int.from_bytes(hashlib.sha256(location.schema.encode()).digest()[:8], "big", signed=True)
        exists = self._schema_exists()
        if create:
            if exists:
                self.close()
                raise TrailError(f"{location}: a synth project {location.project!r} already exists in this database")
        elif not exists:
            try:
                others = list_projects(conn)
            except Exception:
                others = []
            self.close()
            have = f" (projects here: {', '.join(others)})" if others else " (this database holds none)"
            raise TrailError(f"{location}: not a synth project: no project {location.project!r} in this database{have}")
        else:
            self._use_schema()

    def _schema_exists(self) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'head'",
            (self.location.schema,),
        ).fetchone()
        return row is not None

    def _use_schema(self) -> None:
        self._db.execute(f'SET search_path TO "{self.location.schema}"')

    def make_schema(self, config: dict) -> None:
        """Create the project's schema and tables (inside :meth:`lock`, so creation commits with the first event)."""
        schema = self.location.schema
        self._db.execute(f'CREATE SCHEMA "{schema}"')
        self._db.execute(f'REVOKE ALL ON SCHEMA "{schema}" FROM PUBLIC')
        self._use_schema()
        for statement in _TABLES.split(";\n"):
            if statement.strip():
                self._db.execute(statement)
        self._db.execute("INSERT INTO settings (id, config) VALUES (1, ?)", (json.dumps(config),))
        if self.location.team:
            self.grant(self.location.team)

    def grant(self, role: str) -> None:
        """Let ``role`` (a team's group role) read and append to this project, and never update or delete."""
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_$-]{0,62}$", role):
            raise TrailError(f"{role!r}: not a role name")
        who = f'"{role}"'
        self._db.execute(f'GRANT USAGE ON SCHEMA "{self.location.schema}" TO {who}')
        self._db.execute(f"GRANT SELECT, INSERT ON events, signatures TO {who}")
        self._db.execute(f"GRANT SELECT, INSERT, UPDATE ON head, settings TO {who}")

    def close(self) -> None:
        self._db.close()

    def checkpoint(self) -> None:
        """Nothing to do: a committed transaction is durable on the server."""

    def _begin(self) -> None:
        """Open the command's transaction and take the project's advisory lock: writers queue here."""
        db = self._db
        db.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
        try:
            db.execute("SELECT pg_advisory_xact_lock(?)", (self._key,))
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        with contextlib.suppress(Exception):
            self._db.conn.execute("ROLLBACK")

    # -- settings (what synth.toml holds for a folder) -----------------------------

    def read_config(self) -> dict:
        row = self._db.execute("SELECT config FROM settings WHERE id = 1").fetchone()
        if row is None:
            return {}
        try:
            return json.loads(row[0])
        except ValueError as exc:
            raise TrailError(f"{self.location}: cannot read settings ({exc})") from exc

    def write_config(self, config: dict) -> None:
        self._db.execute(
            "INSERT INTO settings (id, config) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET config = excluded.config",
            (json.dumps(config),),
        )

    # -- live teammates ----------------------------------------------------------------

    def notify_channel(self) -> str:
        return self.location.schema

    def _write(self, analyst, events, signer):
        written = super()._write(analyst, events, signer)
        self._db.execute("SELECT pg_notify(?, ?)", (self.location.schema, str(written[-1].seq)))
        return written
