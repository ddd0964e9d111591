"""Payments are allocated to the charges they pay (art. 451 KC), on examples
computed by hand. Every charge below is 500.00 zł (rent 425.00 + waste
75.00) for a month of 2026, dated the 1st and due the 10th."""

import datetime
from decimal import Decimal

import pytest

from iok.ledger.allocation import allocate_ledger, names_document, periods_named, unpaid
from iok.ledger.corrections import reverse_entry
from iok.ledger.models import Allocation
from iok.ledger.posting import Line, post_entry
from iok.periods import Period
from tests.conftest import component

D = Decimal


def charge(ledger, month):
    return post_entry(
        ledger,
        "charge",
        title=f"Opłaty za {month:02d}/2026",
        operation_date=datetime.date(2026, month, 1),
        due_date=datetime.date(2026, month, 10),
        period=Period(2026, month),
        document=f"NAL/2026/{month:02d}/7",
        lines=[Line(component("rent"), D("-425.00")), Line(component("waste"), D("-75.00"))],
    )


def payment(ledger, day, amount, title="Wpłata"):
    return post_entry(ledger, "payment", title=title, operation_date=day, amount=D(amount))


def interest(ledger, day, amount):
    return post_entry(ledger, "interest", title="Odsetki", operation_date=day, amount=D(amount))


def allocated(ledger) -> dict:
    """{(payment title or date, charge period or kind): amount}."""
    allocate_ledger(ledger)
    return {
        (a.payment.operation_date.strftime("%d.%m"), a.charge.period, a.charge.kind): a.amount
        for a in Allocation.objects.filter(ledger=ledger).select_related("payment", "charge")
    }


def test_a_payment_pays_the_oldest_charge_due_first(ledger):
    charge(ledger, 1)
    charge(ledger, 2)
    payment(ledger, datetime.date(2026, 2, 15), "700.00")
    # 700.00: January 500.00 in full, then February 200.00.
    assert allocated(ledger) == {
        ("15.02", "2026-01", "charge"): D("500.00"),
        ("15.02", "2026-02", "charge"): D("200.00"),
    }


def test_a_period_named_in_the_title_is_paid_first(ledger):
    charge(ledger, 1)
    charge(ledger, 2)
    payment(ledger, datetime.date(2026, 2, 15), "700.00", title="Czynsz za 02/2026 lokal 4")
    # The tenant named February: 500.00 to it, the 200.00 left to January.
    assert allocated(ledger) == {
        ("15.02", "2026-02", "charge"): D("500.00"),
        ("15.02", "2026-01", "charge"): D("200.00"),
    }


def test_a_document_number_named_in_the_title_is_paid_first(ledger):
    charge(ledger, 1)
    charge(ledger, 2)
    payment(ledger, datetime.date(2026, 2, 15), "300.00", title="NAL/2026/02/7")
    assert allocated(ledger) == {("15.02", "2026-02", "charge"): D("300.00")}


def test_charges_already_due_come_before_charges_not_yet_due(ledger):
    charge(ledger, 1)
    charge(ledger, 2)  # due 10.02, not yet due on 05.02
    payment(ledger, datetime.date(2026, 2, 5), "600.00")
    assert allocated(ledger) == {
        ("05.02", "2026-01", "charge"): D("500.00"),
        ("05.02", "2026-02", "charge"): D("100.00"),
    }


def test_an_overpayment_is_used_by_the_next_charges_as_they_are_billed(ledger):
    payment(ledger, datetime.date(2025, 12, 20), "600.00")
    charge(ledger, 1)
    charge(ledger, 2)
    # 600.00 before any charge: January takes 500.00, February the 100.00 left.
    assert allocated(ledger) == {
        ("20.12", "2026-01", "charge"): D("500.00"),
        ("20.12", "2026-02", "charge"): D("100.00"),
    }
    left = unpaid(ledger)
    assert [(u.entry.period, u.amount) for u in left] == [("2026-02", D("400.00"))]


def test_interest_is_paid_before_principal_even_when_a_period_is_named(ledger):
    charge(ledger, 1)
    interest(ledger, datetime.date(2026, 2, 1), "-12.30")
    payment(ledger, datetime.date(2026, 2, 3), "100.00", title="zaległość 01/2026")
    # 100.00: interest 12.30 first, the 87.70 left to January.
    assert allocated(ledger) == {
        ("03.02", "2026-02", "interest"): D("12.30"),
        ("03.02", "2026-01", "charge"): D("87.70"),
    }


def test_a_correction_reduces_the_charge_it_corrects(ledger):
    january = charge(ledger, 1)
    payment(ledger, datetime.date(2026, 1, 8), "480.00")
    reverse_entry(
        january, reason="odpady", on=datetime.date(2026, 1, 20), components=[component("waste")]
    )
    charge(ledger, 2)
    # January is 500.00 - 75.00 = 425.00; the payment pays it and 55.00 of
    # credit goes to February, which still owes 445.00.
    assert allocated(ledger) == {
        ("08.01", "2026-01", "charge"): D("425.00"),
        ("08.01", "2026-02", "charge"): D("55.00"),
    }
    assert [(u.entry.period, u.amount) for u in unpaid(ledger)] == [("2026-02", D("445.00"))]


def test_a_charge_reversed_in_full_needs_no_payment(ledger):
    january = charge(ledger, 1)
    reverse_entry(january, reason="pomyłka", on=datetime.date(2026, 1, 5))
    payment(ledger, datetime.date(2026, 1, 8), "100.00")
    assert allocated(ledger) == {}
    assert unpaid(ledger) == []


def test_recomputing_gives_the_same_allocations_and_leaves_the_balance(ledger):
    charge(ledger, 1)
    payment(ledger, datetime.date(2026, 1, 8), "300.00")
    first = allocated(ledger)
    ledger.refresh_from_db()
    assert allocated(ledger) == first == {("08.01", "2026-01", "charge"): D("300.00")}
    balance = ledger.balance
    ledger.refresh_from_db()
    assert ledger.balance == balance == D("-200.00")


@pytest.mark.parametrize(
    "title, periods",
    [
        ("Czynsz 11/2026", {"2026-11"}),
        ("czynsz 1.2027 i 02-2027", {"2027-01", "2027-02"}),
        ("za 2026-11", {"2026-11"}),
        ("NAL/2026/11/7", set()),
        ("lokal 13/2026", set()),
        ("tel. 512 345 678", set()),
    ],
)
def test_the_periods_a_title_names(title, periods):
    assert periods_named(title) == periods


def test_a_document_is_named_whole_not_as_a_prefix():
    assert names_document("zapłata NAL/2026/11/7 lokal 4", "NAL/2026/11/7")
    assert not names_document("zapłata NAL/2026/11/71", "NAL/2026/11/7")
    assert not names_document("zapłata", "")
