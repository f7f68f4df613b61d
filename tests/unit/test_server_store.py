"""Projects on a real PostgreSQL server (a throwaway cluster started by initdb/pg_ctl; no mock database)."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import pgcluster

from synth.cli import cli
from synth.project import Project, ProjectError
from synth.trail import TrailError

REPO = Path(__file__).resolve().parents[2]
FORMS = REPO / "casestudies"


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    why = pgcluster.missing()
    if why:
        pytest.skip(why)
    started = pgcluster.start_cluster(tmp_path_factory.mktemp("pg"))
    yield started
    started.stop("immediate")


@pytest.fixture
def url(cluster) -> str:
    return cluster.url(project="t" + secrets.token_hex(4))


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("synth:")]
    assert len(lines) == 1, result.output  # progress lines of copy aside, one error line
    assert "Traceback" not in result.output
    return lines[0]


def test_init_import_undo_redo_verify_export_as_of_on_a_server(url: str, tmp_path: Path) -> None:
    made = invoke("--analyst", "alice", "init", url, "--name", "Team synthesis")
    assert made.exit_code == 0, made.output
    assert "synth-test-secret" not in made.output  # the password is never shown
    forms = [f for f in sorted(FORMS.glob("*.md")) if f.name != "README.md"][:3]
    assert invoke("--analyst", "bob", "import", url, *map(str, forms)).exit_code == 0
    with Project.open(url) as p:
        assert len(p.state.cases) == 3
        assert p.config["name"] == "Team synthesis"  # settings live in the database
        moment = p.trail.events().__next__().ts
    assert invoke("--analyst", "bob", "undo", url).exit_code == 0
    with Project.open(url) as p:
        assert len(p.state.cases) == 0
    assert invoke("--analyst", "bob", "redo", url).exit_code == 0
    verified = invoke("trail", url, "verify")
    assert verified.exit_code == 0, verified.output
    assert "every command signed (2 analyst key(s))" in verified.output
    exported = invoke("trail", url, "export")
    lines = [json.loads(line) for line in exported.output.splitlines()]
    assert [e["seq"] for e in lines] == list(range(1, len(lines) + 1))
    with Project.open(url, as_of=moment) as past:
        assert past.state.seq == 2 and not past.state.cases  # creation and alice's key
        with pytest.raises(ProjectError):
            past.record("fields.set", fields=["overview"])
    again = invoke("--analyst", "alice", "init", url)
    assert "already exists" in one_line_error(again)


def test_the_trail_is_append_only_on_the_server(url: str, cluster) -> None:
    import psycopg

    Project.create(url, analyst="alice").close()
    schema = "synth_" + url.rsplit("=", 1)[1]
    with psycopg.connect(cluster.conninfo(), autocommit=True) as conn:
        for sql in (
            f"UPDATE \"{schema}\".events SET analyst = 'eve'",
            f'DELETE FROM "{schema}".events',
            f'TRUNCATE "{schema}".events',
            f'DELETE FROM "{schema}".signatures',
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(sql)
        grants = conn.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE table_schema = %s AND grantee = 'PUBLIC'",
            (schema,),
        ).fetchall()
        assert grants == []


def _folder_with_decisions(folder: Path) -> None:
    from synth.themes.actions import create_theme

    with Project.create(folder, name="Same events", analyst="alice") as p:
        from synth.extract.importer import import_paths

        import_paths(p, [f for f in sorted(FORMS.glob("*.md")) if f.name != "README.md"][:4])
        heading = p.state.fields[0]
        create_theme(p, heading, "Shared learning")
        p.undo()
        p.redo()


def test_copy_folder_to_server_and_back_gives_the_same_report(url: str, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    _folder_with_decisions(folder)
    copied = invoke("copy", str(folder), url)
    assert copied.exit_code == 0, copied.output
    assert "both verify" in copied.output
    back = tmp_path / "back"
    assert invoke("copy", url, str(back)).exit_code == 0
    reports = {}
    for name, where in (("folder", str(folder)), ("server", url), ("back", str(back))):
        out = tmp_path / f"{name}.md"
        result = invoke("report", where, "-o", str(out))
        assert result.exit_code == 0, result.output
        reports[name] = out.read_text(encoding="utf-8")
        with Project.open(where) as p:
            assert p.trail.verify().ok
    assert reports["folder"] == reports["server"] == reports["back"]
    with Project.open(str(folder)) as a, Project.open(url) as b:
        assert a.trail.head() == b.trail.head()
        assert a.config == b.config
    refused = invoke("copy", str(folder), url)
    assert "already exists" in one_line_error(refused)


def test_a_copy_of_a_trail_that_does_not_verify_is_refused(url: str, tmp_path: Path) -> None:
    import sqlite3

    folder = tmp_path / "bad"
    _folder_with_decisions(folder)
    db = sqlite3.connect(folder / "synth.db")
    db.execute("DROP TRIGGER events_no_update")
    db.execute("UPDATE events SET analyst = 'eve' WHERE seq = 3")
    db.commit()
    db.close()
    line = one_line_error(invoke("copy", str(folder), url))
    assert "nothing was copied" in line
    assert "not a synth project" in one_line_error(invoke("trail", url, "verify"))


def test_bad_connections_each_give_one_line(cluster, url: str) -> None:
    Project.create(url, analyst="alice").close()
    project = url.rsplit("=", 1)[1]
    wrong_host = cluster.url(project=project).replace(f":{cluster.port}/", f":{pgcluster._free_port()}/")
    assert "cannot reach the server" in one_line_error(invoke("trail", wrong_host, "verify"))
    wrong_password = url.replace(pgcluster.PASSWORD, "not-the-password")
    line = one_line_error(invoke("import", wrong_password, str(FORMS)))
    assert "wrong user or password" in line and "not-the-password" not in line
    no_project = cluster.url(project="nothere")
    line = one_line_error(invoke("undo", no_project))
    assert "not a synth project" in line and project in line
    no_name = cluster.url()
    assert "?project=NAME" in one_line_error(invoke("trail", no_name, "verify"))
    # the libpq environment and ~/.pgpass are honoured: no password in the URL
    bare = cluster.url(project=project, password=False)
    result = CliRunner(env={"PGPASSWORD": pgcluster.PASSWORD}).invoke(cli, ["trail", bare, "verify"])
    assert result.exit_code == 0, result.output


def test_server_gone_mid_command_leaves_nothing_half_written(cluster, url: str) -> None:
    import psycopg

    from synth.themes.actions import write_memo

    Project.create(url, analyst="alice").close()
    with Project.open(url, analyst="bob") as p:
        before = p.trail.head()
        pid = p.trail._db.conn.info.backend_pid
        with pytest.raises(TrailError, match="lost the connection"), p.locked():
            write_memo(p, "project", "first")
            with psycopg.connect(cluster.conninfo(), autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            time.sleep(0.2)
            write_memo(p, "project", "second")
    with Project.open(url) as p:
        assert p.trail.head() == before
        assert p.trail.verify().ok
    result = invoke("trail", url, "verify")
    assert result.exit_code == 0, result.output


WORKER = """
import json, os, sys, time
from synth.project import Project
from synth.themes.actions import write_memo
url, who, start, n, form, theme = sys.argv[1:7]
project = Project.open(url, analyst=who)
while not os.path.exists(start):
    time.sleep(0.005)
