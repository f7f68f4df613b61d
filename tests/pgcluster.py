"""A throwaway PostgreSQL cluster for tests and benchmarks (Debian's ``postgresql`` package).

``start_cluster(folder)`` runs ``initdb`` and ``pg_ctl`` in ``folder`` (as the system user
``synthpg`` when we are root, since PostgreSQL refuses to run as root), listening on
127.0.0.1 at a free high port with password authentication, and returns a
:class:`Cluster` whose :meth:`Cluster.url` names a database on it. Nothing is mocked.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

USER = "synth"
PASSWORD = "synth-test-secret"
SYSTEM_USER = "synthpg"


def bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL's server is not installed."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    for name in ("pg_ctl",):
        found = shutil.which(name)
        if found and shutil.which("initdb"):
            return Path(found).parent
    return None


def missing() -> str | None:
    """Why a cluster cannot start here (one line), or None."""
    if bin_dir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed: apt-get install postgresql"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install 'synth[postgres]'"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser to start PostgreSQL as another user"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", SYSTEM_USER, "--", *args]


def _ensure_system_user() -> None:
    if os.geteuid() != 0:
        return
    if subprocess.run(["id", "-u", SYSTEM_USER], capture_output=True).returncode != 0:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
            capture_output=True,
        )


@dataclass
class Cluster:
    folder: Path
    port: int
    bin: Path

    def url(self, database: str = "postgres", *, project: str | None = None, password: bool = True) -> str:
        auth = f"{USER}:{PASSWORD}" if password else USER
        text = f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"
        return text + (f"?project={project}" if project else "")

    def conninfo(self, database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={USER} password={PASSWORD} dbname={database}"

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            _as_server_user([str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", mode, "-w", "stop"]),
            capture_output=True,
        )

    def start(self) -> None:
        log = self.folder / "server.log"
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        result = subprocess.run(
            _as_server_user(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.folder / "data"),
                    "-l",
                    str(log),
                    "-o",
                    options,
                    "-w",
                    "start",
                ]
            ),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {result.stderr.strip()} {tail}")

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')


def start_cluster(folder: Path) -> Cluster:
    """initdb + pg_ctl start in ``folder`` (which must be empty or absent)."""
    why = missing()
    if why:
        raise RuntimeError(why)
    binaries = bin_dir()
    assert binaries is not None
    _ensure_system_user()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if os.geteuid() == 0:
        import pwd

        uid = pwd.getpwnam(SYSTEM_USER).pw_uid
        os.chown(folder, uid, -1)
        os.chown(pwfile, uid, -1)
        # the server user must be able to reach the folder
        for parent in folder.parents:
            with contextlib.suppress(OSError):
                mode = parent.stat().st_mode
                if not mode & 0o001:
                    os.chmod(parent, mode | 0o001)
    result = subprocess.run(
        _as_server_user(
            [
                str(binaries / "initdb"),
                "-D",
                str(folder / "data"),
                "-U",
                USER,
                f"--pwfile={pwfile}",
                "--auth-local=scram-sha-256",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        ),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"initdb failed: {result.stderr.strip()[-600:]}")
    cluster = Cluster(folder, _free_port(), binaries)
    cluster.start()
    return cluster
