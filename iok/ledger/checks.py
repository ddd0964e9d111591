"""Ledger integrity: what `iok check-ledger` verifies."""

from django.db.models import Sum

from iok.ledger.models import Entry, EntryLine, Ledger
from iok.ledger.money import ZERO


def balance_differences() -> list[tuple[Ledger, object, object]]:
    """(ledger, stored balance, sum of its entries) for every ledger that disagrees."""
    sums = dict(
        Entry.objects.values("ledger_id")
        .annotate(total=Sum("amount"))
        .values_list("ledger_id", "total")
    )
    wrong = []
    for ledger in Ledger.objects.select_related("contract").order_by("pk"):
        computed = sums.get(ledger.pk, ZERO)
        if ledger.balance != computed:
            wrong.append((ledger, ledger.balance, computed))
    return wrong


def entries_not_matching_lines() -> list[tuple[Entry, object]]:
    """(entry, sum of its lines) for entries with lines that do not add up to the amount."""
    sums = EntryLine.objects.values("entry_id").annotate(total=Sum("amount"))
    totals = {row["entry_id"]: row["total"] for row in sums}
    entries = Entry.objects.filter(pk__in=totals).only("pk", "amount", "ledger_id")
    return [(e, totals[e.pk]) for e in entries.iterator() if e.amount != totals[e.pk]]
