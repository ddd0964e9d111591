"""Invariants of the calculation over random debts and payments (Hypothesis,
derandomized so every run tries the same cases): interest is never negative,
never accrues on a part already paid, and paying earlier never costs more."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from iok.interest.calculation import DAY, Paid, RateTable, interest, working_day
from iok.ledger.money import ZERO

START = datetime.date(2024, 1, 1)
RATES = RateTable.of(
    [
        (datetime.date(2016, 1, 1), Decimal("7.00")),
        (datetime.date(2024, 3, 5), Decimal("11.25")),
        (datetime.date(2024, 7, 1), Decimal("0.00")),  # a zero rate is a rate too
        (datetime.date(2024, 9, 9), Decimal("9.75")),
    ]
)
amounts = st.integers(min_value=1, max_value=10_000_000).map(lambda g: Decimal(g).scaleb(-2))
offsets = st.integers(min_value=0, max_value=400)


def on(offset):
    return START + datetime.timedelta(days=offset)


@st.composite
def debts(draw):
    amount = draw(amounts)
    parts = draw(st.lists(st.tuples(offsets, st.integers(1, 100)), max_size=5))
    weights = sum(w for _, w in parts) or 1
    paid, left = [], amount
    for offset, weight in parts:
        part = min(left, (amount * weight / weights).quantize(Decimal("0.01")))
        if part > 0:
            paid.append(Paid(on(offset), part))
            left -= part
    return amount, on(draw(offsets)), paid, on(draw(offsets))


@settings(derandomize=True, max_examples=300, deadline=None)
@given(debts())
def test_interest_is_never_negative_nor_on_a_paid_part(debt):
    amount, due, paid, asked = debt
    found = interest(amount, due, paid, asked, RATES)
    assert found.total >= ZERO
    for period in found.periods:
        assert period.exact >= 0
        assert period.start > working_day(due) and period.end <= asked
        # the base is exactly what no payment dated before the period paid
        assert period.base == amount - sum((p.amount for p in paid if p.on < period.start), ZERO)
        assert period.base > 0
    days = [d for p in found.periods for d in range(p.days)]
    assert len(days) <= max((asked - working_day(due)).days, 0)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(debts(), st.integers(min_value=1, max_value=60))
def test_paying_a_part_earlier_never_costs_more(debt, earlier):
    amount, due, paid, asked = debt
    if not paid:
        return
    moved = [Paid(paid[0].on - earlier * DAY, paid[0].amount), *paid[1:]]
    before = interest(amount, due, paid, asked, RATES).total
    assert interest(amount, due, moved, asked, RATES).total <= before


@settings(derandomize=True, max_examples=200, deadline=None)
@given(amounts, offsets, offsets)
def test_a_debt_paid_in_full_by_its_due_date_bears_none(amount, due_offset, asked_offset):
    due = on(due_offset)
    found = interest(amount, due, [Paid(due, amount)], on(asked_offset), RATES)
    assert found.total == ZERO and found.periods == ()
