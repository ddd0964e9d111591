import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iok.ledger.models import Entry, Ledger
from iok.ledger.posting import Line, open_ledger, post_entry
from iok.ledger.virtual_account import virtual_account_for
from tests.conftest import component

NOV_1 = datetime.date(2026, 11, 1)


def test_a_new_ledger_gets_its_virtual_account(ledger):
    assert ledger.virtual_account == virtual_account_for(ledger.pk)
    assert Ledger.objects.get(pk=ledger.pk).virtual_account == ledger.virtual_account


def test_opening_a_ledger_twice_returns_the_same_one(contract, ledger):
    assert open_ledger(contract) == ledger
    assert Ledger.objects.count() == 1


def test_balance_is_the_sum_of_entries_with_charges_negative(ledger):
    post_entry(
        ledger,
        "charge",
        title="Opłaty",
        operation_date=NOV_1,
        lines=[
            Line(component("rent"), Decimal("-443.83")),
            Line(component("waste"), Decimal("-35.00")),
        ],
    )
    post_entry(ledger, "payment", title="Przelew", operation_date=NOV_1, amount=Decimal("500"))
    ledger.refresh_from_db()
    assert ledger.balance == Decimal("21.17")


def test_an_entry_with_lines_that_disagree_with_its_amount_books_nothing(ledger):
    with pytest.raises(ValidationError) as error:
        post_entry(
            ledger,
            "charge",
            title="x",
            operation_date=NOV_1,
            amount=Decimal("-10"),
            lines=[Line(component("rent"), Decimal("-9.99"))],
        )
    assert error.value.messages == [
        "Pozycje sumują się do -9,99\xa0zł, a nie do kwoty -10,00\xa0zł."
    ]
    assert not Entry.objects.exists()
    ledger.refresh_from_db()
    assert ledger.balance == 0


def test_an_entry_without_amount_or_lines_is_refused(ledger):
    with pytest.raises(ValidationError):
        post_entry(ledger, "payment", title="x", operation_date=NOV_1)


def test_period_defaults_to_the_month_of_the_operation(ledger):
    entry = post_entry(ledger, "payment", title="x", operation_date=NOV_1, amount=Decimal(1))
    assert entry.period == "2026-11"
