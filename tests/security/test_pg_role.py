"""PostgreSQL as in production: the owner migrates, the application serves as
a role that owns nothing (iok/security/dbroles.py, docs/security.md).

A fresh database owned by an owner role of its own and an application role,
both created for the test: `iok migrate` as the owner grants the application
its rows; as the application, billing, a statement import, a login and a
backup work, while disabling the append-only triggers, TRUNCATE, turning
triggers off per session and migrating are refused by PostgreSQL itself."""

import dataclasses
import os
import textwrap
import uuid

import dj_database_url
import pytest
from django.conf import settings

from tests.office.test_payment_pages import camt053
from tests.processes import _base_env, run

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="SQLite has no roles or privileges: who may disable a trigger is PostgreSQL's",
    ),
]

LOGIN = textwrap.dedent("""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    get_user_model().objects.create_user("lokatorka", password="Haslo-lokatorki-2026")
    client = Client(HTTP_HOST="localhost")
    response = client.post(reverse("access:login"), {"username": "lokatorka",
                                           "password": "Haslo-lokatorki-2026"})
    print(response.status_code, client.session.get("_auth_user_id") is not None)
""")

VIRTUAL_ACCOUNT = (
    "from iok.ledger.models import Ledger; print(Ledger.objects.order_by('pk')[0].virtual_account)"
)


def _server() -> dict:
    return dj_database_url.parse(os.environ["DATABASE_URL"])


def _connect(dbname: str, user: str | None = None):
    import psycopg

    server = _server()
    return psycopg.connect(
        host=server["HOST"],
        port=server["PORT"] or 5432,
        user=user or server["USER"],
        password=None if user else server["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def _url(user: str, name: str) -> str:
    server = _server()
    return f"postgres://{user}@{server['HOST']}:{server['PORT'] or 5432}/{name}"


@dataclasses.dataclass
class Roles:
    serving: dict  # the environment of `iok` as the application's role
    migrating: dict  # …with IOK_MIGRATE_DATABASE_URL, the owner's
    as_owner: dict  # DATABASE_URL of the owner
    owner: str
    app: str
    name: str  # the database's


@pytest.fixture(scope="module")
def roles():
    tag = uuid.uuid4().hex[:8]
    owner, app, name = f"iok_owner_{tag}", f"iok_app_{tag}", f"iok_roles_{tag}"
    with _connect("postgres") as admin:
        # Logins without a password: the suite's server trusts local connections.
        admin.execute(f"CREATE ROLE {owner} LOGIN")
        admin.execute(f"CREATE ROLE {app} LOGIN")
        admin.execute(f'CREATE DATABASE "{name}" OWNER {owner}')
    serving = {**_base_env(), "DATABASE_URL": _url(app, name)}
    migrating = {**serving, "IOK_MIGRATE_DATABASE_URL": _url(owner, name)}
    as_owner = {**serving, "DATABASE_URL": _url(owner, name)}
    try:
        yield Roles(serving, migrating, as_owner, owner, app, name)
    finally:
        with _connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f"DROP ROLE IF EXISTS {app}")
            admin.execute(f"DROP ROLE IF EXISTS {owner}")


@pytest.fixture(scope="module")
def migrated(roles):
    """The roles, once the application's role was refused migrating the empty
    database and the owner migrated it (that refusal)."""
    roles.refused = run(roles.serving, "migrate", "--noinput", check=False)
    done = run(roles.migrating, "migrate", "--noinput")
    assert f"Granted '{roles.app}'" in done.stdout
    return roles


@pytest.fixture(scope="module")
def town(migrated):
    """The demo town, built and billed for November by the application's role."""
    run(migrated.serving, "demo", "--premises=10", "--seed=3", "--until=2026-10")
    return run(migrated.serving, "bill", "--month=2026-11")


def test_the_application_role_may_not_migrate_an_empty_database(migrated):
    assert migrated.refused.returncode != 0
    assert f"'{migrated.app}' may not create tables" in migrated.refused.stderr
    assert "IOK_MIGRATE_DATABASE_URL" in migrated.refused.stderr


def test_the_application_role_may_not_migrate_the_owners_tables(migrated):
    refused = run(migrated.serving, "migrate", "--noinput", check=False)
    assert refused.returncode != 0
    assert f"connects as '{migrated.app}', which does not own" in refused.stderr
    assert f"owner is '{migrated.owner}'" in refused.stderr
    assert "IOK_MIGRATE_DATABASE_URL" in refused.stderr


def test_migrating_as_the_owner_gives_the_tables_to_the_owner_alone(migrated):
    app = migrated.app
    with _connect(migrated.name) as conn:
        owners = conn.execute(
            "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S')"
        ).fetchall()
        kept = conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            " AND relkind = 'r' AND (has_table_privilege(%s, oid, 'TRUNCATE')"
            " OR has_table_privilege(%s, oid, 'TRIGGER') OR NOT has_table_privilege(%s, oid,"
            " 'SELECT, INSERT, UPDATE, DELETE'))",
            [app, app, app],
        ).fetchall()
    assert owners == [(migrated.owner,)]
    assert kept == []


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        ("ALTER TABLE ledger_entry DISABLE TRIGGER ALL", "must be owner of table ledger_entry"),
        (
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only",
            "must be owner of table audit_auditevent",
        ),
        ("DROP TRIGGER ledger_entry_append_only ON ledger_entry", "must be owner"),
        ("TRUNCATE ledger_entry", "permission denied for table ledger_entry"),
        ("TRUNCATE audit_auditevent", "permission denied for table audit_auditevent"),
        ("SET session_replication_role = replica", "permission denied to set parameter"),
        (
            "CREATE TRIGGER quiet BEFORE INSERT ON ledger_entry"
            " FOR EACH ROW EXECUTE FUNCTION iok_append_only()",
            "permission denied for table ledger_entry",
        ),
        (
            "CREATE OR REPLACE FUNCTION iok_append_only() RETURNS trigger"
            " LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
            "permission denied for schema public",
        ),
        ("DROP TABLE ledger_entryline", "must be owner of table ledger_entryline"),
        ("UPDATE ledger_entry SET amount = 0", "ledger_entry is append-only"),
        ("DELETE FROM audit_auditevent", "audit_auditevent is append-only"),
        ("UPDATE ledger_ledger SET balance = balance + 1", "balance must be the sum"),
        ("ALTER TABLE ledger_ledger DISABLE TRIGGER ALL", "must be owner of table ledger_ledger"),
    ],
)
def test_the_application_role_cannot_get_round_the_append_only_triggers(
    migrated, town, statement, error
):
    import psycopg

    with (
        _connect(migrated.name, migrated.app) as conn,
        pytest.raises(psycopg.Error, match=error),
    ):
        conn.execute(statement)


