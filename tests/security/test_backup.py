"""`iok backup` and `iok restore` between two real databases of the run's
kind (SQLite files, or PostgreSQL databases): every table's row count and
every ledger balance comes back identical, and check-ledger passes."""

import json
import os

import pytest

from tests.processes import fresh_database, run

pytestmark = pytest.mark.slow

FINGERPRINT = """
import json
import os
from django.db import connection
from iok.ledger.models import Ledger
tables = sorted(t for t in connection.introspection.table_names())
with connection.cursor() as cursor:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM {connection.ops.quote_name(table)}')
        counts[table] = cursor.fetchone()[0]
ledgers = Ledger.objects.order_by('pk').values_list('pk', 'balance')
balances = [[pk, str(balance)] for pk, balance in ledgers]
print(json.dumps({"counts": counts, "balances": balances}))
"""


MAKE_A_LOGIN = """
from django.contrib.auth import get_user_model
get_user_model().objects.create_user("jedyny", password="Haslo-jedynego-2026")
"""


def fingerprint(env) -> dict:
    return json.loads(run(env, "shell", "--no-imports", "-c", FINGERPRINT).stdout)


PHOTO = b"\xff\xd8\xff\xe0 a self-reading photo \xff\xd9"
PHOTO_PATH = "readings/2026/10/licznik.jpg"


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """The demo town (12 premises, two years of billing and payments) with an
    uploaded photo, and its backup."""
    folder = tmp_path_factory.mktemp("original")
    with fresh_database(folder) as env:
        env = {**env, "IOK_MEDIA_ROOT": str(folder / "media")}
        run(env, "demo", "--premises=12", "--seed=5", "--until=2026-10")
        photo = folder / "media" / PHOTO_PATH
        photo.parent.mkdir(parents=True)
        photo.write_bytes(PHOTO)
        archive = folder / "iok.backup"
        done = run(env, "backup", str(archive))
        assert "Backed up" in done.stdout
        yield fingerprint(env), archive


def test_a_restored_database_has_every_row_and_balance_of_the_original(backed_up, tmp_path):
    original, archive = backed_up
    assert original["counts"]["ledger_entry"] > 100 and len(original["balances"]) >= 12
    with fresh_database(tmp_path) as env:
        assert fingerprint(env) != original
        run(env, "restore", str(archive))
        assert fingerprint(env) == original
        checked = run(env, "check-ledger", check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_restore_brings_the_uploaded_photos_back_and_drops_files_not_in_the_backup(
    backed_up, tmp_path
):
    _, archive = backed_up
    media = tmp_path / "restored-media"
    stray = media / "readings" / "not-in-the-backup.jpg"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")
    with fresh_database(tmp_path) as env:
        done = run({**env, "IOK_MEDIA_ROOT": str(media)}, "restore", str(archive))
    assert "1 uploaded files" in done.stdout
    assert (media / PHOTO_PATH).read_bytes() == PHOTO
    assert not stray.exists()
    assert media.stat().st_mode & 0o777 == 0o700


def test_a_backup_of_the_database_alone_still_restores(tmp_path):
    with fresh_database(tmp_path / "old") as env:
        run(env, "shell", "--no-imports", "-c", MAKE_A_LOGIN)
        code = "from pathlib import Path; from iok.security.backup import backup; "
        run(env, "shell", "--no-imports", "-c", code + f"backup(Path({str(tmp_path / 'db')!r}))")
    with fresh_database(tmp_path / "new") as env:
        done = run(env, "restore", str(tmp_path / "db"))
        assert "no uploaded files" in done.stdout
        assert run(env, "restore", str(tmp_path / "db"), check=False).returncode != 0  # has data


def test_restore_refuses_a_database_with_data_unless_forced(backed_up, tmp_path):
    original, archive = backed_up
    with fresh_database(tmp_path) as env:
        run(env, "shell", "--no-imports", "-c", MAKE_A_LOGIN)
        refused = run(env, "restore", str(archive), check=False)
        assert refused.returncode != 0
        assert "not empty" in refused.stderr and "--force" in refused.stderr
        assert fingerprint(env) != original
        run(env, "restore", "--force", str(archive))
        assert fingerprint(env) == original


def test_backup_never_overwrites_a_file(backed_up, tmp_path):
    _, archive = backed_up
    before = archive.read_bytes()
    with fresh_database(tmp_path) as env:
        refused = run(env, "backup", str(archive), check=False)
    assert refused.returncode != 0 and "exists already" in refused.stderr
    assert archive.read_bytes() == before


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    junk = tmp_path / "notatki.txt"
    junk.write_text("to nie jest kopia zapasowa", encoding="utf-8")
    with fresh_database(tmp_path) as env:
        refused = run(env, "restore", str(junk), check=False)
    assert refused.returncode != 0 and "is not a" in refused.stderr


def test_the_help_states_the_rule():
    from iok.security.management.commands.restore import Command

    assert "refuses a database that already holds" in Command.help and "--force" in Command.help


def test_a_backup_is_readable_by_its_owner_only(backed_up):
    _, archive = backed_up
    assert archive.stat().st_mode & 0o777 == 0o600


def test_the_sqlite_database_is_created_readable_by_its_owner_only(tmp_path, settings):
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("the file is SQLite's; PostgreSQL keeps its data in the server's folder")
    old = os.umask(0o022)  # what a shell usually gives: files readable by everyone
    try:
        with fresh_database(tmp_path):
            database = tmp_path / "iok.sqlite3"
            assert database.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)