from synth.extract.importer import import_paths
report = import_paths(project, [form])
imported = len(report.imported)
from synth.themes.actions import code_span
code_span(project, theme, report.imported[0][1], "overview", 0, 5, target="answer")
done = 0
for i in range(int(n)):
    write_memo(project, "project", f"{who} {i}")
    done += 1
undone = project.undo() is not None
project.close()
print(json.dumps({"done": done, "undone": undone, "imported": imported}))
"""


@pytest.mark.parametrize("workers", [4])
def test_analysts_at_once_on_one_server_project_lose_nothing(url: str, tmp_path: Path, workers: int) -> None:
    from synth.themes.actions import create_theme

    with Project.create(url, analyst="lead") as lead:
        theme = create_theme(lead, "overview", "Shared learning")
    start = tmp_path / "go"
    n = 8
    forms = [f for f in sorted(FORMS.glob("*.md")) if f.name != "README.md"][:workers]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, f"a{i}", str(start), str(n), str(forms[i]), theme.id],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(workers)
    ]
    time.sleep(1.5)
    start.write_text("go")
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outs.append(json.loads(out))
    assert all(o["done"] == n and o["undone"] and o["imported"] == 1 for o in outs)
    with Project.open(url) as p:
        check = p.trail.verify()
        assert check.ok, check.describe()
        events = list(p.trail.events())
        memos = [e for e in events if e.kind == "memo.written"]
        assert len(memos) == workers * n
        imports = [e for e in events if e.kind == "case.imported"]
        assert len({e.payload["case"]["id"] for e in imports}) == len(imports) == workers  # distinct ids
        codings = [e for e in events if e.kind == "coding.added"]
        assert len({e.payload["coding"]["id"] for e in codings}) == len(codings) == workers  # once each, distinct ids
        undos = [e.payload["txn"] for e in events if e.kind == "undo"]
        assert len(undos) == workers and len(set(undos)) == workers  # never the same command twice


def test_watch_head_sees_a_teammates_commit(url: str, tmp_path: Path) -> None:
    from synth.stores import watch_head
    from synth.themes.actions import write_memo

    for where in (url, str(tmp_path / "folder")):
        Project.create(where, analyst="alice").close()
        with Project.open(where, analyst="alice") as mine, Project.open(where, analyst="bob") as theirs:
            seen = mine.trail.head()[0]
            with watch_head(mine.trail) as changed:
                assert changed(seen, 0.0) is None
                write_memo(theirs, "project", "from bob")
                moved = changed(seen, 2.0)
            assert moved == seen + 2  # bob's memo and his key registration


def test_a_team_role_may_append_but_never_rewrite(cluster, tmp_path: Path) -> None:
    import psycopg

    name = "team" + secrets.token_hex(3)
    with psycopg.connect(cluster.conninfo(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {name} NOLOGIN")
        admin.execute(f"CREATE ROLE {name}_bob LOGIN PASSWORD 'bobpw' IN ROLE {name}")
    owner_url = cluster.url(project=name) + f"&team={name}"
    made = invoke("--analyst", "ana", "init", owner_url)
    assert made.exit_code == 0, made.output
    bob_url = f"postgresql://{name}_bob:bobpw@127.0.0.1:{cluster.port}/postgres?project={name}"
    form = next(f for f in sorted(FORMS.glob("*.md")) if f.name != "README.md")
    imported = invoke("--analyst", "bob", "import", bob_url, str(form))
    assert imported.exit_code == 0, imported.output
    assert invoke("--analyst", "bob", "undo", bob_url).exit_code == 0
    assert invoke("trail", bob_url, "verify").exit_code == 0
    with psycopg.connect(
        f"host=127.0.0.1 port={cluster.port} user={name}_bob password=bobpw dbname=postgres", autocommit=True
    ) as bob:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute(f"UPDATE synth_{name}.events SET analyst = 'eve'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute(f"DROP TABLE synth_{name}.events")


def test_frameworks_reads_a_server_projects_settings(url: str) -> None:
    Project.create(url, analyst="ana").close()
    shown = invoke("frameworks", "--project", url)
    assert shown.exit_code == 0, shown.output
    assert "used for:" in shown.output
    missing = url.rsplit("=", 1)[0] + "=nothere"
    assert "not a synth project" in one_line_error(invoke("frameworks", "--project", missing))
