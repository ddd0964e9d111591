"""Stored totals the database keeps itself, so that no page and no import
has to add up a ledger's whole history (issue 14):

- `ledger_monthtotal`: each ledger's entries of a month added up, by kind of
  column (charges, payments, corrections), as the kartoteka shows them;
- `ledger_openitem`: what of each entry is still open, its amount with its
  corrections plus what paid it and minus what it paid, a row only while it
  is not zero.

Triggers keep both: every new entry adds to its month and to its open item
(a correction to the item of the entry it corrects); every allocation
inserted or deleted moves the open items of its two sides. On PostgreSQL they
are statement triggers over the transition tables, one grouped upsert per
INSERT or COPY, so a month's billing pays a few statements, not one function
call a row. The balance guard of 0008 now compares a ledger's balance with
its month totals, a row a month, instead of adding up every entry it has.
`iok check-ledger` compares both tables with the entries and allocations."""

import django.db.models.deletion
import iok.ledger.money
from django.db import migrations, models

from iok.access.grants import grant

# Every SQL text here is this migration's own constants (nosec B608 below):
# no value from outside ever goes into it.

BALANCE = "ledger_ledger.balance must be the sum of the entries of the ledger: post an entry"
MONTH_SUMS = (
    "SUM(CASE WHEN kind <> 'correction' AND amount < 0 THEN amount ELSE 0 END),"
    " SUM(CASE WHEN kind <> 'correction' AND amount >= 0 THEN amount ELSE 0 END),"
    " SUM(CASE WHEN kind = 'correction' THEN amount ELSE 0 END)"
)
# Every move of an open item: an entry's amount onto itself (a correction's
# onto the entry it corrects), an allocation onto its charge and off its payment.
MOVES = (
    "SELECT COALESCE(corrects_id, id) AS entry_id, ledger_id, amount FROM {entries}"
    " UNION ALL SELECT charge_id, ledger_id, amount FROM {allocations}"
    " UNION ALL SELECT payment_id, ledger_id, -amount FROM {allocations}"
)
MONTH = {"sqlite": "substr(operation_date, 1, 7) || '-01'", "postgresql": "date_trunc('month', operation_date)::date"}
BACKFILL = [
    "INSERT INTO ledger_monthtotal (ledger_id, month, debits, credits, corrections)"  # nosec B608
    " SELECT ledger_id, {month}, " + MONTH_SUMS + " FROM ledger_entry GROUP BY 1, 2",
    "INSERT INTO ledger_openitem (entry_id, ledger_id, amount)"  # nosec B608
    " SELECT entry_id, ledger_id, SUM(amount) FROM ("
    + MOVES.format(entries="ledger_entry", allocations="ledger_allocation")
    + ") moves GROUP BY entry_id, ledger_id HAVING SUM(amount) <> 0",
]

UPSERT_MONTH = """INSERT INTO ledger_monthtotal (ledger_id, month, debits, credits, corrections)
    VALUES (NEW.ledger_id, substr(NEW.operation_date, 1, 7) || '-01',
        CASE WHEN NEW.kind <> 'correction' AND NEW.amount < 0 THEN NEW.amount ELSE 0 END,
        CASE WHEN NEW.kind <> 'correction' AND NEW.amount >= 0 THEN NEW.amount ELSE 0 END,
        CASE WHEN NEW.kind = 'correction' THEN NEW.amount ELSE 0 END)
    ON CONFLICT (ledger_id, month) DO UPDATE SET debits = debits + excluded.debits,
        credits = credits + excluded.credits, corrections = corrections + excluded.corrections;"""


def _sqlite_open(entry: str, ledger: str, amount: str) -> str:
    return f"""INSERT INTO ledger_openitem (entry_id, ledger_id, amount) VALUES ({entry}, {ledger}, {amount})
    ON CONFLICT (entry_id) DO UPDATE SET amount = amount + excluded.amount;
    DELETE FROM ledger_openitem WHERE entry_id = {entry} AND amount = 0;"""  # nosec B608


