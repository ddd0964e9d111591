"""Audit events are append-only below the ORM too, as the ledger's entries are
(iok/ledger/migrations/0002): a raw UPDATE or DELETE fails in the database on
SQLite and PostgreSQL alike. PostgreSQL's TRUNCATE is left to the table's
owner (it needs ownership, and Django's test runner empties tables with it)."""

from django.db import migrations

TABLE = "audit_auditevent"
MESSAGE = "audit_auditevent is append-only: audit events are never changed or deleted"

SQLITE_CREATE = """
CREATE TRIGGER {table}_no_{action} BEFORE {action} ON {table}
BEGIN SELECT RAISE(ABORT, '{message}'); END;
"""

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION iok_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = '{MESSAGE}';
END $$;
"""

POSTGRES_CREATE = f"""
CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION iok_audit_append_only();
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        schema_editor.execute(POSTGRES_CREATE)
    elif vendor == "sqlite":
        for action in ("UPDATE", "DELETE"):
            schema_editor.execute(
                SQLITE_CREATE.format(table=TABLE, action=action, message=MESSAGE)
            )
    else:
        raise NotImplementedError(f"No append-only triggers written for {vendor}.")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER {TABLE}_append_only ON {TABLE}")
        schema_editor.execute("DROP FUNCTION iok_audit_append_only()")
    else:
        for action in ("UPDATE", "DELETE"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{action}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
