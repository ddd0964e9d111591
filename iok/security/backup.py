"""Backing up and restoring the whole database: SQLite through its online
backup API (a consistent copy while the site runs), PostgreSQL through
pg_dump's custom format and pg_restore in one transaction (both found on
PATH and run with a list of arguments, never through a shell)."""

import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path

from django.db import connection

from iok.security.dbroles import RESTORE_HINT, RoleError, check_owns_tables
from iok.security.files import owner_only_file

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# A database holding any of these is not empty: restoring over it loses data.
USER_DATA_TABLES = ["auth_user", "registry_building", "registry_contractor", "ledger_entry"]


class BackupError(Exception):
    pass


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def backup(target: Path) -> None:
    owner_only_file(target)  # pg_dump and SQLite write into it, keeping its mode
    if is_sqlite():
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        _pg("pg_dump", "--format=custom", "--no-owner", "--file", str(target))


def rows_of_user_data() -> int:
    existing = set(connection.introspection.table_names())
    total = 0
    with connection.cursor() as cursor:
        for table in USER_DATA_TABLES:
            if table in existing:
                quoted = connection.ops.quote_name(table)
                # A table name from the fixed list above, quoted.
                cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608  # nosec B608
                total += cursor.fetchone()[0]
    return total


def restore(source: Path) -> None:
    with open(source, "rb") as file:
        head = file.read(16)
    if is_sqlite():
        if head != SQLITE_MAGIC:
            raise BackupError(f"{source} is not a SQLite backup; this database is SQLite.")
        connection.close()
        with sqlite3.connect(source) as backup_file, sqlite3.connect(_sqlite_path()) as live:
            backup_file.backup(live)
        backup_file.close()
        live.close()
    else:
        if not head.startswith(PGDUMP_MAGIC):
            raise BackupError(f"{source} is not a pg_dump backup; this database is PostgreSQL.")
        try:
            check_owns_tables(RESTORE_HINT)
        except RoleError as error:
            raise BackupError(str(error)) from error
        connection.close()
        _pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
            "--exit-on-error", str(source))  # fmt: skip


def _sqlite_path() -> str:
    return str(connection.settings_dict["NAME"])


def _pg(program: str, *args: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} is not installed (Debian: apt-get install postgresql-client)."
        )
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    command = [executable, "--host", db["HOST"] or "localhost", "--port", str(db["PORT"] or 5432)]
    command += ["--username", db["USER"], "--dbname", db["NAME"], *args]
    # A list of arguments with the full path of the program, no shell.
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip()}")
