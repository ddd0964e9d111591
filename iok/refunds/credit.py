"""What of a ledger's credit (nadpłata, a positive balance) may still leave it."""

from decimal import Decimal

from django.db.models import Sum

from iok.ledger.models import Ledger
from iok.ledger.money import ZERO


def lock(*ledgers: Ledger) -> dict[int, Decimal]:
    """Lock the ledgers' rows in id order (as posting and allocation lock them,
    so two writers never wait on each other crosswise) and read their
    balances under the lock: {id: balance}."""
    ids = sorted({ledger.pk for ledger in ledgers})
    rows = Ledger.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return dict(rows.values_list("pk", "balance"))


def open_refunds(ledger: Ledger, *, excluding=None) -> Decimal:
    """What the ledger's open refund orders (ordered or sent) will take."""
    orders = ledger.refund_orders.open()
    if excluding is not None:
        orders = orders.exclude(pk=excluding.pk)
    return orders.aggregate(total=Sum("amount"))["total"] or ZERO


def available(ledger: Ledger, balance: Decimal | None = None) -> Decimal:
    """The credit that may still be refunded or moved: the positive balance
    less the open refund orders, never below zero. Pass `balance` read under
    the ledger's lock (`lock`) when the answer decides a booking."""
    balance = ledger.balance if balance is None else balance
    return max(ZERO, balance - open_refunds(ledger)) if balance > 0 else ZERO
