"""Closed periods (okresy zamknięte): the books are closed up to a date, and
no entry may be dated inside them.

The closing date is the latest `Closing` row, set by staff in the admin (who
and when are kept); without one nothing is closed. Every path that books an
entry asks `refuse_closed` first: `posting.post_entry`, `billing.bill_month`
and the statement import."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from iok.ledger.models import Closing


def closed_until() -> datetime.date | None:
    """The last closed day, or None when no period is closed."""
    return Closing.objects.order_by("-id").values_list("closed_until", flat=True).first()


def refuse_closed(dates: Iterable[datetime.date | None]) -> None:
    """Raise ValidationError naming the earliest of `dates` that falls inside
    the closed period (on or before the closing date) and the closing date.

    Pass every date an entry will carry: its operation date and its booking
    date (for a bulk booking, all of them, or the earliest of each). One query."""
    given = [day for day in dates if day is not None]
    if not given:
        return
    until = closed_until()
    earliest = min(given)
    if until is not None and earliest <= until:
        raise ValidationError(
            _(
                "The date %(day)s is inside a closed period: the books are closed until"
                " %(until)s. Date the entry after %(until)s."
            )
            % {"day": earliest.strftime("%d.%m.%Y"), "until": until.strftime("%d.%m.%Y")},
            code="closed_period",
        )