SQLITE_GUARD_SUM = (
    "(SELECT COALESCE(SUM(debits + credits + corrections), 0) FROM ledger_monthtotal"
    " WHERE ledger_id = NEW.id)"
)
SQLITE = [
    f"""CREATE TRIGGER ledger_entry_totals AFTER INSERT ON ledger_entry BEGIN
    {UPSERT_MONTH}
    {_sqlite_open("COALESCE(NEW.corrects_id, NEW.id)", "NEW.ledger_id", "NEW.amount")}
    END;""",
    f"""CREATE TRIGGER ledger_allocation_opens_insert AFTER INSERT ON ledger_allocation BEGIN
    {_sqlite_open("NEW.charge_id", "NEW.ledger_id", "NEW.amount")}
    {_sqlite_open("NEW.payment_id", "NEW.ledger_id", "-NEW.amount")}
    END;""",
    f"""CREATE TRIGGER ledger_allocation_opens_delete AFTER DELETE ON ledger_allocation BEGIN
    {_sqlite_open("OLD.charge_id", "OLD.ledger_id", "-OLD.amount")}
    {_sqlite_open("OLD.payment_id", "OLD.ledger_id", "OLD.amount")}
    END;""",
    f"""CREATE TRIGGER ledger_allocation_opens_update AFTER UPDATE ON ledger_allocation BEGIN
    {_sqlite_open("OLD.charge_id", "OLD.ledger_id", "-OLD.amount")}
    {_sqlite_open("OLD.payment_id", "OLD.ledger_id", "OLD.amount")}
    {_sqlite_open("NEW.charge_id", "NEW.ledger_id", "NEW.amount")}
    {_sqlite_open("NEW.payment_id", "NEW.ledger_id", "-NEW.amount")}
    END;""",
    "DROP TRIGGER ledger_ledger_balance_on_update",
    "DROP TRIGGER ledger_ledger_balance_on_insert",
    f"""CREATE TRIGGER ledger_ledger_balance_on_update BEFORE UPDATE OF balance, id
    ON ledger_ledger WHEN NEW.balance <> {SQLITE_GUARD_SUM}
    BEGIN SELECT RAISE(ABORT, '{BALANCE}'); END;""",
    f"""CREATE TRIGGER ledger_ledger_balance_on_insert BEFORE INSERT ON ledger_ledger
    WHEN NEW.balance <> {SQLITE_GUARD_SUM} OR EXISTS (SELECT 1 FROM ledger_ledger WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, '{BALANCE}'); END;""",  # nosec B608
]


def _postgres_open(moves: str) -> str:
    return f"""INSERT INTO ledger_openitem AS item (entry_id, ledger_id, amount)
        SELECT entry_id, MAX(ledger_id), SUM(amount) FROM ({moves}) moves GROUP BY entry_id
        ON CONFLICT (entry_id) DO UPDATE SET amount = item.amount + EXCLUDED.amount;
    DELETE FROM ledger_openitem WHERE amount = 0
        AND entry_id IN (SELECT entry_id FROM ({moves}) moves);"""  # nosec B608


