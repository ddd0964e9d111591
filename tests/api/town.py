"""What the read endpoints find: the tenant's ledger of tests/conftest.py
with two months charged, a payment that paid the first and part of the
second, and a correction."""

import datetime
from decimal import Decimal

from iok.ledger.allocation import allocate_ledger
from iok.ledger.posting import Line, post_entry
from iok.periods import Period
from tests.conftest import component

OCT_1, NOV_1 = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)


def charge(ledger, day, amount="-300.00"):
    return post_entry(
        ledger,
        "charge",
        title=f"Opłaty za {day:%m/%Y}",
        operation_date=day,
        due_date=day.replace(day=10),
        period=Period.of(day),
        lines=[Line(component("rent"), Decimal(amount))],
    )


def pay(ledger, day, amount):
    payment = post_entry(
        ledger, "payment", title="Wpłata", operation_date=day, amount=Decimal(amount)
    )
    allocate_ledger(ledger)
    return payment


def booked(ledger):
    october, november = charge(ledger, OCT_1), charge(ledger, NOV_1)
    payment = pay(ledger, datetime.date(2026, 11, 5), "450.00")
    return october, november, payment
