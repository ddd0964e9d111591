"""Corrections (korekty): the only way to undo a posted entry.

A correction takes back all that is left of an entry, all of some of its
components, or a part of a component's line (one person instead of two is
half of a line). It is dated no earlier than the entry it corrects and never
inside a closed period. Its title is plain ("Korekta naliczenia za 10/2026");
the clerk's reason is kept beside it (`CorrectionReason`) for staff, and goes
into the title the tenant reads only when the clerk chooses to show it.

`plan_reversal` says what a correction would book (the office previews it);
`reverse_entry` books exactly that, under the ledger's lock."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from iok.ledger.allocation import reallocate
from iok.ledger.closing import closed_until
from iok.ledger.models import Component, CorrectionReason, Entry, EntryLine, Ledger
from iok.ledger.money import ZERO, format_money, money
from iok.ledger.posting import Line, post_entry
from iok.periods import Period

REASON_LENGTH = CorrectionReason._meta.get_field("text").max_length
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Plan:
    """What a correction books: its lines (none for an entry without lines)
    and what it does to the balance."""

    lines: tuple[Line, ...]
    amount: Decimal


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


def remaining_amount(entry: Entry) -> Decimal:
    """What is left of an entry without lines once its corrections are added."""
    return entry.amount + (entry.corrections.aggregate(total=Sum("amount"))["total"] or ZERO)


def first_correction_day(entry: Entry) -> datetime.date:
    """The earliest day a correction of `entry` may carry: the entry's own
    operation date, or the day after the closed period if that is later."""
    until = closed_until()
    if until is not None and until >= entry.operation_date:
        return until + ONE_DAY
    return entry.operation_date


def refuse_correction_date(entry: Entry, day: datetime.date) -> None:
    """Raise ValidationError naming the first allowed day when a correction
    of `entry` may not be dated `day`: before the entry it corrects, the
    ledger would change in a past the entry was not part of; inside a closed
    period, the books that were closed would change."""
    first = first_correction_day(entry)
    if day >= first:
        return
    values = {"first": _day(first), "day": _day(day), "entry_day": _day(entry.operation_date)}
    if first > entry.operation_date:  # the closed period is what rules the day out
        values["until"] = _day(first - ONE_DAY)
        message = _(
            "A correction can be dated from %(first)s: the books are closed until %(until)s"
            " (%(day)s is inside the closed period)."
        )
    else:
        message = _(
            "A correction can be dated from %(first)s: not before the entry it corrects"
            " (%(day)s is before %(entry_day)s)."
        )
    raise ValidationError(message % values, code="correction_date")


def correction_title(entry: Entry, shown_reason: str | None = None) -> str:
    """The title of a correction of `entry`, as the tenant reads it: plain,
    with the reason after it only when the clerk chose to show it."""
    title = _plain_title(entry)
    return f"{title} — {shown_reason}" if shown_reason else title


def _plain_title(entry: Entry) -> str:
    day = _day(entry.operation_date)
    if entry.kind == Entry.Kind.CHARGE:
        period = Period.parse(entry.period)
        return _("Correction of the charge for %(month)02d/%(year)d") % {
            "month": period.month,
            "year": period.year,
        }
    titles = {
        Entry.Kind.PAYMENT: _("Correction of the payment of %(day)s"),
        Entry.Kind.INTEREST: _("Correction of the interest of %(day)s"),
        Entry.Kind.SETTLEMENT: _("Correction of the utility settlement of %(day)s"),
        Entry.Kind.OPENING: _("Correction of the opening balance of %(day)s"),
    }
    return titles.get(entry.kind, _("Correction of the entry of %(day)s")) % {"day": day}


def plan_reversal(
    entry: Entry,
    parts: dict[Component, Decimal | None] | None = None,
    *,
    amount: Decimal | None = None,
) -> Plan:
    """What a correction of `entry` would book.

    `parts` maps each component to correct to the amount to take back of its
    line, written as the kartoteka prints it (positive, at most what is left
    of the line), or to None for all that is left of it; no parts: all that
    is left of every line. For an entry without lines, `amount` is the part
    to take back (None: all that is left). A correction moves the balance
    against the line it corrects: a charge's line is negative, its correction
    positive; VAT is taken back in proportion."""
    if entry.kind == Entry.Kind.CORRECTION:
        raise ValidationError(_("A correction cannot be corrected; book a new entry instead."))
    if entry.lines.exists():
        if amount is not None:
            raise ValidationError(_("Give the amount to correct for each component."))
        lines = tuple(_reversal_lines(entry, parts))
        return Plan(lines, money(sum((line.amount for line in lines), ZERO)))
    if parts:
        raise ValidationError(_("This entry has no components to reverse one by one."))
    left = remaining_amount(entry)
    if not left:
        raise ValidationError(_("This entry has already been reversed in full."))
    return Plan((), _taken_back(left, amount, _("the entry")))


@transaction.atomic
def reverse_entry(
    entry: Entry,
    *,
    reason: str,
    on: datetime.date,
    components: list[Component] | None = None,
    amounts: dict[Component, Decimal | None] | None = None,
    amount: Decimal | None = None,
    show_reason: bool = False,
    booked_on: datetime.date | None = None,
) -> Entry:
    """Book the correction `plan_reversal` describes (`components`: taken
    back in full; `amounts`: per component, the part to take back), with the
    reason kept beside it, all or nothing.

    Only what is not yet reversed is reversed, so two corrections can never
    take back more than the entry booked."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("A correction needs a reason."))
    if len(reason) > REASON_LENGTH:
        raise ValidationError(
            _("The reason is %(length)d characters long; at most %(limit)d fit.")
            % {"length": len(reason), "limit": REASON_LENGTH}
        )
    refuse_correction_date(entry, on)
    parts = dict.fromkeys(components or []) | dict(amounts or {})
    # Lock the ledger before reading what is left to reverse, so that two
    # clerks correcting the same entry at once cannot both reverse it.
    Ledger.objects.select_for_update().filter(pk=entry.ledger_id).values_list("pk").get()
    plan = plan_reversal(entry, parts or None, amount=amount)
    correction = post_entry(
        entry.ledger,
        Entry.Kind.CORRECTION,
        title=correction_title(entry, reason if show_reason else None),
        operation_date=on,
        booking_date=booked_on,
        amount=plan.amount,
        lines=list(plan.lines),
        document=entry.document,
        corrects=entry,
    )
    CorrectionReason.objects.create(correction=correction, text=reason, shown_to_tenant=show_reason)
    # A corrected charge needs less payment: allocate again from its date on.
    reallocate([entry.ledger_id], min(entry.operation_date, on))
    return correction


