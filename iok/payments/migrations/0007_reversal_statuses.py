"""Reversals (storno): new statuses and matches of a statement line, and the
triggers of 0006 taught that a reversal waiting for its payment (`rev_wait`)
may be decided by the office, as an unmatched line may.

Only the choices change, so on SQLite the table is not rebuilt (`iok
sqlmigrate payments 0007` shows no SQL for them) and the delete and insert
triggers of 0006 stay; the update trigger (SQLite) and the trigger's
function (PostgreSQL) are written again with the waiting statuses."""

import importlib

from django.db import migrations, models

kept = importlib.import_module("iok.payments.migrations.0006_statement_line_triggers")
TABLE, DECISION, MESSAGE = kept.TABLE, kept.DECISION, kept.MESSAGE
WAITING = ("unmatched", "rev_wait")


def _condition(apps, differs: str, waiting) -> str:
    line = apps.get_model("payments", "StatementLine")
    imported = [f.column for f in line._meta.concrete_fields if f.column not in DECISION]
    changed = " OR ".join(differs.format(column=f'"{column}"') for column in imported)
    decided = " OR ".join(differs.format(column=f'"{column}"') for column in DECISION)
    statuses = ", ".join(f"'{status}'" for status in waiting)
    return f'({changed}) OR (OLD."status" NOT IN ({statuses}) AND ({decided}))'


def _write(apps, schema_editor, waiting) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        condition = _condition(apps, "OLD.{column} IS DISTINCT FROM NEW.{column}", waiting)
        sql = kept.POSTGRES[0]  # CREATE OR REPLACE FUNCTION: the trigger stays
        schema_editor.execute(sql.format(table=TABLE, condition=condition, message=MESSAGE))
    elif vendor == "sqlite":
        condition = _condition(apps, "OLD.{column} IS NOT NEW.{column}", waiting)
        schema_editor.execute(f"DROP TRIGGER {TABLE}_no_update")
        sql = kept.SQLITE[0]
        schema_editor.execute(sql.format(table=TABLE, condition=condition, message=MESSAGE))
    else:
        raise NotImplementedError(f"No statement line triggers written for {vendor}.")


def waiting_reversals(apps, schema_editor):
    _write(apps, schema_editor, WAITING)


def unmatched_only(apps, schema_editor):
    _write(apps, schema_editor, ("unmatched",))


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0006_statement_line_triggers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="statementline",
            name="match",
            field=models.CharField(
                blank=True,
                choices=[
                    ("virtual_account", "credited virtual account"),
                    ("title_account", "virtual account number in the title"),
                    ("title_contract", "contract number in the title"),
                    ("payer_account", "payer's account seen before"),
                    ("manual", "assigned by staff"),
                    ("rev_reference", "the reversed payment's bank reference"),
                    ("rev_payer", "the reversed payment's amount and payer"),
                ],
                max_length=16,
                verbose_name="matched by",
            ),
        ),
        migrations.AlterField(
            model_name="statementline",
            name="status",
            field=models.CharField(
                choices=[
                    ("booked", "booked"),
                    ("unmatched", "waiting for a ledger"),
                    ("not_ours", "not ours"),
                    ("to_return", "to be returned"),
                    ("debit", "debit, fee or return: not a tenant's payment"),
                    ("rev_booked", "reversal booked on the reversed payment"),
                    ("rev_wait", "reversal waiting for its payment"),
                    ("rev_debit", "reversal of a debit (a fee given back): not a tenant's payment"),
                ],
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(waiting_reversals, unmatched_only),
    ]
