"""Statement lines are the bank's record of a payment: below the ORM too, a
line is never deleted, what was read from the file never changes, and a
decided line keeps its decision.

The one change after the import is the office's decision on a line that
waits for a ledger (status `unmatched`, iok/payments/reconciliation.py): it
sets the status, the match, the ledger, the payment entry, who decided, when
and why. Any other UPDATE, a DELETE, and on SQLite an INSERT (or REPLACE)
with an id or key already taken fail in the database. PostgreSQL's
`INSERT ... ON CONFLICT DO UPDATE` runs the UPDATE trigger."""

from django.db import migrations

TABLE = "payments_statementline"
DECISION = ["status", "match", "ledger_id", "entry_id", "decided_by_id", "decided_at", "reason"]
MESSAGE = (
    "payments_statementline keeps statement lines as imported:"
    " only the decision on an unmatched line may change"
)


def _condition(apps, differs: str) -> str:
    line = apps.get_model("payments", "StatementLine")
    imported = [f.column for f in line._meta.concrete_fields if f.column not in DECISION]
    changed = " OR ".join(differs.format(column=f'"{column}"') for column in imported)
    decided = " OR ".join(differs.format(column=f'"{column}"') for column in DECISION)
    return f"({changed}) OR (OLD.\"status\" <> 'unmatched' AND ({decided}))"


SQLITE = [
    """CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} WHEN {condition}
    BEGIN SELECT RAISE(ABORT, '{message}'); END;""",
    """CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
    BEGIN SELECT RAISE(ABORT, '{message}'); END;""",
    """CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table}
    WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id OR key = NEW.key)
    BEGIN SELECT RAISE(ABORT, '{message}'); END;""",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION iok_statement_line_kept() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR {condition} THEN
            RAISE EXCEPTION USING MESSAGE = '{message}';
        END IF;
        RETURN NEW;
    END $$;""",
    """CREATE TRIGGER {table}_kept BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION iok_statement_line_kept();""",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = POSTGRES
        condition = _condition(apps, "OLD.{column} IS DISTINCT FROM NEW.{column}")
    elif vendor == "sqlite":
        statements = SQLITE
        condition = _condition(apps, "OLD.{column} IS NOT NEW.{column}")
    else:
        raise NotImplementedError(f"No statement line triggers written for {vendor}.")
    for sql in statements:
        schema_editor.execute(sql.format(table=TABLE, condition=condition, message=MESSAGE))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER {TABLE}_kept ON {TABLE}")
        schema_editor.execute("DROP FUNCTION iok_statement_line_kept()")
    else:
        for action in ("update", "delete", "replace"):
            schema_editor.execute(f"DROP TRIGGER {TABLE}_no_{action}")


class Migration(migrations.Migration):
    dependencies = [("payments", "0005_statement_history")]
    operations = [migrations.RunPython(create, drop)]
