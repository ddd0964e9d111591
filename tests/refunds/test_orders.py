"""Ordering a refund of an overpayment: a checked account, a reason, never
more than the credit less the other open orders; cancelling one."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.audit.models import AuditEvent
from iok.refunds.models import RefundOrder
from iok.refunds.orders import cancel_refund, order_refund
from tests.refunds.conftest import garage_of, pay, refused

ACCOUNT = "61 1090 1014 0000 0712 1981 2874"
DIGITS = "61109010140000071219812874"


def order(ledger, clerk, amount="50.00", account=ACCOUNT):
    return order_refund(ledger, Decimal(amount), account, "Anna Kowalska", "nadpłata", clerk)


def test_an_ordered_refund_keeps_the_account_as_digits_and_a_unique_reference(ledger, clerk):
    pay(ledger, "100.00")
    first, second = order(ledger, clerk), order(ledger, clerk)
    assert (first.state, first.account, first.amount) == ("ordered", DIGITS, Decimal("50.00"))
    assert first.reference.startswith("ZW") and len(first.reference) == 10
    assert first.reference != second.reference
    assert first.ordered_by == clerk
    assert first.reference in first.title and ledger.contract.number in first.title


def test_an_order_is_audited(ledger, clerk):
    pay(ledger, "100.00")
    refund = order(ledger, clerk)
    assert AuditEvent.objects.filter(object_id=refund.pk, action="create").exists()


def test_an_account_with_wrong_check_digits_is_refused(ledger, clerk):
    pay(ledger, "100.00")
    with refused("account"):
        order(ledger, clerk, account="62 1090 1014 0000 0712 1981 2874")
    assert not RefundOrder.objects.exists()


def test_a_refund_cannot_exceed_the_credit_less_the_open_orders(ledger, clerk):
    pay(ledger, "100.00")
    order(ledger, clerk, "60.00")
    with refused("over_credit"):
        order(ledger, clerk, "40.01")
    assert order(ledger, clerk, "40.00").amount == Decimal("40.00")


def test_a_cancelled_order_gives_its_credit_back(ledger, clerk):
    pay(ledger, "100.00")
    cancel_refund(order(ledger, clerk, "100.00"), clerk)
    assert order(ledger, clerk, "100.00").state == "ordered"


def test_a_ledger_in_debt_has_nothing_to_refund(ledger, clerk):
    pay(ledger, "-5.00")
    with refused("over_credit"):
        order(ledger, clerk, "1.00")


@pytest.mark.parametrize("amount", ["0", "-1.00", "1.001"])
def test_the_amount_must_be_positive_in_grosze(ledger, clerk, amount):
    pay(ledger, "100.00")
    with refused("amount"):
        order(ledger, clerk, amount)


def test_a_refund_needs_a_recipient_and_a_reason(ledger, clerk):
    pay(ledger, "100.00")
    with refused("no_reason"):
        order_refund(ledger, Decimal("1.00"), ACCOUNT, "Anna Kowalska", " ", clerk)


def test_a_cancelled_order_cannot_be_cancelled_again(ledger, clerk):
    pay(ledger, "100.00")
    refund = cancel_refund(order(ledger, clerk), clerk)
    assert (refund.state, refund.cancelled_by) == ("cancelled", clerk)
    with refused("closed"):
        cancel_refund(refund, clerk)


amounts = st.integers(min_value=1, max_value=20_000).map(lambda g: Decimal(g).scaleb(-2))


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(credit=amounts, steps=st.lists(st.tuples(st.booleans(), amounts), max_size=10))
def test_random_orders_and_cancels_never_promise_more_than_the_credit(
    building, tenant, clerk, credit, steps
):
    ledger = garage_of(building, tenant)
    pay(ledger, credit)
    for cancel, amount in steps:
        open_orders = list(RefundOrder.objects.open().filter(ledger=ledger))
        if cancel and open_orders:
            cancel_refund(open_orders[0], clerk)
            continue
        promised = sum((o.amount for o in open_orders), Decimal(0))
        try:
            order(ledger, clerk, amount)
        except ValidationError:
            assert promised + amount > credit  # refused only what would be too much
        promised = sum((o.amount for o in RefundOrder.objects.open().filter(ledger=ledger)), 0)
        assert promised <= credit