def _reversal_lines(entry: Entry, parts) -> list[Line]:
    left = remaining_by_component(entry)
    parts = parts if parts else dict.fromkeys(left)
    missing = [c.name for c in parts if c not in left]
    if missing:
        raise ValidationError(
            _("Nothing is left to reverse for: %(names)s.") % {"names": ", ".join(missing)}
        )
    if not parts:
        raise ValidationError(_("This entry has already been reversed in full."))
    lines, errors = [], []
    for component, wanted in parts.items():
        try:
            lines.append(_part_of(left[component], wanted))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return lines


def _part_of(left: Line, wanted: Decimal | None) -> Line:
    taken = _taken_back(left.amount, wanted, left.component.name)
    whole = taken == -left.amount  # all of it: exactly the VAT left, no rounding
    vat = -left.vat if whole else money(-left.vat * abs(taken) / abs(left.amount))
    return Line(component=left.component, amount=taken, vat=vat, vat_rate=left.vat_rate)


def _taken_back(left: Decimal, wanted: Decimal | None, what: str) -> Decimal:
    """The signed amount that takes `wanted` (positive; None: all) back from
    `left`, refused when it is not a positive amount in grosze or exceeds it."""
    if wanted is None:
        return -left
    limit = format_money(abs(left))
    if wanted <= 0 or money(wanted) != wanted:
        raise ValidationError(
            _(
                "%(what)s: give the amount to correct as a positive amount in złoty and grosze,"
                " at most %(limit)s."
            )
            % {"what": what, "limit": limit}
        )
    if wanted > abs(left):
        raise ValidationError(
            _("%(what)s: at most %(limit)s is left to correct, not %(amount)s.")
            % {"what": what, "limit": limit, "amount": format_money(wanted)}
        )
    return wanted if left < 0 else -wanted


def _day(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")
