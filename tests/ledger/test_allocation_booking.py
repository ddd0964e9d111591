"""Allocations follow the ledger without anyone asking: after an imported
payment, after a correction, after billing. The rates of tests/conftest give
a flat of 52.40 m² for 2 persons 52.40 × 8.47 + 2 × 41.30 + 35.00 = 561.43 zł
a month, due on the 10th."""

import datetime
from decimal import Decimal

from iok.ledger.allocation import allocate_ledger
from iok.ledger.billing import bill_month
from iok.ledger.corrections import reverse_entry
from iok.ledger.models import Allocation
from iok.ledger.posting import post_entry
from iok.payments.importing import import_statements
from iok.periods import Period
from tests.conftest import component
from tests.payments.test_import import line, statement

D = Decimal
NOVEMBER, DECEMBER = Period(2026, 11), Period(2026, 12)


def allocations(ledger):
    return sorted(
        (a.payment.kind, a.charge.period, a.amount)
        for a in Allocation.objects.filter(ledger=ledger).select_related("payment", "charge")
    )


def test_an_imported_payment_is_allocated_to_the_charge_it_pays(ledger, rates):
    bill_month(NOVEMBER)
    file = statement(line("300.00", 1, virtual_account=ledger.virtual_account, title="11/2026"))
    import_statements([file])
    assert allocations(ledger) == [("payment", "2026-11", D("300.00"))]


def test_billing_uses_an_overpayment_for_the_new_charge(ledger, rates):
    post_entry(
        ledger,
        "payment",
        title="Wpłata",
        operation_date=datetime.date(2026, 10, 20),
        amount=D("600.00"),
    )
    bill_month(NOVEMBER)
    # 600.00 of credit: 561.43 pays November, 38.57 is left for December.
    assert allocations(ledger) == [("payment", "2026-11", D("561.43"))]
    bill_month(DECEMBER)
    assert allocations(ledger) == [
        ("payment", "2026-11", D("561.43")),
        ("payment", "2026-12", D("38.57")),
    ]


def test_billing_late_in_the_month_allocates_the_payments_already_in(ledger, rates):
    post_entry(
        ledger,
        "payment",
        title="Wpłata",
        operation_date=datetime.date(2026, 11, 3),
        amount=D("100.00"),
    )
    bill_month(NOVEMBER)  # the charge is dated 01.11, before the payment
    assert allocations(ledger) == [("payment", "2026-11", D("100.00"))]


def test_a_correction_reallocates_what_the_charge_no_longer_needs(ledger, rates):
    bill_month(NOVEMBER)
    bill_month(DECEMBER)
    post_entry(
        ledger,
        "payment",
        title="Wpłata",
        operation_date=datetime.date(2026, 12, 15),
        amount=D("600.00"),
    )
    allocate_ledger(ledger)  # post_entry alone does not allocate; book() does
    # 600.00 pays November's 561.43 and 38.57 of December.
    assert allocations(ledger) == [
        ("payment", "2026-11", D("561.43")),
        ("payment", "2026-12", D("38.57")),
    ]
    november = ledger.entries.get(kind="charge", period="2026-11")
    reverse_entry(
        november, reason="odpady", on=datetime.date(2026, 12, 20), components=[component("waste")]
    )
    # November is 561.43 - 35.00 = 526.43, so December gets 73.57.
    assert allocations(ledger) == [
        ("payment", "2026-11", D("526.43")),
        ("payment", "2026-12", D("73.57")),
    ]
