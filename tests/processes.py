"""Real processes against a real, separate database, for concurrency tests.

The test database of pytest-django lives inside one transaction (or in memory
on SQLite), which other processes cannot see; these tests build a database of
their own, of the same kind as the run's (SQLite file or PostgreSQL), migrate
it, and drop it afterwards."""

import contextlib
import os
import subprocess
import sys
import time
import uuid

import dj_database_url
from django.conf import settings


def _base_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "IOK_DATA_DIR"}}
    env.update(IOK_DEBUG="true", DJANGO_SETTINGS_MODULE="iok.settings")
    return env


@contextlib.contextmanager
def fresh_database(tmp_path):
    """Environment variables that point `iok` at a new, migrated database."""
    env = _base_env()
    server = None
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        server = dict(settings.DATABASES["default"])
        name = f"iok_proc_{uuid.uuid4().hex[:10]}"
        _postgres(server, f'CREATE DATABASE "{name}"')
        server_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{server_url}/{name}"
    else:
        env["IOK_DATA_DIR"] = str(tmp_path)
    try:
        run(env, "migrate", "--noinput")
        yield env
    finally:
        if server:
            _postgres(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres(server: dict, sql: str) -> None:
    import psycopg

    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    with psycopg.connect(
        host=url["HOST"],
        port=url["PORT"] or 5432,
        user=url["USER"],
        password=url["PASSWORD"] or None,
        # The maintenance database: the one in the URL may not exist
        # (pytest-django tests in test_<name>).
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql)


def run(env, *args, check=True) -> subprocess.CompletedProcess:
    """`iok ARGS…` in a process of its own, on the suite's clock."""
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "tests.clocked", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


def start_python(env, code: str) -> subprocess.Popen:
    """Python code with Django set up, started in the background."""
    prelude = "import tests.clocked; tests.clocked.start()\nimport django; django.setup()\n"
    return subprocess.Popen(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", prelude + code],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def python_at_once(env, codes: list[str], timeout: int = 180) -> list[str]:
    """Each of `codes` in a Python process of its own (as start_python), all
    released at the same moment once every one has started; their standard
    outputs, after checking that each ended well."""
    release = time.time() + 2
    wait = f"import time\nwhile time.time() < {release}:\n    time.sleep(0.005)\n"
    workers = [start_python(env, wait + code) for code in codes]
    outputs = []
    for worker in workers:
        out, err = worker.communicate(timeout=timeout)
        assert worker.returncode == 0, err
        outputs.append(out)
    return outputs
