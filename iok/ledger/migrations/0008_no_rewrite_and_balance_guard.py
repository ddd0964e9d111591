"""Close the ways around the append-only triggers of 0002 and 0006, and tie
the stored balance to the entries, below the ORM on both databases.

- SQLite's `INSERT OR REPLACE` / `REPLACE INTO` deletes the row it collides
  with and inserts the new one; it runs no DELETE trigger unless
  `PRAGMA recursive_triggers` is on (iok/settings.py turns it on for every
  connection of the application). So that a connection without the pragma
  (the sqlite3 shell, a script) cannot rewrite a row either, a BEFORE INSERT
  trigger refuses a row whose id, or other unique key, is already taken.
  PostgreSQL has no REPLACE; its `INSERT ... ON CONFLICT DO UPDATE` runs the
  BEFORE UPDATE triggers, which refuse it already.
- `ledger_ledger.balance` may take a value only if it is the sum of the
  ledger's entries at that moment: every writer inserts the entries first
  and then moves the balance, in one transaction under the ledger's row lock
  (iok/ledger/posting.py, bulk.py), so the check holds at each UPDATE. A raw
  UPDATE of the balance alone, or an INSERT (or REPLACE) of a ledger with a
  balance its entries do not make, fails in the database."""

from django.db import migrations

APPEND_ONLY = "{table} is append-only: book a correction instead"
BALANCE = "ledger_ledger.balance must be the sum of the entries of the ledger: post an entry"

# table -> the SQL condition, on NEW, of a row colliding with one already there.
COLLIDES = {
    "ledger_entry": (
        "EXISTS (SELECT 1 FROM ledger_entry WHERE id = NEW.id)"
        " OR (NEW.kind = 'charge' AND EXISTS (SELECT 1 FROM ledger_entry"
        " WHERE kind = 'charge' AND ledger_id = NEW.ledger_id AND period = NEW.period))"
    ),
    "ledger_entryline": (
        "EXISTS (SELECT 1 FROM ledger_entryline WHERE id = NEW.id"
        " OR (entry_id = NEW.entry_id AND component_id = NEW.component_id))"
    ),
    "ledger_correctionreason": (
        "EXISTS (SELECT 1 FROM ledger_correctionreason"
        " WHERE id = NEW.id OR correction_id = NEW.correction_id)"
    ),
}

SQLITE_NO_REPLACE = """
CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} WHEN {condition}
BEGIN SELECT RAISE(ABORT, '{message}'); END;
"""

SUM = "(SELECT COALESCE(SUM(amount), 0) FROM ledger_entry WHERE ledger_id = NEW.id)"

SQLITE_BALANCE = [
    f"""CREATE TRIGGER ledger_ledger_balance_on_update BEFORE UPDATE OF balance, id
    ON ledger_ledger WHEN NEW.balance <> {SUM}
    BEGIN SELECT RAISE(ABORT, '{BALANCE}'); END;""",
    # SUM and BALANCE are this migration's constants, not input.
    f"""CREATE TRIGGER ledger_ledger_balance_on_insert BEFORE INSERT ON ledger_ledger
    WHEN NEW.balance <> {SUM} OR EXISTS (SELECT 1 FROM ledger_ledger WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, '{BALANCE}'); END;""",  # nosec B608
]

POSTGRES_BALANCE = [
    f"""CREATE OR REPLACE FUNCTION iok_balance_is_entries() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.balance <> {SUM} THEN
            RAISE EXCEPTION USING MESSAGE = '{BALANCE}';
        END IF;
        RETURN NEW;
    END $$;""",
    """CREATE TRIGGER ledger_ledger_balance_is_entries
    BEFORE INSERT OR UPDATE OF balance, id ON ledger_ledger
    FOR EACH ROW EXECUTE FUNCTION iok_balance_is_entries();""",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in POSTGRES_BALANCE:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        for table, condition in COLLIDES.items():
            message = APPEND_ONLY.format(table=table)
            schema_editor.execute(
                SQLITE_NO_REPLACE.format(table=table, condition=condition, message=message)
            )
        for sql in SQLITE_BALANCE:
            schema_editor.execute(sql)
    else:
        raise NotImplementedError(f"No append-only triggers written for {vendor}.")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER ledger_ledger_balance_is_entries ON ledger_ledger")
        schema_editor.execute("DROP FUNCTION iok_balance_is_entries()")
    else:
        for table in COLLIDES:
            schema_editor.execute(f"DROP TRIGGER {table}_no_replace")
        for name in ("update", "insert"):
            schema_editor.execute(f"DROP TRIGGER ledger_ledger_balance_on_{name}")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0007_billing_permission")]
    operations = [migrations.RunPython(create, drop)]