NO_ROWS = "SELECT NULL::bigint AS id, NULL::bigint AS corrects_id, NULL::bigint AS ledger_id, NULL::bigint AS amount WHERE false"
NO_ALLOCATIONS = "SELECT NULL::bigint AS charge_id, NULL::bigint AS payment_id, NULL::bigint AS ledger_id, NULL::bigint AS amount WHERE false"
REMOVED = (
    "SELECT charge_id AS entry_id, ledger_id, -amount AS amount FROM old_allocations"
    " UNION ALL SELECT payment_id, ledger_id, amount FROM old_allocations"
)
POSTGRES = [
    f"""CREATE FUNCTION iok_entries_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
    INSERT INTO ledger_monthtotal AS total (ledger_id, month, debits, credits, corrections)
        SELECT ledger_id, date_trunc('month', operation_date)::date, {MONTH_SUMS}
        FROM new_entries GROUP BY 1, 2
        ON CONFLICT (ledger_id, month) DO UPDATE SET debits = total.debits + EXCLUDED.debits,
            credits = total.credits + EXCLUDED.credits,
            corrections = total.corrections + EXCLUDED.corrections;
    {_postgres_open(MOVES.format(entries="new_entries", allocations="(" + NO_ALLOCATIONS + ") none"))}
    RETURN NULL;
    END $$;""",  # nosec B608
    """CREATE TRIGGER ledger_entry_totals AFTER INSERT ON ledger_entry
    REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION iok_entries_added();""",
    f"""CREATE FUNCTION iok_allocations_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
    {_postgres_open(MOVES.format(entries="(" + NO_ROWS + ") none", allocations="new_allocations"))}
    RETURN NULL;
    END $$;""",
    """CREATE TRIGGER ledger_allocation_opens_insert AFTER INSERT ON ledger_allocation
    REFERENCING NEW TABLE AS new_allocations FOR EACH STATEMENT
    EXECUTE FUNCTION iok_allocations_added();""",
    f"""CREATE FUNCTION iok_allocations_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
    {_postgres_open(REMOVED)}
    RETURN NULL;
    END $$;""",
    """CREATE TRIGGER ledger_allocation_opens_delete AFTER DELETE ON ledger_allocation
    REFERENCING OLD TABLE AS old_allocations FOR EACH STATEMENT
    EXECUTE FUNCTION iok_allocations_removed();""",
    f"""CREATE FUNCTION iok_allocations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
    {_postgres_open(MOVES.format(entries="(" + NO_ROWS + ") none", allocations="new_allocations") + " UNION ALL " + REMOVED)}
    RETURN NULL;
    END $$;""",
    """CREATE TRIGGER ledger_allocation_opens_update AFTER UPDATE ON ledger_allocation
    REFERENCING OLD TABLE AS old_allocations NEW TABLE AS new_allocations FOR EACH STATEMENT
    EXECUTE FUNCTION iok_allocations_changed();""",
    f"""CREATE OR REPLACE FUNCTION iok_balance_is_entries() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.balance <> (SELECT COALESCE(SUM(debits + credits + corrections), 0)
                           FROM ledger_monthtotal WHERE ledger_id = NEW.id) THEN
            RAISE EXCEPTION USING MESSAGE = '{BALANCE}';
        END IF;
        RETURN NEW;
    END $$;""",  # nosec B608
]
OLD_GUARD_SUM = "(SELECT COALESCE(SUM(amount), 0) FROM ledger_entry WHERE ledger_id = NEW.id)"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in MONTH:
        raise NotImplementedError(f"No stored totals written for {vendor}.")
    for sql in BACKFILL:
        schema_editor.execute(sql.format(month=MONTH[vendor]))
    for sql in SQLITE if vendor == "sqlite" else POSTGRES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, trigger in [
            ("ledger_entry", "ledger_entry_totals"),
            ("ledger_allocation", "ledger_allocation_opens_insert"),
            ("ledger_allocation", "ledger_allocation_opens_delete"),
            ("ledger_allocation", "ledger_allocation_opens_update"),
        ]:
            schema_editor.execute(f"DROP TRIGGER {trigger} ON {table}")
        for function in ("entries_added", "allocations_added", "allocations_removed", "allocations_changed"):
            schema_editor.execute(f"DROP FUNCTION iok_{function}()")
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION iok_balance_is_entries() RETURNS trigger LANGUAGE plpgsql"
            f" AS $$ BEGIN IF NEW.balance <> {OLD_GUARD_SUM} THEN"
            f" RAISE EXCEPTION USING MESSAGE = '{BALANCE}'; END IF; RETURN NEW; END $$;"
        )
        return
    for trigger in (
        "ledger_entry_totals", "ledger_allocation_opens_insert", "ledger_allocation_opens_delete",
        "ledger_allocation_opens_update", "ledger_ledger_balance_on_update", "ledger_ledger_balance_on_insert",
    ):
        schema_editor.execute(f"DROP TRIGGER {trigger}")
    schema_editor.execute(
        "CREATE TRIGGER ledger_ledger_balance_on_update BEFORE UPDATE OF balance, id ON ledger_ledger"
        f" WHEN NEW.balance <> {OLD_GUARD_SUM} BEGIN SELECT RAISE(ABORT, '{BALANCE}'); END;"
    )
    schema_editor.execute(
        "CREATE TRIGGER ledger_ledger_balance_on_insert BEFORE INSERT ON ledger_ledger"  # nosec B608
        f" WHEN NEW.balance <> {OLD_GUARD_SUM} OR EXISTS (SELECT 1 FROM ledger_ledger WHERE id = NEW.id)"
        f" BEGIN SELECT RAISE(ABORT, '{BALANCE}'); END;"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0009_external_document'),
        ('access', '0002_groups'),
    ]

    operations = [
        migrations.CreateModel(
            name='OpenItem',
            fields=[
                ('entry', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='open_item', serialize=False, to='ledger.entry')),
                ('amount', iok.ledger.money.MoneyField(editable=False, verbose_name='open amount')),
                ('ledger', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='open_items', to='ledger.ledger')),
            ],
            options={
                'verbose_name': 'open item',
                'verbose_name_plural': 'open items',
            },
        ),
        migrations.CreateModel(
            name='MonthTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(editable=False, help_text='its first day', verbose_name='month')),
                ('debits', iok.ledger.money.MoneyField(default=0, editable=False, verbose_name='charges')),
                ('credits', iok.ledger.money.MoneyField(default=0, editable=False, verbose_name='payments')),
                ('corrections', iok.ledger.money.MoneyField(default=0, editable=False, verbose_name='corrections')),
                ('ledger', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='months', to='ledger.ledger')),
            ],
            options={
                'verbose_name': "month's totals",
                'verbose_name_plural': "months' totals",
                'constraints': [models.UniqueConstraint(fields=('ledger', 'month'), name='month_total_once')],
            },
        ),

        migrations.RunPython(create, drop),
        # Staff and City Hall read everything in the ledger (docs/roles.md).
        migrations.RunPython(
            grant("staff", "ledger", ["view_monthtotal", "view_openitem"]),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            grant("city_hall", "ledger", ["view_monthtotal", "view_openitem"]),
            migrations.RunPython.noop,
        ),
    ]
