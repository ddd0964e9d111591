"""A small history on the tenant's ledger, and the URLs of every portal page."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse

from iok.ledger.corrections import reverse_entry
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
        document=f"NAL/{day:%Y/%m}/{ledger.pk}",
        lines=[Line(component("rent"), Decimal(rent)), Line(component("waste"), Decimal(waste))],
    )


def payment(ledger, day, amount):
    return post_entry(
        ledger, "payment", title="Przelew", operation_date=day, amount=Decimal(amount)
    )


@dataclass
class History:
    ledger: Ledger
    march: Entry
    payment: Entry
    correction: Entry


@pytest.fixture
def history(people, contract):
    """The tenant's ledger: two charges, a payment of 1 234,56 zł and a
    correction; the stranger's ledger: one charge."""
    ledger = contract.ledger
    charge(ledger, datetime.date(2026, 2, 1))
    march = charge(ledger, datetime.date(2026, 3, 1))
    paid = payment(ledger, datetime.date(2026, 3, 15), "1234.56")
    correction = reverse_entry(
        march, reason="odpady", on=datetime.date(2026, 3, 20), components=[component("waste")]
    )
    charge(stranger_ledger(people), datetime.date(2026, 3, 1))
    ledger.refresh_from_db()
    return History(ledger=ledger, march=march, payment=paid, correction=correction)


def stranger_ledger(people) -> Ledger:
    return Ledger.objects.for_contractor(people.stranger.account.contractor).get()


# How to build each portal URL from the history: the tenant's ledger and entry.
LEDGER_PAGES = {
    "portal:panel": lambda h: [h.ledger.pk],
    "portal:kartoteka": lambda h: [h.ledger.pk],
    "portal:kartoteka_months": lambda h: [h.ledger.pk],
    "portal:kartoteka_years": lambda h: [h.ledger.pk],
    "portal:entry": lambda h: [h.ledger.pk, h.march.pk],
    "portal:contract": lambda h: [h.ledger.pk],
}
OWN_LEDGER_PAGES = {"portal:home": lambda h: []}
PUBLIC_PAGES = {"portal:accessibility": lambda h: []}
ALL_PAGES = {**LEDGER_PAGES, **OWN_LEDGER_PAGES, **PUBLIC_PAGES}


def url_of(name, history) -> str:
    return reverse(name, args=ALL_PAGES[name](history))
