"""Two clerks at once: ordering a refund of the whole credit, or moving all
of it, succeeds once; the ledger lock makes the second find the credit gone.
PostgreSQL only: SQLite's single writer serialises them by itself."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from iok.refunds.models import RefundOrder
from iok.refunds.orders import order_refund
from iok.refunds.transfers import transfer_credit
from tests.refunds.conftest import balance, pay

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keep the data migrations
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks: PostgreSQL"),
]
ANNA = "61109010140000071219812874"


def at_once(work, times=2) -> list[str]:
    """Run `work` in `times` threads started together: "ok" or "refused" each."""
    start, outcomes = threading.Barrier(times), []

    def run():
        start.wait()
        try:
            work()
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_refunds_of_the_whole_credit_at_once_are_ordered_once(ledger, clerk):
    pay(ledger, "100.00")
    outcomes = at_once(
        lambda: order_refund(ledger, Decimal("100.00"), ANNA, "Anna Kowalska", "x", clerk)
    )
    assert outcomes == ["ok", "refused"] and RefundOrder.objects.count() == 1


def test_two_transfers_of_the_whole_credit_at_once_move_it_once(ledger, garage, clerk):
    pay(ledger, "100.00")
    outcomes = at_once(lambda: transfer_credit(ledger, garage, Decimal("100.00"), "x", clerk))
    assert outcomes == ["ok", "refused"]
    assert (balance(ledger), balance(garage)) == (Decimal("0.00"), Decimal("100.00"))
