"""Random sequences of charges, interest, payments and corrections, booked and
allocated: no charge gets more than its amount after corrections, no payment
gives more than its amount, the payment money not allocated is the credit,
and open charges − credit = −balance. Hypothesis, derandomized so that every
run tries the same sequences."""

import datetime
import itertools
from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.ledger.allocation import allocate_ledger
from iok.ledger.corrections import reverse_entry
from iok.ledger.models import Allocation, Entry
from iok.ledger.money import ZERO
from iok.ledger.posting import post_entry
from iok.periods import Period
from iok.registry.models import Premises
from tests.conftest import make_contract

START = datetime.date(2026, 1, 1)
amounts = st.integers(min_value=1, max_value=100_000).map(lambda g: Decimal(g).scaleb(-2))
days = st.integers(min_value=0, max_value=120)
step = st.one_of(
    st.tuples(st.just("charge"), days, amounts, st.integers(0, 30)),
    st.tuples(st.just("interest"), days, amounts, st.just(0)),
    st.tuples(st.just("payment"), days, amounts, st.integers(0, 5)),
    st.tuples(st.just("correction"), days, st.integers(0, 50), st.booleans()),
)
_numbers = itertools.count(1)


def book(ledger, steps):
    months = set()
    for kind, day, amount, extra in steps:
        on = START + datetime.timedelta(days=day)
        if kind == "charge":
            period = Period.of(on)
            if period in months:
                continue  # one charge a month (a database constraint)
            months.add(period)
            post_entry(
                ledger,
                "charge",
                title=f"Opłaty {period}",
                operation_date=on,
                due_date=on + datetime.timedelta(days=extra),
                period=period,
                amount=-amount,
            )
        elif kind == "interest":
            post_entry(ledger, "interest", title="Odsetki", operation_date=on, amount=-amount)
        elif kind == "payment":
            named = f"{(START.month + extra - 1) % 12 + 1:02d}/2026"
            post_entry(ledger, "payment", title=named, operation_date=on, amount=amount)
        else:
            entries = list(ledger.entries.exclude(kind="correction").order_by("id"))
            if not entries:
                continue
            target = entries[amount % len(entries)]
            left = target.amount + sum(c.amount for c in target.corrections.all())
            if left:
                reverse_entry(target, reason="losowa", on=max(on, target.operation_date))
        if extra is True:
            allocate_ledger(ledger)  # recomputing midway changes nothing at the end
    allocate_ledger(ledger)


def open_amounts(ledger) -> dict[int, Decimal]:
    """Each entry with its corrections added: below zero owed, above zero paid."""
    effective = defaultdict(lambda: ZERO)
    for entry in ledger.entries.all():
        effective[entry.corrects_id or entry.pk] += entry.amount
    return effective


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, max_size=14))
def test_allocations_never_exceed_either_side_and_agree_with_the_balance(building, tenant, steps):
    premises = Premises.objects.create(
        building=building, kind="garage", number=f"G{next(_numbers)}"
    )
    ledger = make_contract(f"G/{premises.number}", premises, START, tenant).ledger
    book(ledger, steps)
    ledger.refresh_from_db()
    effective = open_amounts(ledger)
    to_charge, from_payment = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for allocation in Allocation.objects.filter(ledger=ledger):
        assert allocation.amount > 0
        to_charge[allocation.charge_id] += allocation.amount
        from_payment[allocation.payment_id] += allocation.amount
    for pk, amount in effective.items():
        if amount < 0:
            assert to_charge[pk] <= -amount
            assert pk not in from_payment
        else:
            assert from_payment[pk] <= amount
            assert pk not in to_charge
    open_charges = sum((-a - to_charge[pk] for pk, a in effective.items() if a < 0), ZERO)
    credit = sum((a - from_payment[pk] for pk, a in effective.items() if a > 0), ZERO)
    assert open_charges - credit == -ledger.balance
    assert not (open_charges and credit), "open charges and unused credit side by side"
    assert ledger.balance == sum((e.amount for e in Entry.objects.filter(ledger=ledger)), ZERO)
