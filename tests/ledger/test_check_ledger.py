import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from iok.ledger.allocation import allocate_ledger
from iok.ledger.billing import bill_month
from iok.ledger.models import Ledger
from iok.ledger.posting import post_entry
from iok.payments.importing import import_statements
from iok.payments.models import StatementLine
from iok.periods import Period
from tests.payments.test_import import line, statement


def drop_balance_guard(cursor):
    """Tampering as the tables' owner could: without the balance triggers."""
    if connection.vendor == "postgresql":
        cursor.execute("DROP TRIGGER ledger_ledger_balance_is_entries ON ledger_ledger")
    else:
        cursor.execute("DROP TRIGGER ledger_ledger_balance_on_update")


@pytest.fixture
def billed(contract, rates):
    bill_month(Period(2026, 11))
    post_entry(
        contract.ledger,
        "payment",
        title="Przelew",
        amount=Decimal("600.00"),
        operation_date=datetime.date(2026, 11, 8),
    )
    return contract.ledger


def test_check_ledger_passes_when_every_balance_agrees(billed, capsys):
    call_command("check-ledger")
    assert "Salda wszystkich kartotek się zgadzają" in capsys.readouterr().out


def test_check_ledger_finds_a_tampered_balance_and_names_the_ledger(billed, capsys):
    with connection.cursor() as cursor:
        drop_balance_guard(cursor)  # rolled back with the test
        cursor.execute("UPDATE ledger_ledger SET balance = balance + 1 WHERE id = %s", [billed.pk])
    with pytest.raises(CommandError) as error:
        call_command("check-ledger")
    assert error.value.returncode == 1
    err = capsys.readouterr().err
    assert f"kartoteka {billed.pk} (M/2020/0001)" in err
    assert "38,58" in err and "38,57" in err  # stored 38.58 zł, entries 600.00 − 561.43


def test_check_ledger_finds_an_entry_whose_lines_do_not_add_up(billed, capsys):
    entry = billed.entries.get(kind="charge")
    with connection.cursor() as cursor:  # only possible below the triggers' guard
        cursor.execute(
            "INSERT INTO ledger_entryline (entry_id, component_id, amount, vat)"
            " SELECT %s, id, -100, 0 FROM ledger_component WHERE code = 'heating'",
            [entry.pk],
        )
    with pytest.raises(CommandError):
        call_command("check-ledger")
    assert f"operacja {entry.pk} w kartotece {billed.pk}" in capsys.readouterr().err


def drop_statement_line_guard(cursor):
    if connection.vendor == "postgresql":
        cursor.execute("DROP TRIGGER payments_statementline_kept ON payments_statementline")
    else:
        cursor.execute("DROP TRIGGER payments_statementline_no_update")


def test_check_ledger_passes_with_allocations_and_imported_payments(billed, capsys):
    import_statements(
        [statement(line("100.00", 1, virtual_account=billed.virtual_account, title="czynsz"))]
    )
    allocate_ledger(billed)
    assert billed.allocations.exists()
    call_command("check-ledger")
    assert "Salda wszystkich kartotek się zgadzają" in capsys.readouterr().out


def test_check_ledger_finds_an_allocation_larger_than_its_payment(billed, capsys):
    allocate_ledger(billed)
    allocation = billed.allocations.get()
    with connection.cursor() as cursor:  # allocations are recomputed data: no triggers
        cursor.execute(
            "UPDATE ledger_allocation SET amount = amount + 10000000 WHERE id = %s",
            [allocation.pk],
        )
    with pytest.raises(CommandError):
        call_command("check-ledger")
    err = capsys.readouterr().err
    assert f"przydział {allocation.pk} (wpłata {allocation.payment_id}" in err
    assert "więcej niż jej 600,00" in err


def test_check_ledger_finds_an_allocation_in_another_ledger_or_the_wrong_way(
    billed, people, capsys
):
    allocate_ledger(billed)
    allocation = billed.allocations.get()
    other = Ledger.objects.exclude(pk=billed.pk).first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_allocation SET ledger_id = %s, payment_id = %s, charge_id = %s"
            " WHERE id = %s",
            [other.pk, allocation.charge_id, allocation.payment_id, allocation.pk],
        )
    with pytest.raises(CommandError):
        call_command("check-ledger")
    err = capsys.readouterr().err
    assert f"przydział {allocation.pk}" in err
    assert "nie są obie w jego kartotece" in err
    assert "jego wpłata nie podnosi salda" in err and "jego należność nie obniża salda" in err


def test_check_ledger_finds_a_tampered_statement_line(billed, capsys):
    import_statements(
        [statement(line("100.00", 1, virtual_account=billed.virtual_account, title="czynsz"))]
    )
    booked = StatementLine.objects.get()
    with connection.cursor() as cursor:
        drop_statement_line_guard(cursor)  # rolled back with the test
        cursor.execute(
            "UPDATE payments_statementline SET amount = 1000000 WHERE id = %s", [booked.pk]
        )
    with pytest.raises(CommandError):
        call_command("check-ledger")
    err = capsys.readouterr().err
    assert f"pozycja wyciągu {booked.pk} (wyciąg {booked.statement_id}, pozycja 1)" in err
    assert f"operacja {booked.entry_id}" in err and "10\xa0000,00" in err


def test_check_ledger_finds_a_line_unlinked_from_its_payment(billed, capsys):
    import_statements(
        [statement(line("100.00", 1, virtual_account=billed.virtual_account, title="czynsz"))]
    )
    booked = StatementLine.objects.get()
    with connection.cursor() as cursor:
        drop_statement_line_guard(cursor)
        cursor.execute(
            "UPDATE payments_statementline SET status = 'unmatched', entry_id = NULL WHERE id = %s",
            [booked.pk],
        )
    with pytest.raises(CommandError):
        call_command("check-ledger")
    err = capsys.readouterr().err
    assert f"operacja {booked.entry_id} w kartotece {billed.pk}" in err
    assert "bez pozycji wyciągu" in err
