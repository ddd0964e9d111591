"""An index for the search by a piece of the object's text, so that it reads
the matching events and not the whole log (`object_repr LIKE '%text%'` can
use no ordinary index).

PostgreSQL: pg_trgm's trigram GIN index on UPPER(object_repr), the very
expression Django's `icontains` compares, so the query is unchanged and
keeps its meaning (the index only finds candidates; PostgreSQL rechecks
each against the LIKE). pg_trgm is a trusted extension (PostgreSQL 13 and
later): the database's owner, who migrates, may create it without being a
superuser. The index is built CONCURRENTLY, so a long log keeps taking
events (every write records one) while it is built; hence the migration is
not atomic.

SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34 or later)
over the events' object_repr, external content (it stores the index only,
the text stays in audit_auditevent), kept by a trigger AFTER INSERT, which
runs in the INSERT's own statement: an event and its index entry are
written together or not at all. The log refuses UPDATE and DELETE (0002,
0006); the AFTER DELETE trigger only matters to the database owner who
archives old events with the append-only triggers dropped, and keeps the
index true to what is left. A later migration that rebuilds
audit_auditevent on SQLite must call `create_triggers` again, as it does
those of 0002 and 0006."""

import sqlite3

from django.db import migrations, transaction

# Every SQL text here is this migration's own constants (nosec B608 below).
TABLE = "audit_auditevent"
FTS = "audit_text"  # SQLite's FTS5 table, PostgreSQL's index: the same name

POSTGRES_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
POSTGRES_INDEX = (
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {FTS} ON {TABLE}"
    " USING gin (UPPER(object_repr) gin_trgm_ops)"
)

SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5("
    f"object_repr, content='{TABLE}', content_rowid='id', tokenize='trigram')"
)
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER {TABLE}_text AFTER INSERT ON {TABLE}
    BEGIN INSERT INTO {FTS}(rowid, object_repr) VALUES (new.id, new.object_repr); END""",  # nosec B608
    f"""CREATE TRIGGER {TABLE}_text_archived AFTER DELETE ON {TABLE}
    BEGIN INSERT INTO {FTS}({FTS}, rowid, object_repr)
    VALUES ('delete', old.id, old.object_repr); END""",  # nosec B608
]
SQLITE_REBUILD = f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')"  # nosec B608
TRIGRAM_SINCE = (3, 34, 0)


def create_triggers(schema_editor):
    for statement in SQLITE_TRIGGERS:
        schema_editor.execute(statement)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_EXTENSION)
        schema_editor.execute(POSTGRES_INDEX)
    elif vendor == "sqlite":
        if sqlite3.sqlite_version_info < TRIGRAM_SINCE:
            raise RuntimeError(
                f"The audit log's text index needs SQLite 3.34 or later (its trigram"
                f" tokenizer); this Python has SQLite {sqlite3.sqlite_version}."
            )
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(SQLITE_TABLE)
            create_triggers(schema_editor)
            schema_editor.execute(SQLITE_REBUILD)  # the events already logged
    else:
        raise NotImplementedError(f"No text index written for {vendor}.")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {FTS}")
    elif vendor == "sqlite":
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_text")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_text_archived")
            schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction
    dependencies = [("audit", "0007_bulk_index")]
    operations = [migrations.RunPython(create, drop)]
