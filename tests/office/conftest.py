"""A small history for the office's pages: the tenant's ledger with two
charges (rent and waste), a payment (which paid October), and the stranger's
ledger with a debt; on 28.11.2026 both Novembers are overdue."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from iok.ledger.allocation import allocate_ledgers
from iok.ledger.models import Entry, Ledger
from iok.ledger.posting import Line, post_entry
from iok.periods import Period
from tests.conftest import component


def charge(ledger, day, rent="-443.83", waste="-35.00"):
    return post_entry(
        ledger,
        "charge",
        title=f"Opłaty za {day:%m/%Y}",
        operation_date=day,
        due_date=day.replace(day=10),
        period=Period.of(day),
        lines=[Line(component("rent"), Decimal(rent)), Line(component("waste"), Decimal(waste))],
        booking_date=day,
    )


@dataclass
class Books:
    ledger: Ledger
    october: Entry
    november: Entry
    payment: Entry
    strangers: Ledger


@pytest.fixture
def books(people, contract):
    ledger = contract.ledger
    october = charge(ledger, datetime.date(2026, 10, 1))
    november = charge(ledger, datetime.date(2026, 11, 1))
    paid = post_entry(
        ledger,
        "payment",
        title="Przelew",
        operation_date=datetime.date(2026, 11, 5),
        booking_date=datetime.date(2026, 11, 5),
        amount=Decimal("478.83"),
    )
    strangers = Ledger.objects.get(contract__number="M/2021/0009")
    charge(strangers, datetime.date(2026, 11, 1), rent="-600.00", waste="-35.00")
    allocate_ledgers([ledger.pk, strangers.pk])  # as the import of the payment would
    ledger.refresh_from_db()
    strangers.refresh_from_db()
    return Books(ledger, october, november, paid, strangers)
