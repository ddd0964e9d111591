"""Interest accrued on a ledger from its stored allocations, as of a day."""

import datetime
from decimal import Decimal

from iok.interest.accrual import accrued, breakdown, of_entry
from iok.interest.models import InterestRate
from iok.ledger.allocation import allocate_ledger
from iok.ledger.corrections import reverse_entry
from iok.ledger.kartoteka import entry_row
from iok.ledger.posting import post_entry
from iok.periods import Period

D = datetime.date
TODAY = D(2026, 11, 28)  # the suite's frozen clock


def charge(ledger, amount, due, period):
    return post_entry(
        ledger,
        "charge",
        title=f"Czynsz {period}",
        operation_date=period.first_day,
        due_date=due,
        period=period,
        amount=-Decimal(amount),
    )


def pay(ledger, amount, day):
    entry = post_entry(ledger, "payment", title="Wpłata", operation_date=day, amount=amount)
    allocate_ledger(ledger)
    return entry


def test_a_charge_paid_in_two_parts_accrues_from_its_allocations(ledger):
    # As tests/interest/test_calculation.py: 2,6027... + 3,1232... = 5,73 zł
    january = charge(ledger, "1000.00", D(2026, 1, 12), Period(2026, 1))
    pay(ledger, Decimal("400.00"), D(2026, 1, 22))
    pay(ledger, Decimal("600.00"), D(2026, 2, 11))
    assert accrued(ledger, TODAY).total == Decimal("5.73")
    row = entry_row(january)
    found = of_entry(january, row.corrected_by, row.paid_by, TODAY)
    assert [(p.days, p.base) for p in found.periods] == [
        (10, Decimal("1000.00")),
        (20, Decimal("600.00")),
    ]
    assert breakdown(ledger, TODAY) == {january.pk: found}


def test_what_is_still_unpaid_accrues_up_to_today(ledger):
    # 500,00 due Monday 02.11.2026, unpaid: 26 days at 9.25 % → 3,29 zł
    charge(ledger, "500.00", D(2026, 11, 2), Period(2026, 11))
    assert accrued(ledger, TODAY).total == Decimal("3.29")


def test_an_overpayment_before_the_due_date_leaves_nothing_to_accrue(ledger):
    pay(ledger, Decimal("800.00"), D(2026, 10, 20))
    charge(ledger, "500.00", D(2026, 11, 2), Period(2026, 11))
    allocate_ledger(ledger)
    assert accrued(ledger, TODAY).total == Decimal("0.00")


def test_a_reversed_charge_accrues_nothing(ledger):
    november = charge(ledger, "500.00", D(2026, 11, 2), Period(2026, 11))
    reverse_entry(november, reason="błąd", on=D(2026, 11, 20))
    assert accrued(ledger, TODAY).total == Decimal("0.00")


def test_interest_entries_bear_no_interest_of_their_own(ledger):
    post_entry(
        ledger,
        "interest",
        title="Nota odsetkowa",
        operation_date=D(2026, 1, 5),
        due_date=D(2026, 1, 12),
        amount=Decimal("-100.00"),
    )
    assert accrued(ledger, TODAY).total == Decimal("0.00")


def test_a_missing_rate_is_reported_naming_the_day(ledger):
    InterestRate.objects.filter(valid_from__lt=D(2026, 3, 5)).delete()
    charge(ledger, "500.00", D(2026, 1, 12), Period(2026, 1))
    found = accrued(ledger, TODAY)
    assert found.total == Decimal("0.00")
    assert "13.01.2026" in found.error
