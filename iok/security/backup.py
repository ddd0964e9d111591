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


# ---- The whole site: database and uploaded media in one archive ------------
# `iok backup` writes a gzipped tar of the database's backup (database.sqlite3
# or database.pgdump) and MEDIA_ROOT (media/: the self-reading photos).
DATABASE_MEMBERS = {"database.sqlite3", "database.pgdump"}
MEDIA_MEMBER = "media"


def backup_site(target: Path, media_root: Path) -> int:
    """The database and every file under `media_root` into the archive
    `target` (mode 0600); the number of media files."""
    import tarfile
    import tempfile

    owner_only_file(target)
    with tempfile.TemporaryDirectory(dir=target.parent) as folder:
        database = Path(folder) / ("database.sqlite3" if is_sqlite() else "database.pgdump")
        backup(database)
        files = 0
        with tarfile.open(target, "w:gz") as archive:
            archive.add(database, arcname=database.name)
            folder_entry = tarfile.TarInfo(MEDIA_MEMBER)
            folder_entry.type, folder_entry.mode = tarfile.DIRTYPE, 0o700
            archive.addfile(folder_entry)
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        archive.add(path, arcname=f"{MEDIA_MEMBER}/{path.relative_to(media_root)}")
                        files += 1
    return files


def is_site_archive(source: Path) -> bool:
    import tarfile

    return tarfile.is_tarfile(source)


def restore_site(source: Path, media_root: Path) -> int:
    """The database, then MEDIA_ROOT, from the archive `source`: the media
    are unpacked beside MEDIA_ROOT and swapped in only once the database is
    restored, so a failure leaves them as they were. The number of media
    files restored."""
    import tarfile

    media_root.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _restore_site(source, media_root)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{source} could not be read as a backup: {error}") from error


def _restore_site(source: Path, media_root: Path) -> int:
    import shutil as _shutil
    import tarfile
    import tempfile

    with (
        tarfile.open(source, "r:*") as archive,
        tempfile.TemporaryDirectory(dir=media_root.parent) as folder,
    ):
        names = {member.name for member in archive.getmembers()}
        databases = DATABASE_MEMBERS & names
        if len(databases) != 1:
            raise BackupError(f"{source} is not a backup made by `iok backup`: no database in it.")
        unpacked = Path(folder)
        # The "data" filter refuses absolute paths, links out and devices.
        archive.extractall(unpacked, filter="data")
        restore(unpacked / databases.pop())
        media = unpacked / MEDIA_MEMBER
        media.mkdir(mode=0o700, exist_ok=True)
        files = sum(1 for path in media.rglob("*") if path.is_file())
        old = unpacked / "media-before-restore"
        if media_root.exists():
            media_root.rename(old)
        media.rename(media_root)
        media_root.chmod(0o700)  # personal data: the owner's only
        _shutil.rmtree(old, ignore_errors=True)
    return files
