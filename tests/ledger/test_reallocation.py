"""Allocating from a day gives what allocating the whole history from scratch
gives, and the stored totals (month totals, open items) stay the sums of the
entries and allocations. Hypothesis, derandomized: random sequences of
charges, interest, payments and corrections, each new entry allocated from
its own date as the import and billing do, checked against the rule applied
to every entry at once (`rule`, below: the module's rule written out plainly,
as it was before the open items existed)."""

import datetime
import itertools
from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.ledger import allocation
from iok.ledger.allocation import reallocate, unpaid
from iok.ledger.integrity import stored_total_differences
from iok.ledger.kartoteka import month_totals
from iok.ledger.models import Allocation, Entry, OpenItem
from iok.ledger.money import ZERO
from iok.ledger.posting import post_entry
from iok.ledger.standing import standing
from iok.registry.models import Premises
from tests.conftest import make_contract
from tests.ledger.test_allocation_properties import START, book, step

_numbers = itertools.count(1)


def rule(entries) -> dict[tuple[int, int], Decimal]:
    """{(credit id, debt id): amount}: the module's rule over every entry."""
    rows = sorted(entries, key=lambda e: (e.operation_date, e.pk))
    effective = {e.pk: e.amount for e in rows if e.corrects_id is None}
    for e in rows:
        if e.corrects_id is not None:
            effective[e.corrects_id] += e.amount
    debts, credits, paid = [], [], defaultdict(lambda: ZERO)
    for e in rows:
        if e.corrects_id is not None or not effective[e.pk]:
            continue
        due = e.due_date or e.operation_date
        item = allocation.Item(
            e.pk, e.kind, e.operation_date, due, e.period, e.document, e.title,
            abs(effective[e.pk]), effective[e.pk] < 0,
        )  # fmt: skip
        if item.debt:
            for credit in credits:
                _take(credit, item, paid)
            debts.append(item)
        else:
            for debt in _order(debts, item):
                _take(item, debt, paid)
            credits.append(item)
        debts = [d for d in debts if d.left]
        credits = [c for c in credits if c.left]
    return dict(paid)


def _order(debts, credit):
    """The debts in the order the credit pays them: interest due, then the
    debts its title names, then the rest due, then the rest not yet due."""
    periods = allocation.periods_named(credit.title)

    def named(debt):
        return debt.kind != Entry.Kind.INTEREST and (
            debt.period in periods or allocation.names_document(credit.title, debt.document)
        )

    def key(debt):
        return (debt.due, debt.date, debt.id)

    due = sorted((d for d in debts if d.due <= credit.date), key=key)
    later = sorted((d for d in debts if d.due > credit.date), key=key)
    first = [*(d for d in due if d.kind == Entry.Kind.INTEREST), *(d for d in debts if named(d))]
    chosen = {d.id for d in first}
    return first + [d for d in due + later if d.id not in chosen]


def _take(credit, debt, paid) -> None:
    taken = min(credit.left, debt.left)
    if taken:
        credit.left -= taken
        debt.left -= taken
        paid[credit.id, debt.id] += taken


def stored(ledger) -> dict[tuple[int, int], Decimal]:
    return {(a.payment_id, a.charge_id): a.amount for a in Allocation.objects.filter(ledger=ledger)}


def a_ledger(building, tenant):
    premises = Premises.objects.create(
        building=building, kind="garage", number=f"R{next(_numbers)}"
    )
    return make_contract(f"R/{premises.number}", premises, START, tenant).ledger


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, max_size=14), since=st.integers(0, 130))
def test_allocating_from_any_day_gives_what_the_whole_history_gives(building, tenant, steps, since):
    ledger = a_ledger(building, tenant)
    book(ledger, steps)  # every correction allocates from the corrected entry's date
    reallocate([ledger.pk], START + datetime.timedelta(days=since))
    assert stored(ledger) == rule(ledger.entries.all())
    assert stored_total_differences() == []


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, max_size=14))
def test_each_entry_allocated_from_its_own_date_gives_what_the_whole_history_gives(
    building, tenant, steps
):
    ledger = a_ledger(building, tenant)
    for kind, day, amount, _extra in steps:
        if kind == "correction":
            continue  # corrections have their own test above
        on = START + datetime.timedelta(days=day)
        signed = amount if kind == "payment" else -amount
        title = "Wpłata 02/2026" if kind == "payment" else f"{kind} {day}"
        post_entry(ledger, "payment" if kind == "payment" else "interest",
                   title=title, operation_date=on, amount=signed)  # fmt: skip
        reallocate([ledger.pk], on)
        assert stored(ledger) == rule(ledger.entries.all())
    assert stored_total_differences() == []


def test_open_items_are_what_the_panel_and_the_month_totals_read(building, tenant):
    ledger = a_ledger(building, tenant)
    post_entry(ledger, "charge", title="Opłaty 01/2026", operation_date=START,
               due_date=START.replace(day=10), amount=Decimal("-300.00"))  # fmt: skip
    post_entry(ledger, "payment", title="Wpłata", operation_date=START.replace(day=8),
               amount=Decimal("120.00"))  # fmt: skip
    reallocate([ledger.pk], START)
    [item] = OpenItem.objects.filter(ledger=ledger)
    assert item.amount == Decimal("-180.00")
    assert [debt.amount for debt in unpaid(ledger)] == [Decimal("180.00")]
    assert standing(ledger, START.replace(day=11)).overdue == Decimal("180.00")
    [month] = month_totals(ledger)
    assert (month.totals.charges, month.totals.payments, month.closing) == (
        Decimal("300.00"),
        Decimal("120.00"),
        Decimal("-180.00"),
    )


def test_a_settled_entry_has_no_open_item(building, tenant):
    ledger = a_ledger(building, tenant)
    charge = post_entry(ledger, "charge", title="Opłaty 01/2026", operation_date=START,
                        amount=Decimal("-300.00"))  # fmt: skip
    payment = post_entry(ledger, "payment", title="Wpłata", operation_date=START,
                         amount=Decimal("300.00"))  # fmt: skip
    assert set(OpenItem.objects.values_list("entry_id", flat=True)) >= {charge.pk, payment.pk}
    reallocate([ledger.pk], START)
    assert not OpenItem.objects.filter(entry__in=[charge, payment]).exists()
    assert Entry.objects.filter(ledger=ledger).count() == 2
