"""Corrections (korekty): the only way to undo a posted entry."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from iok.ledger.allocation import allocate_ledger
from iok.ledger.models import Component, Entry, EntryLine, Ledger
from iok.ledger.money import ZERO
from iok.ledger.posting import Line, post_entry


def remaining_by_component(entry: Entry) -> dict[Component, Line]:
    """Per component, the part of `entry` not yet reversed by corrections."""
    rates = {}
    left = defaultdict(lambda: [ZERO, ZERO])
    for line in entry.lines.select_related("component"):
        left[line.component][0] += line.amount
        left[line.component][1] += line.vat
        rates[line.component] = line.vat_rate
    reversed_ = (
        EntryLine.objects.filter(entry__corrects=entry)
        .values("component")
        .annotate(amount=Sum("amount"), vat=Sum("vat"))
    )
    by_id = {component.pk: component for component in left}
    for row in reversed_:
        component = by_id[row["component"]]
        left[component][0] += row["amount"]
        left[component][1] += row["vat"]
    return {
        c: Line(component=c, amount=a, vat=v, vat_rate=rates[c]) for c, (a, v) in left.items() if a
    }


@transaction.atomic
def reverse_entry(
    entry: Entry,
    *,
    reason: str,
    on: datetime.date,
    components: list[Component] | None = None,
    booked_on: datetime.date | None = None,
) -> Entry:
    """Book a correction that reverses `entry` fully, or only the given components.

    Only what is not yet reversed is reversed, so two corrections can never
    take back more than the entry booked."""
    if not reason.strip():
        raise ValidationError(_("A correction needs a reason."))
    if entry.kind == Entry.Kind.CORRECTION:
        raise ValidationError(_("A correction cannot be corrected; book a new entry instead."))
    # Lock the ledger before reading what is left to reverse, so that two
    # clerks correcting the same entry at once cannot both reverse it.
    Ledger.objects.select_for_update().filter(pk=entry.ledger_id).values_list("pk").get()
    if entry.lines.exists():
        lines = _reversal_lines(entry, components)
        amount = None
    else:
        if components:
            raise ValidationError(_("This entry has no components to reverse one by one."))
        lines = []
        amount = -(entry.amount + _reversed_amount(entry))
        if not amount:
            raise ValidationError(_("This entry has already been reversed in full."))
    correction = post_entry(
        entry.ledger,
        Entry.Kind.CORRECTION,
        title=_("Correction of %(title)s: %(reason)s") % {"title": entry.title, "reason": reason},
        operation_date=on,
        booking_date=booked_on,
        amount=amount,
        lines=lines,
        document=entry.document,
        corrects=entry,
    )
    allocate_ledger(entry.ledger)  # a corrected charge needs less payment: reallocate
    return correction


def _reversal_lines(entry: Entry, components) -> list[Line]:
    left = remaining_by_component(entry)
    chosen = components if components is not None else list(left)
    missing = [c.name for c in chosen if c not in left]
    if missing:
        raise ValidationError(
            _("Nothing is left to reverse for: %(names)s.") % {"names": ", ".join(missing)}
        )
    if not chosen:
        raise ValidationError(_("This entry has already been reversed in full."))
    return [
        Line(component=c, amount=-left[c].amount, vat=-left[c].vat, vat_rate=left[c].vat_rate)
        for c in chosen
    ]


def _reversed_amount(entry: Entry) -> Decimal:
    return entry.corrections.aggregate(total=Sum("amount"))["total"] or ZERO
