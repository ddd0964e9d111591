"""SQLite plans queries from the statistics ANALYZE leaves in sqlite_stat1:
`iok migrate` gathers them, billing and a statement's import refresh them
after their large writes (PostgreSQL's autovacuum keeps its own)."""

import pytest
from django.core.management import call_command
from django.db import connection

from iok.ledger.billing import bill_month
from iok.payments.importing import import_statements
from iok.periods import Period

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's autovacuum analyses its tables itself"
)


def analysed_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone():
            return set()
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {table for (table,) in cursor.fetchall()}


def forget_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")


def test_migrate_gathers_the_statistics_of_every_table_with_rows(contract, rates):
    forget_statistics()
    call_command("migrate", verbosity=0)
    assert {"registry_contract", "ledger_rate", "ledger_ledger"} <= analysed_tables()


def test_billing_refreshes_the_statistics_of_the_entries_it_wrote(contract, rates):
    forget_statistics()
    bill_month(Period(2026, 11))
    assert {"ledger_entry", "ledger_entryline"} <= analysed_tables()


def test_an_import_refreshes_the_statistics_of_the_lines_and_payments_it_wrote(ledger):
    from tests.payments.test_import import line, statement

    forget_statistics()
    import_statements([statement(line("561.43", 1, virtual_account=ledger.virtual_account))])
    assert {"payments_statementline", "ledger_entry"} <= analysed_tables()


def test_a_dry_run_of_an_import_writes_no_statistics(ledger):
    from tests.payments.test_import import line, statement

    forget_statistics()
    import_statements(
        [statement(line("561.43", 1, virtual_account=ledger.virtual_account))], dry_run=True
    )
    assert analysed_tables() == set()
