"""Posted entries and their lines are append-only below the ORM too.

A raw UPDATE or DELETE, from a script or a console, fails in the database.
PostgreSQL's TRUNCATE is left open: it needs table ownership, and Django's
test runner empties tables with it between tests."""

from django.db import migrations

TABLES = ["ledger_entry", "ledger_entryline"]

SQLITE_CREATE = """
CREATE TRIGGER {table}_no_{action} BEFORE {action} ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only: book a correction instead'); END;
"""

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION iok_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: book a correction instead';
END $$;
"""

POSTGRES_CREATE = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION iok_append_only();
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            schema_editor.execute(POSTGRES_CREATE.format(table=table))
    elif vendor == "sqlite":
        for table in TABLES:
            for action in ("UPDATE", "DELETE"):
                schema_editor.execute(SQLITE_CREATE.format(table=table, action=action))
    else:
        raise NotImplementedError(f"No append-only triggers written for {vendor}.")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        else:
            for action in ("UPDATE", "DELETE"):
                schema_editor.execute(f"DROP TRIGGER {table}_no_{action}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION iok_append_only()")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
