"""Where a ledger stands on a day: overdue (zaległość), due next, credit.

The example of test_kartoteka.py, allocated (art. 451 KC): the payment of
08.01 pays the arrears brought forward 120.50 and January, corrected to
437.34, leaving 42.16 of credit, which the February charge takes on 01.02:
February owes 470.18; the payment of 12.02 pays 300.00 of it: 170.18 unpaid,
due 10.02."""

import datetime
import itertools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.ledger.allocation import allocate_ledger
from iok.ledger.billing import bill_month
from iok.ledger.models import Ledger
from iok.ledger.posting import post_entry
from iok.ledger.standing import Due, overdue_by_ledger, standing
from iok.periods import Period
from iok.registry.models import Premises
from tests.conftest import make_contract
from tests.ledger.test_allocation_properties import START, book, step
from tests.ledger.test_kartoteka import charge, example, opening, payment  # noqa: F401

D = Decimal
_numbers = itertools.count(1)


def test_a_ledger_without_entries_owes_nothing_and_has_no_credit(ledger):
    found = standing(ledger, datetime.date(2026, 2, 5))
    assert (found.overdue, found.due_next, found.credit) == (D("0.00"), (), D("0.00"))
    assert not found.is_overdue


def test_five_days_after_billing_a_charge_due_on_the_10th_is_not_arrears(contract, rates):
    bill_month(Period(2026, 12))  # due 10.12.2026
    found = standing(contract.ledger, datetime.date(2026, 12, 5))
    assert found.overdue == D("0.00") and not found.is_overdue
    assert [(due.amount, due.due_date) for due in found.due_next] == [
        (D("561.43"), datetime.date(2026, 12, 10))
    ]


def test_on_its_due_date_a_charge_is_still_due_and_the_day_after_it_is_overdue(contract, rates):
    bill_month(Period(2026, 12))
    on_the_day = standing(contract.ledger, datetime.date(2026, 12, 10))
    assert on_the_day.overdue == D("0.00") and on_the_day.due_next_total == D("561.43")
    after = standing(contract.ledger, datetime.date(2026, 12, 11))
    assert after.overdue == D("561.43") and after.due_next == ()
    assert after.is_overdue


def test_two_charges_with_different_due_dates_are_listed_each_with_its_own(ledger):
    for title, due, amount in [("Czynsz", 10, "-400.00"), ("Media", 25, "-120.00")]:
        post_entry(
            ledger,
            "charge" if title == "Czynsz" else "settlement",
            title=title,
            operation_date=datetime.date(2026, 12, 1),
            due_date=datetime.date(2026, 12, due),
            period=Period(2026, 12),
            amount=D(amount),
        )
    allocate_ledger(ledger)
    found = standing(ledger, datetime.date(2026, 12, 5))
    assert [(d.amount, d.due_date, d.title) for d in found.due_next] == [
        (D("400.00"), datetime.date(2026, 12, 10), "Czynsz"),
        (D("120.00"), datetime.date(2026, 12, 25), "Media"),
    ]
    assert found.overdue == D("0.00") and found.due_next_total == D("520.00")


def test_an_overpayment_is_credit_and_nothing_is_owed(ledger):
    charge(ledger, 1)
    payment(ledger, datetime.date(2026, 1, 8), "600.00")
    allocate_ledger(ledger)
    found = standing(ledger, datetime.date(2026, 1, 20))
    assert (found.overdue, found.due_next, found.credit) == (D("0.00"), (), D("87.66"))


def test_a_charge_not_yet_due_comes_next_with_its_own_date(example):  # noqa: F811
    allocate_ledger(example)
    found = standing(example, datetime.date(2026, 2, 5))
    assert found.overdue == D("0.00") and found.credit == D("0.00")
    assert found.due_next == (
        Due(
            D("170.18"), datetime.date(2026, 2, 10), "Opłaty za 02/2026", found.due_next[0].entry_id
        ),
    )


def test_what_paid_a_charge_is_not_overdue_only_what_is_left_of_it(example):  # noqa: F811
    allocate_ledger(example)
    found = standing(example, datetime.date(2026, 2, 11))
    assert (found.overdue, found.due_next, found.credit) == (D("170.18"), (), D("0.00"))


def test_arrears_brought_forward_are_overdue_and_the_month_comes_next(ledger):
    opening(ledger)
    charge(ledger, 1)
    found = standing(ledger, datetime.date(2026, 1, 5))
    assert found.overdue == D("120.50")
    assert [(d.amount, d.due_date) for d in found.due_next] == [
        (D("512.34"), datetime.date(2026, 1, 10))
    ]


def test_the_office_sum_of_overdue_agrees_with_the_ledgers_standing(example):  # noqa: F811
    allocate_ledger(example)
    for day in [datetime.date(2026, 1, 5), datetime.date(2026, 2, 5), datetime.date(2026, 2, 11)]:
        found = overdue_by_ledger(Ledger.objects.filter(pk=example.pk), day).get()
        assert found.overdue == standing(example, day).overdue


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, max_size=12), day=st.integers(min_value=0, max_value=160))
def test_overdue_plus_due_next_minus_credit_is_minus_the_balance(building, tenant, steps, day):
    premises = Premises.objects.create(
        building=building, kind="garage", number=f"S{next(_numbers)}"
    )
    ledger = make_contract(f"S/{premises.number}", premises, START, tenant).ledger
    book(ledger, steps)
    ledger.refresh_from_db()
    on = START + datetime.timedelta(days=day)
    found = standing(ledger, on)
    # Balance negative: the tenant owes; positive: credit (the ledger's sign convention).
    assert found.overdue + found.due_next_total - found.credit == -ledger.balance
    assert found.balance == ledger.balance
    assert not (found.owed and found.credit), "debts and credit side by side"
    assert all(due.due_date >= on for due in found.due_next)
    assert [d.due_date for d in found.due_next] == sorted(d.due_date for d in found.due_next)
    assert overdue_by_ledger(Ledger.objects.filter(pk=ledger.pk), on).get().overdue == found.overdue
