"""Transfers between ledgers (przeksięgowanie): a pair of entries naming
each other, one transaction, never more than the source's credit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.audit.models import AuditEvent
from iok.ledger.models import Closing, Entry
from iok.refunds.orders import order_refund
from iok.refunds.transfers import transfer_credit
from tests.refunds.conftest import balance, garage_of, pay, refused

ACCOUNT = "61109010140000071219812874"


def test_a_transfer_is_two_entries_that_name_each_other(ledger, garage, clerk):
    pay(ledger, "300.00")
    out, into = transfer_credit(ledger, garage, Decimal("120.50"), "na garaż", clerk)
    assert (out.kind, out.ledger, out.amount) == (Entry.Kind.TRANSFER, ledger, Decimal("-120.50"))
    assert (into.kind, into.ledger, into.amount) == (
        Entry.Kind.TRANSFER,
        garage,
        Decimal("120.50"),
    )
    assert into.counterpart == out and list(out.answered_by.all()) == [into]
    assert garage.contract.number in out.title and "na garaż" in out.title
    assert ledger.contract.number in into.title
    assert (balance(ledger), balance(garage)) == (Decimal("179.50"), Decimal("120.50"))


def test_the_moved_credit_pays_the_targets_debts(ledger, garage, clerk):
    pay(ledger, "100.00")
    charge = pay(garage, "-80.00")  # a debt on the garage
    transfer_credit(ledger, garage, Decimal("100.00"), "na garaż", clerk)
    assert charge.paid_by.get().amount == Decimal("80.00")


def test_the_transfer_is_audited_with_who_and_why(ledger, garage, clerk):
    pay(ledger, "50.00")
    _out, into = transfer_credit(ledger, garage, Decimal("50.00"), "na garaż", clerk)
    event = AuditEvent.objects.filter(object_id=into.pk, changes__has_key="transfer").get()
    assert event.changes["transfer"]["reason"] == "na garaż"
    assert event.changes["transfer"]["by"] == "pracownik"


def test_a_transfer_of_more_than_the_credit_is_refused(ledger, garage, clerk):
    pay(ledger, "40.00")
    with refused("over_credit"):
        transfer_credit(ledger, garage, Decimal("40.01"), "za dużo", clerk)
    assert (balance(ledger), Entry.objects.filter(kind="transfer").count()) == (Decimal("40"), 0)


def test_credit_promised_to_a_refund_cannot_be_transferred(ledger, garage, clerk):
    pay(ledger, "100.00")
    order_refund(ledger, Decimal("70.00"), ACCOUNT, "Anna Kowalska", "zwrot", clerk)
    with refused("over_credit"):
        transfer_credit(ledger, garage, Decimal("30.01"), "na garaż", clerk)


def test_a_ledger_in_debt_has_nothing_to_transfer(ledger, garage, clerk):
    pay(ledger, "-10.00")
    with refused("over_credit"):
        transfer_credit(ledger, garage, Decimal("1.00"), "na garaż", clerk)


@pytest.mark.parametrize("amount", ["0", "-5.00", "0.001"])
def test_the_amount_must_be_positive_in_grosze(ledger, garage, clerk, amount):
    pay(ledger, "10.00")
    with refused("amount"):
        transfer_credit(ledger, garage, Decimal(amount), "na garaż", clerk)


def test_credit_moves_only_between_ledgers_of_one_contractor(ledger, building, clerk, people):
    from iok.registry.models import Contractor

    stranger = Contractor.objects.get(last_name="Obcy")
    theirs = garage_of(building, stranger)
    pay(ledger, "10.00")
    with refused("not_one_contractor"):
        transfer_credit(ledger, theirs, Decimal("5.00"), "obcy", clerk)


def test_a_garage_of_the_co_tenant_alone_is_not_the_flats_contractor(
    ledger, building, co_tenant, clerk
):
    pay(ledger, "10.00")
    with refused("not_one_contractor"):
        transfer_credit(ledger, garage_of(building, co_tenant), Decimal("5.00"), "x", clerk)


def test_credit_cannot_move_to_its_own_ledger(ledger, clerk):
    pay(ledger, "10.00")
    with refused("same_ledger"):
        transfer_credit(ledger, ledger, Decimal("5.00"), "x", clerk)


def test_a_transfer_needs_a_reason(ledger, garage, clerk):
    pay(ledger, "10.00")
    with refused("no_reason"):
        transfer_credit(ledger, garage, Decimal("5.00"), "  ", clerk)


def test_a_transfer_dated_in_a_closed_period_is_refused(ledger, garage, clerk):
    pay(ledger, "10.00")
    Closing.objects.create(closed_until=datetime.date(2026, 11, 30))
    with refused("closed_period"):
        transfer_credit(ledger, garage, Decimal("5.00"), "x", clerk)
    assert not Entry.objects.filter(kind="transfer").exists()


def test_when_the_second_half_fails_the_first_is_not_booked(ledger, garage, clerk, monkeypatch):
    from iok.refunds import transfers

    pay(ledger, "10.00")
    real = transfers.post_entry

    def second_fails(target, *args, **kwargs):
        if kwargs.get("counterpart") is not None:
            raise ValidationError("boom")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(transfers, "post_entry", second_fails)
    with pytest.raises(ValidationError):
        transfer_credit(ledger, garage, Decimal("5.00"), "x", clerk)
    assert not Entry.objects.filter(kind="transfer").exists()
    assert balance(ledger) == Decimal("10.00")


amounts = st.integers(min_value=1, max_value=20_000).map(lambda g: Decimal(g).scaleb(-2))


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    credit=amounts,
    moves=st.lists(st.tuples(st.booleans(), amounts), max_size=8),
)
def test_random_transfers_never_overdraw_and_each_balance_is_its_entries_sum(
    building, tenant, clerk, credit, moves
):
    flat, garage = garage_of(building, tenant), garage_of(building, tenant)
    pay(flat, credit)
    for backwards, amount in moves:
        source, target = (garage, flat) if backwards else (flat, garage)
        before = balance(source)
        try:
            transfer_credit(source, target, amount, "losowo", clerk)
        except ValidationError:
            assert amount > max(before, 0)  # refused only what would overdraw
            continue
        assert balance(source) >= 0
    for each in (flat, garage):
        total = sum((e.amount for e in each.entries.all()), Decimal(0))
        assert balance(each) == total and total >= 0
    assert balance(flat) + balance(garage) == credit
