"""The ultimate debtor of a statement line (camt `UltmtDbtr`) and the rows
of a housing allowance list split (AllowanceSplit).

`ultimate_debtor` is nullable so that SQLite adds it with ALTER TABLE ADD
COLUMN: a NOT NULL column would rebuild the table and drop the triggers of
0006. Those triggers list the columns read from the file when they are
created, so they are created again here to keep the new column as imported
too (the decision columns stay as they were). The new choice of `match`
changes no SQL. Staff view, add and change the split rows, City Hall views
them (docs/roles.md)."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

from iok.access.grants import grant

triggers = importlib.import_module("iok.payments.migrations.0006_statement_line_triggers")
reversals = importlib.import_module("iok.payments.migrations.0007_reversal_statuses")
TABLE = triggers.TABLE


def _drop_if_there(schema_editor):
    # IF EXISTS: on SQLite a table rebuild (a later migration's, or undoing
    # this one) may have dropped them already.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_kept ON {TABLE}")
        schema_editor.execute("DROP FUNCTION IF EXISTS iok_statement_line_kept()")
    else:
        for action in ("update", "delete", "replace"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{action}")


def drop(apps, schema_editor):
    _drop_if_there(schema_editor)


def recreate(apps, schema_editor):
    """The 0006 triggers again, over the model's columns as they are now,
    with 0007's update rule (a waiting reversal may be decided too)."""
    _drop_if_there(schema_editor)
    triggers.create(apps, schema_editor)
    reversals.waiting_reversals(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0012_entry_counterpart"),
        ("payments", "0007_reversal_statuses"),
    ]

    operations = [
        # Undone last: the triggers as 0006 made them, once the column is gone.
        migrations.RunPython(migrations.RunPython.noop, recreate),
        migrations.AddField(
            model_name="statementline",
            name="ultimate_debtor",
            field=models.CharField(
                blank=True, max_length=200, null=True, verbose_name="ultimate debtor"
            ),
        ),
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
                    ("allowance_list", "split by a housing allowance list"),
                    ("rev_reference", "the reversed payment's bank reference"),
                    ("rev_payer", "the reversed payment's amount and payer"),
                ],
                max_length=16,
                verbose_name="matched by",
            ),
        ),
        migrations.CreateModel(
            name="AllowanceSplit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("row", models.PositiveIntegerField(verbose_name="row of the list")),
                (
                    "tenant_name",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="tenant named in the list"
                    ),
                ),
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="allowance_row",
                        to="ledger.entry",
                        verbose_name="entry",
                    ),
                ),
                (
                    "line",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="allowance_rows",
                        to="payments.statementline",
                        verbose_name="payment",
                    ),
                ),
            ],
            options={
                "verbose_name": "housing allowance list row",
                "verbose_name_plural": "housing allowance list rows",
                "ordering": ["line", "row"],
                "constraints": [
                    models.UniqueConstraint(fields=("line", "row"), name="allowance_split_one_row")
                ],
            },
        ),
        # Undone first: the triggers name the column, which SQLite will not
        # drop while they do.
        migrations.RunPython(recreate, drop),
        migrations.RunPython(
            grant(
                "staff",
                "payments",
                ["view_allowancesplit", "add_allowancesplit", "change_allowancesplit"],
            ),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            grant("city_hall", "payments", ["view_allowancesplit"]), migrations.RunPython.noop
        ),
    ]
