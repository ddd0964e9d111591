"""On SQLite, `INSERT OR REPLACE` / `REPLACE INTO` with the id of an event
deletes the old event and inserts the new one, past the append-only triggers
of 0002 (SQLite runs no DELETE trigger for REPLACE unless
`PRAGMA recursive_triggers` is on, which iok/settings.py does for the
application's connections). This trigger refuses an INSERT with an id already
taken, on any connection. PostgreSQL has no REPLACE; its
`INSERT ... ON CONFLICT DO UPDATE` runs the BEFORE UPDATE trigger of 0002."""

import importlib

from django.db import migrations

append_only = importlib.import_module("iok.audit.migrations.0002_append_only_triggers")
TABLE = append_only.TABLE

# The table name and the message are this project's constants, not input.
SQLITE_CREATE = f"""
CREATE TRIGGER {TABLE}_no_replace BEFORE INSERT ON {TABLE}
WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '{append_only.MESSAGE}'); END;
"""  # nosec B608


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_replace")


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_alter_auditevent_when")]
    operations = [migrations.RunPython(create, drop)]
