"""The feed of booked payments, in the order the finance system should post
them: each payment has a place (its cursor), given the first time the feed
is read after the payment was booked, and the caller asks again with the
last cursor it got.

Places are handed out by one reader at a time (a transaction-scoped lock on
PostgreSQL; SQLite's IMMEDIATE transactions take turns anyway), to the
payments committed by then, in the order of their ids. So a place is never
given to a payment behind one already handed out: a payment whose booking
commits after a read gets a place after every cursor that read returned,
and the caller, asking with its last cursor, never misses it."""

from django.db import connection, transaction

from iok.api.models import PaymentFeedItem
from iok.ledger.models import Entry

# Any constant of our own: the one lock the feed's readers take turns on.
FEED_LOCK = 4_177_013


def place_new_payments() -> int:
    """Give every booked payment without a place the next places; how many."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK])
        waiting = (
            Entry.objects.filter(kind=Entry.Kind.PAYMENT, api_feed_item__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
        # bulk_create: places are bookkeeping of the feed, not audited changes.
        placed = PaymentFeedItem.objects.bulk_create(
            PaymentFeedItem(entry_id=entry_id) for entry_id in waiting
        )
        return len(placed)


def payments_after(cursor: int, limit: int) -> list[PaymentFeedItem]:
    """Up to `limit` payments placed after `cursor`, with their ledgers,
    statement lines and allocations."""
    place_new_payments()
    return list(
        PaymentFeedItem.objects.filter(pk__gt=cursor)
        .select_related("entry__ledger__contract", "entry__statement_line")
        .prefetch_related("entry__pays__charge")
        .order_by("pk")[:limit]
    )
