"""The advances (zaliczki) a ledger was charged for a medium, month by month.

An advance is the part of a monthly charge that pays for a medium: the entry
lines of the components below. A correction of a charge counts in the month
(period) it corrects, so a month shows what was finally charged for it;
settlements are not advances and are left out."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from iok.ledger.models import Entry, EntryLine, Ledger
from iok.ledger.money import ZERO
from iok.meters.models import Medium
from iok.periods import Period

COMPONENTS = {
    Medium.COLD_WATER: ("cold_water", "sewage"),
    Medium.HOT_WATER: ("hot_water",),
    Medium.HEAT: ("heating",),
}


def advances_by_month(ledger: Ledger) -> dict[str, dict[Period, Decimal]]:
    """{medium: {month: amount charged, positive}} in one query, for the
    media that have advances."""
    medium_of = {code: medium for medium, codes in COMPONENTS.items() for code in codes}
    rows = (
        EntryLine.objects.filter(
            entry__ledger=ledger,
            entry__kind__in=[Entry.Kind.CHARGE, Entry.Kind.CORRECTION],
            component__code__in=medium_of,
        )
        .values_list("entry__period", "component__code")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    found: dict[str, dict[Period, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for period, code, total in rows:
        # Charges lower the balance; the tenant reads an advance as what was paid for.
        found[medium_of[code]][Period.parse(period)] -= total
    return {medium: dict(months) for medium, months in found.items()}
