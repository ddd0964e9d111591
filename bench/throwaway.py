"""A throwaway database for a benchmark, so a run never touches real data:
a temporary SQLite file, or, when DATABASE_URL names a PostgreSQL server, a
database of the benchmark's own on it, created first and dropped after."""

import contextlib
import os
import shutil
import tempfile
from urllib.parse import urlsplit, urlunsplit


@contextlib.contextmanager
def throwaway_django(database: str, prefix: str):
    """Set up Django on a fresh database; yield a temporary work folder."""
    # As in production: with DEBUG on, Django would also format and keep the
    # text of every query, which costs a bulk write time and memory.
    os.environ.setdefault("IOK_DEBUG", "false")
    os.environ.setdefault("IOK_SECRET_KEY", "benchmark-only-" + "x" * 50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iok.settings")
    given = os.environ.get("DATABASE_URL", "")
    postgres = given.startswith(("postgres://", "postgresql://"))
    workdir = tempfile.mkdtemp(prefix=prefix)
    if postgres:
        _recreate(given, database)
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(given)._replace(path=f"/{database}"))
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/iok.sqlite3"
    try:
        import django

        django.setup()
        yield workdir
    finally:
        from django.db import connections

        connections.close_all()
        if postgres:
            _drop(given, database)
        shutil.rmtree(workdir, ignore_errors=True)


def _recreate(url: str, database: str) -> None:
    _drop(url, database)
    _admin(url, f"CREATE DATABASE {database}")


def _drop(url: str, database: str) -> None:
    _admin(url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql)
