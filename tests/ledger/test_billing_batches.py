"""Billing computes and books BATCH contracts at a time: the memory of a run
does not grow with the town, and the month is still one transaction."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError

from iok.ledger import billing, bulk
from iok.ledger.allocation import allocate_ledgers
from iok.ledger.billing import bill_month, preview_month
from iok.ledger.models import Allocation, Entry, Ledger
from iok.ledger.posting import post_entry
from iok.periods import Period
from iok.registry.models import Premises
from iok.registry.properties import set_property
from tests.conftest import make_contract, person

NOVEMBER = Period(2026, 11)


@pytest.fixture
def town(building, rates):
    neighbour = person("Ewa", "Zielińska", "90010112349")
    for n in range(7):
        flat = Premises.objects.create(building=building, kind="residential", number=str(n))
        area = Decimal("40.00") + n
        set_property("usable_area", flat, area, datetime.date(2026, 1, 1))
        make_contract(f"M/{n}", flat, datetime.date(2025, 1, 1), neighbour, persons=1 + n % 3)


def charges():
    return sorted(
        Entry.objects.filter(kind="charge", period=str(NOVEMBER)).values_list("ledger_id", "amount")
    )


def test_billing_in_small_batches_books_what_one_batch_books(town, monkeypatch):
    preview = preview_month(NOVEMBER)
    monkeypatch.setattr(billing, "BATCH", 3)
    result = bill_month(NOVEMBER)
    assert result.charged == 7 == preview.ledgers
    assert result.total == preview.total == sum(amount for _, amount in charges())
    assert all(
        ledger.balance == amount
        for ledger, (_, amount) in zip(Ledger.objects.order_by("pk"), charges(), strict=True)
    )


def allocations():
    return sorted(Allocation.objects.values_list("ledger_id", "payment_id", "charge_id", "amount"))


def test_billing_in_small_batches_allocates_each_batch_as_from_scratch(town, monkeypatch):
    # Credit before the month on some ledgers, a payment inside it on others,
    # spread over the batches of 3: each batch allocates its own ledgers.
    ledgers = list(Ledger.objects.order_by("pk"))
    for n, ledger in enumerate(ledgers):
        if n % 2 == 0:
            day, amount = datetime.date(2026, 10, 20), Decimal("900.00")
        else:
            day, amount = datetime.date(2026, 11, 3), Decimal("100.00") + n
        post_entry(ledger, "payment", title="Wpłata", operation_date=day, amount=amount)
    monkeypatch.setattr(billing, "BATCH", 3)
    assert bill_month(NOVEMBER).charged == 7
    in_batches = allocations()
    assert {ledger_id for ledger_id, *_ in in_batches} == {ledger.pk for ledger in ledgers}
    allocate_ledgers([ledger.pk for ledger in ledgers])  # the rule over the whole history
    assert allocations() == in_batches


def test_a_preview_in_small_batches_is_the_preview_in_one(town, monkeypatch):
    whole = preview_month(NOVEMBER)
    monkeypatch.setattr(billing, "BATCH", 2)
    assert preview_month(NOVEMBER) == whole


def test_a_second_run_in_batches_finds_every_charge_already_booked(town, monkeypatch):
    monkeypatch.setattr(billing, "BATCH", 3)
    bill_month(NOVEMBER)
    again = bill_month(NOVEMBER)
    assert (again.charged, again.already_charged) == (0, 7)
    assert len(charges()) == 7


def test_a_failing_batch_books_nothing_of_the_batches_before_it(town, monkeypatch):
    monkeypatch.setattr(billing, "BATCH", 3)
    real, calls = bulk.post_entries, []

    def fails_third(entries, **kwargs):
        calls.append(len(entries))
        if len(calls) == 3:
            raise DatabaseError("the disk is full")
        return real(entries, **kwargs)

    monkeypatch.setattr(billing, "post_entries", fails_third)
    with pytest.raises(DatabaseError):
        bill_month(NOVEMBER)
    assert calls == [3, 3, 1]
    assert not Entry.objects.exists()
    assert set(Ledger.objects.values_list("balance", flat=True)) == {Decimal("0.00")}
