"""A reversal (storno) takes back the payment it names: the two are allocated
to each other before the payment pays anything, so what the payment had
paid is open again. Allocating from the reversal's day (or any day) gives
what allocating from scratch gives, and the stored totals stay the sums of
the entries and allocations. Hypothesis, derandomized."""

import datetime
import itertools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.ledger.allocation import reallocate, unpaid
from iok.ledger.integrity import stored_total_differences
from iok.ledger.models import Allocation, Entry
from iok.ledger.posting import post_entry
from iok.registry.models import Premises
from tests.conftest import make_contract

START = datetime.date(2026, 1, 1)
_numbers = itertools.count(1)
amounts = st.integers(1, 40_000).map(lambda grosze: Decimal(grosze) / 100)


def a_ledger(building, tenant):
    premises = Premises.objects.create(
        building=building, kind="garage", number=f"S{next(_numbers)}"
    )
    return make_contract(f"S/{premises.number}", premises, START, tenant).ledger


def day(n):
    return START + datetime.timedelta(days=n)


def stored(ledger):
    return {(a.payment_id, a.charge_id): a.amount for a in Allocation.objects.filter(ledger=ledger)}


def rent_of(ledger):
    return post_entry(
        ledger,
        Entry.Kind.CHARGE,
        title="Czynsz 01/2026",
        amount=Decimal("-300.00"),
        operation_date=day(0),
        due_date=day(9),
    )


def reverse(payment, on):
    return post_entry(
        payment.ledger,
        Entry.Kind.REVERSAL,
        title=f"Storno {payment.title}",
        amount=-payment.amount,
        operation_date=on,
        counterpart=payment,
    )


def test_a_reversal_makes_the_charge_its_payment_paid_unpaid_again(building, tenant):
    ledger = a_ledger(building, tenant)
    rent = rent_of(ledger)
    payment = post_entry(ledger, Entry.Kind.PAYMENT, title="czynsz",
                         amount=Decimal("300.00"), operation_date=day(5))  # fmt: skip
    reallocate([ledger.pk], day(5))
    assert unpaid(ledger) == []
    storno = reverse(payment, day(20))
    reallocate([ledger.pk], day(20))  # from the reversal's day: goes back to the payment's
    assert stored(ledger) == {(payment.pk, storno.pk): Decimal("300.00")}
    assert [(debt.entry, debt.amount) for debt in unpaid(ledger)] == [(rent, Decimal("300.00"))]
    assert stored_total_differences() == []


def test_a_later_payment_pays_the_charge_a_reversed_one_had_paid(building, tenant):
    ledger = a_ledger(building, tenant)
    rent = rent_of(ledger)
    payment = post_entry(ledger, Entry.Kind.PAYMENT, title="czynsz",
                         amount=Decimal("300.00"), operation_date=day(5))  # fmt: skip
    reverse(payment, day(20))
    again = post_entry(ledger, Entry.Kind.PAYMENT, title="czynsz ponownie",
                       amount=Decimal("300.00"), operation_date=day(25))  # fmt: skip
    reallocate([ledger.pk], day(25))
    assert Allocation.objects.get(charge=rent).payment == again
    assert unpaid(ledger) == []


step = st.tuples(st.sampled_from(["charge", "payment"]), st.integers(0, 60), amounts)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(step, min_size=1, max_size=10),
    reversed_=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 40)), max_size=4),
    since=st.integers(0, 120),
)
def test_allocating_from_any_day_with_reversals_gives_what_from_scratch_gives(
    building, tenant, steps, reversed_, since
):
    ledger = a_ledger(building, tenant)
    payments = []
    for n, (kind, on, amount) in enumerate(steps):
        if kind == "charge":
            post_entry(ledger, Entry.Kind.INTEREST, title=f"odsetki {n}",
                       amount=-amount, operation_date=day(on))  # fmt: skip
        else:
            payments.append(post_entry(ledger, Entry.Kind.PAYMENT, title=f"wpłata {n}",
                                       amount=amount, operation_date=day(on)))  # fmt: skip
        reallocate([ledger.pk], day(on))
    taken_back = set()
    for which, later in reversed_:
        if payments and which % len(payments) not in taken_back:
            taken_back.add(which % len(payments))
            payment = payments[which % len(payments)]
            storno = reverse(payment, payment.operation_date + datetime.timedelta(days=later))
            reallocate([ledger.pk], storno.operation_date)
    reallocate([ledger.pk], day(since))
    from_a_day = stored(ledger)
    reallocate([ledger.pk])
    assert from_a_day == stored(ledger)
    # Every reversed payment pays its reversal whole, and nothing else.
    for index in taken_back:
        payment = payments[index]
        assert [a.amount for a in Allocation.objects.filter(payment=payment)] == [payment.amount]
    assert stored_total_differences() == []