def test_billing_a_payment_a_login_and_a_backup_work_as_the_application_role(
    migrated, town, tmp_path
):
    serving = migrated.serving
    assert "naliczono kartotek: 9" in town.stdout
    virtual = run(serving, "shell", "--no-imports", "-c", VIRTUAL_ACCOUNT).stdout.strip()
    statement = tmp_path / "wyciag.xml"
    statement.write_bytes(camt053(virtual))
    imported = run(serving, "import-statement", str(statement))
    assert "100,00" in imported.stdout, imported.stdout
    # The last line: the request's own log line goes to stdout too (iok/logs.py).
    logged_in = run(serving, "shell", "--no-imports", "-c", LOGIN).stdout.splitlines()[-1]
    assert logged_in.split() == ["302", "True"]
    assert run(serving, "check-ledger").returncode == 0
    backed_up = run(serving, "backup", str(tmp_path / "iok.backup"))
    assert "Backed up" in backed_up.stdout


def test_grant_app_role_refuses_a_superuser_and_the_owner_itself(migrated):
    for role, reason in [("postgres", "is a superuser"), (migrated.owner, "is the role running")]:
        refused = run(migrated.as_owner, "grant-app-role", role, check=False)
        assert refused.returncode != 0 and reason in refused.stderr, refused.stderr


def test_restoring_a_backup_needs_the_owner(migrated, town, tmp_path):
    archive = tmp_path / "iok.backup"
    run(migrated.serving, "backup", str(archive))
    refused = run(migrated.serving, "restore", "--force", str(archive), check=False)
    assert refused.returncode != 0
    assert f"connects as '{migrated.app}', which does not own" in refused.stderr
    assert f"DATABASE_URL of the owner (postgres://{migrated.owner}@" in refused.stderr
    run(migrated.as_owner, "restore", "--force", str(archive))
    # The restored tables keep the application's grants (pg_dump writes them).
    assert run(migrated.serving, "check-ledger").returncode == 0


def test_grant_app_role_takes_back_truncate_and_names_a_table_public_may_truncate(migrated):
    app, owner = migrated.app, migrated.owner
    with _connect(migrated.name, owner) as conn:
        conn.execute(f"GRANT TRUNCATE, TRIGGER ON ledger_entry TO {app}")
        run(migrated.as_owner, "grant-app-role", app)
        assert conn.execute(
            "SELECT has_table_privilege(%s, 'ledger_entry', 'TRUNCATE, TRIGGER')", [app]
        ).fetchone() == (False,)
        conn.execute("GRANT TRUNCATE ON audit_auditevent TO PUBLIC")
        try:
            refused = run(migrated.as_owner, "grant-app-role", app, check=False)
        finally:
            conn.execute("REVOKE TRUNCATE ON audit_auditevent FROM PUBLIC")
    assert refused.returncode != 0
    assert "still holds TRUNCATE, TRIGGER or REFERENCES on audit_auditevent" in refused.stderr
