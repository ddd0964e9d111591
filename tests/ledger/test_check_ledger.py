import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from iok.ledger.billing import bill_month
from iok.ledger.posting import post_entry
from iok.periods import Period


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
