"""The rules of readings: recording, accepting, rejecting, replacing a meter.

Readings never decrease on a meter: a reading lower than the previous
accepted one (or higher than the next accepted one) is refused, except the
initial reading of a new meter, which starts its own count. A reading must
lie within the meter's life (installed .. removed). A reading whose use per
day is far above the premises' own history, or above the absolute bound
IOK_READING_MAX_DAILY, is flagged and waits for staff. A reading whose use
per day no flat's meter can count (IOK_READING_IMPOSSIBLE_DAILY) is refused,
and so is a tenant's self-reading more than IOK_READING_IMPOSSIBLE_FACTOR
times the meter's own median. See docs/meters.md.

Every function that writes locks the meter row first, so two readings of
the same meter entered at once are checked one after the other.
"""

import datetime
import statistics
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iok import clock
from iok.meters.models import Meter, Reading

THOUSANDTH = Decimal("0.001")
# The relative plausibility check needs at least this many intervals of the
# premises' own history; with fewer only the absolute bound applies.
MIN_HISTORY_INTERVALS = 2
PLAUSIBLE_FACTOR = 3


def format_value(value: Decimal, unit: str) -> str:
    """123,456 m³: three decimals, decimal comma, the meter's unit."""
    return f"{value:.3f}".replace(".", ",") + f" {unit}"


def format_date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def as_value(value) -> Decimal:
    """A reading's value as a Decimal of at most three places, or a Polish
    ValidationError naming what is wrong."""
    if isinstance(value, float):
        raise TypeError("Readings are Decimals, never floats.")
    if value is None or not str(value).strip():
        raise ValidationError(_("Enter the meter reading: the field is empty."))
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise ValidationError(_("%(value)s is not a number.") % {"value": value}) from None
    if not number.is_finite() or number.adjusted() > 12:  # 1e999999 cannot even be rounded
        raise ValidationError(_("%(value)s is not a number.") % {"value": value})
    if number < 0:
        raise ValidationError(_("A reading cannot be negative."))
    if number != number.quantize(THOUSANDTH):
        raise ValidationError(_("A reading has at most three decimal places."))
    return number.quantize(THOUSANDTH)


# ---- reading the history ---------------------------------------------------


class Step:
    """One accepted reading of a meter with the use since the previous one.

    `consumption`, `days` and `daily` are None for a meter's first reading."""

    __slots__ = ("consumption", "daily", "days", "reading")

    def __init__(self, reading, consumption=None, days=None, daily=None):
        self.reading = reading
        self.consumption = consumption
        self.days = days
        self.daily = daily

    def __repr__(self):
        return f"Step({self.reading.date}, {self.reading.value}, +{self.consumption})"


def accepted_readings(meter: Meter):
    """The meter's accepted readings in date order (a QuerySet)."""
    return meter.readings.filter(status=Reading.Status.ACCEPTED).order_by("date", "id")


def history(meter: Meter, readings=None) -> list[Step]:
    """A meter's accepted readings in date order, each with the consumption
    since the previous accepted reading, the days between them and the
    average use per day (Decimal, 0.001, half up). Pass `readings` (already
    fetched, accepted, in date order) to save the query."""
    steps: list[Step] = []
    previous = None
    for reading in accepted_readings(meter) if readings is None else readings:
        if previous is None:
            steps.append(Step(reading))
        else:
            used = reading.value - previous.value
            days = (reading.date - previous.date).days
            daily = (used / days).quantize(THOUSANDTH) if days else None
            steps.append(Step(reading, used, days, daily))
        previous = reading
    return steps


class Consumption:
    """What consumption() found: `amount` (Decimal) used on the days of the
    period that readings cover, `days` in the period, and `missing_days`
    that no pair of accepted readings covers (no meter yet, or no reading
    after them yet): estimate those yourself. `complete` when none is
    missing."""

    __slots__ = ("amount", "days", "missing_days")

    def __init__(self, amount: Decimal, days: int, missing_days: int):
        self.amount = amount
        self.days = days
        self.missing_days = missing_days

    @property
    def complete(self) -> bool:
        return self.missing_days == 0

    def __repr__(self):
        return f"Consumption({self.amount}, days={self.days}, missing={self.missing_days})"


def _value_at(readings: list[Reading], day: datetime.date) -> Decimal | None:
    """The meter's state at the end of `day`, read or interpolated linearly
    between the accepted readings around it (0.001, half up); None outside
    the readings."""
    before = after = None
    for reading in readings:
        if reading.date <= day:
            before = reading
        if reading.date >= day:
            after = reading
            break
    if before is None or after is None:
        return None
    if before.date == after.date:
        return before.value
    share = Decimal((day - before.date).days) / Decimal((after.date - before.date).days)
    return (before.value + (after.value - before.value) * share).quantize(THOUSANDTH)


def _meter_use(meter: Meter, readings: list[Reading], start, end) -> tuple[Decimal, set]:
    """Use of one meter on days start..end (inclusive) and the set of those
    days its readings cover. A reading dated D is the state at the end of D,
    so days start..end are counted from the end of start-1."""
    first = max(start - datetime.timedelta(days=1), meter.installed)
    last = min(end, meter.removed) if meter.removed else end
    if not readings or last <= first:
        return Decimal("0.000"), set()
    first = max(first, readings[0].date)
    last = min(last, readings[-1].date)
    if last <= first:
        return Decimal("0.000"), set()
    used = _value_at(readings, last) - _value_at(readings, first)
    covered = {first + datetime.timedelta(days=n) for n in range(1, (last - first).days + 1)}
    return used, covered


def consumption(meter_or_premises, medium, start: datetime.date, end: datetime.date):
    """Consumption of `medium` on days `start`..`end` (both inclusive) from
    accepted readings, for one Meter (medium may be None) or for a Premises
    (every meter of the medium, so a replacement is counted across: the old
    meter up to its final reading, the new one from its initial reading).

    A reading dated D is the meter's state at the end of day D; between
    readings the state is interpolated linearly by days and rounded to
    0.001, so consumption(a, b) + consumption(b+1, c) == consumption(a, c)
    exactly. Returns a Consumption (amount, days, missing_days)."""
    if end < start:
        raise ValueError(f"Period ends ({end}) before it starts ({start}).")
    if isinstance(meter_or_premises, Meter):
        meters = [meter_or_premises]
    else:
        meters = list(meter_or_premises.meters.filter(medium=medium))
    total = Decimal("0.000")
    covered: set = set()
    for meter in meters:
        used, days = _meter_use(meter, list(accepted_readings(meter)), start, end)
        total += used
        covered |= days
    days = (end - start).days + 1
    return Consumption(total, days, days - len(covered))


def median_daily_use(premises, medium, before: datetime.date) -> Decimal | None:
    """The median of the average daily use of each interval between
    consecutive accepted readings of the premises' meters of `medium`,
    counting only readings dated before `before`; None with fewer than
    MIN_HISTORY_INTERVALS intervals."""
    return _median_of(premises.meters.filter(medium=medium), before)


def meter_median_daily_use(meter: Meter, before: datetime.date) -> Decimal | None:
    """As median_daily_use, of the meter's own readings only."""
    return _median_of([meter], before)


def _median_of(meters, before: datetime.date) -> Decimal | None:
    rates = []
    for meter in meters:
        readings = list(accepted_readings(meter).filter(date__lt=before))
        for step in history(meter, readings)[1:]:
            if step.days:
                rates.append(step.consumption / step.days)
    if len(rates) < MIN_HISTORY_INTERVALS:
        return None
    return Decimal(statistics.median(rates)).quantize(THOUSANDTH)


# ---- the rules ------------------------------------------------------------


def _neighbours(meter, day, exclude=None):
    accepted = accepted_readings(meter)
    if exclude is not None:
        accepted = accepted.exclude(pk=exclude.pk)
    previous = accepted.filter(date__lte=day).order_by("-date", "-id").first()
    following = accepted.filter(date__gt=day).order_by("date", "id").first()
    return previous, following


def check(
    meter: Meter,
    day: datetime.date,
    value: Decimal,
    kind=Reading.Kind.REGULAR,
    exclude=None,
    source=None,
):
    """Raise ValidationError (Polish, naming the values) if a reading of
    `value` on `day` breaks a rule; return the previous accepted reading.
    `source` is given when a reading is recorded: a tenant's self-reading is
    also held against the meter's own history (impossibility())."""
    unit = meter.unit
    if day > clock.today():
        raise ValidationError(
            _("The date %(date)s is in the future: a reading is of a day that has come.")
            % {"date": format_date(day)},
            code="date",
        )
    if day < meter.installed:
        raise ValidationError(
            _("The date %(date)s is before the meter was installed (%(installed)s).")
            % {"date": format_date(day), "installed": format_date(meter.installed)},
            code="date",
        )
    if meter.removed and day > meter.removed:
        raise ValidationError(
            _("The date %(date)s is after the meter was removed (%(removed)s).")
            % {"date": format_date(day), "removed": format_date(meter.removed)},
            code="date",
        )
    previous, following = _neighbours(meter, day, exclude)
    if previous is not None and previous.date == day and previous.value != value:
        raise ValidationError(
            _("The meter already has an accepted reading %(previous)s of %(date)s.")
            % {"previous": format_value(previous.value, unit), "date": format_date(day)}
        )
    if kind != Reading.Kind.INITIAL and previous is not None and value < previous.value:
        raise ValidationError(
            _("Reading %(value)s is lower than the previous accepted %(previous)s of %(date)s.")
            % {
                "value": format_value(value, unit),
                "previous": format_value(previous.value, unit),
                "date": format_date(previous.date),
            }
        )
    if following is not None and value > following.value:
        raise ValidationError(
            _("Reading %(value)s is higher than the next accepted %(next)s of %(date)s.")
            % {
                "value": format_value(value, unit),
                "next": format_value(following.value, unit),
                "date": format_date(following.date),
            }
        )
    if kind != Reading.Kind.INITIAL:
        why = impossibility(meter, day, value, previous, source)
        if why:
            raise ValidationError(why)
    return previous


def impossibility(meter: Meter, day: datetime.date, value: Decimal, previous, source=None) -> str:
    """Why a reading cannot be true (Polish, naming the value and the limit),
    or "": the use per day since the previous accepted reading is above
    IOK_READING_IMPOSSIBLE_DAILY for the medium; or, for a tenant's
    self-reading, above IOK_READING_IMPOSSIBLE_FACTOR × the median daily use
    of the meter's own history and above IOK_READING_MAX_DAILY too (so a
    meter with a tiny history is not refused a reading that is merely
    high: that one is flagged and waits)."""
    if previous is None or day <= previous.date:
        return ""
    daily = ((value - previous.value) / (day - previous.date).days).quantize(THOUSANDTH)
    unit = meter.unit
    facts = {
        "value": format_value(value, unit),
        "daily": format_value(daily, unit),
        "date": format_date(previous.date),
    }
    bound = settings.IOK_READING_IMPOSSIBLE_DAILY[meter.medium]
    if daily > bound:
        return _(
            "Reading %(value)s means a use of %(daily)s per day since %(date)s, more than "
            "a meter can count (at most %(bound)s per day). Check the value."
        ) % {**facts, "bound": format_value(bound, unit)}
    if source != Reading.Source.TENANT:
        return ""
    median = meter_median_daily_use(meter, day)
    if median is None or median <= 0:
        return ""
    factor = settings.IOK_READING_IMPOSSIBLE_FACTOR
    limit = max(factor * median, settings.IOK_READING_MAX_DAILY[meter.medium])
    if daily > limit:
        return _(
            "Reading %(value)s means a use of %(daily)s per day since %(date)s, more than "
            "%(factor)s× this meter's median of %(median)s per day (at most %(limit)s per "
            "day). Check the value."
        ) % {
            **facts,
            "factor": factor,
            "median": format_value(median, unit),
            "limit": format_value(limit, unit),
        }
    return ""


def plausibility(meter: Meter, day: datetime.date, value: Decimal, previous) -> str:
    """Why a reading looks implausible (Polish text for staff), or "" when
    it does not: the use per day since the previous accepted reading is
    more than PLAUSIBLE_FACTOR × the median daily use of the premises' own
    history for the medium, or above IOK_READING_MAX_DAILY."""
    if previous is None or day <= previous.date:
        return ""
    daily = ((value - previous.value) / (day - previous.date).days).quantize(THOUSANDTH)
    unit = meter.unit
    reasons = []
    median = median_daily_use(meter.premises, meter.medium, day)
    if median is not None and median > 0 and daily > PLAUSIBLE_FACTOR * median:
        reasons.append(
            _(
                "Use of %(daily)s per day since %(date)s is more than %(factor)s× "
                "the premises' median of %(median)s per day."
            )
            % {
                "daily": format_value(daily, unit),
                "date": format_date(previous.date),
                "factor": PLAUSIBLE_FACTOR,
                "median": format_value(median, unit),
            }
        )
    bound = settings.IOK_READING_MAX_DAILY[meter.medium]
    if daily > bound:
        reasons.append(
            _("Use of %(daily)s per day since %(date)s is above the bound of %(bound)s per day.")
            % {
                "daily": format_value(daily, unit),
                "date": format_date(previous.date),
                "bound": format_value(bound, unit),
            }
        )
    return " ".join(reasons)


def _locked(meter: Meter) -> Meter:
    # The rules compare with the meter's other readings: one writer per meter.
    return Meter.objects.select_for_update().select_related("premises").get(pk=meter.pk)


def record_reading(meter, date, value, source, user, kind=Reading.Kind.REGULAR) -> Reading:
    """Record a reading after checking the rules (see check()).

    A tenant's self-reading always waits for staff; any other reading is
    accepted unless it looks implausible, in which case `flagged` says why
    and it waits. Initial and final readings of a replacement are accepted
    as witnessed. Raises ValidationError with a Polish message."""
    value = as_value(value)
    with transaction.atomic():
        meter = _locked(meter)
        previous = check(meter, date, value, kind, source=source)
        flagged = "" if kind != Reading.Kind.REGULAR else plausibility(meter, date, value, previous)
        waiting = source == Reading.Source.TENANT or flagged
        return Reading.objects.create(
            meter=meter,
            date=date,
            value=value,
            kind=kind,
            source=source,
            status=Reading.Status.WAITING if waiting else Reading.Status.ACCEPTED,
            flagged=flagged,
            entered_by=user,
        )


def replace_meter(
    old: Meter,
    removed_on: datetime.date,
    final_value,
    new_serial: str,
    initial_value,
    *,
    user,
    source=Reading.Source.STAFF,
    installed_on: datetime.date | None = None,
    place: str | None = None,
    legalised_until: datetime.date | None = None,
) -> Meter:
    """Close `old` with its final reading on `removed_on` and open a new
    meter of the same premises and medium, installed on `installed_on`
    (default: the same day) with its initial reading; all or nothing.
    Returns the new meter. Raises ValidationError with a Polish message."""
    final_value, initial_value = as_value(final_value), as_value(initial_value)
    installed_on = installed_on or removed_on
    new_serial = new_serial.strip()
    with transaction.atomic():
        old = _locked(old)
        if old.removed is not None:
            raise ValidationError(
                _("Meter %(serial)s was already removed on %(date)s.")
                % {"serial": old.serial_number, "date": format_date(old.removed)}
            )
        if installed_on < removed_on:
            raise ValidationError(_("The new meter cannot be installed before the old is removed."))
        if not new_serial:
            raise ValidationError(_("Give the new meter's serial number."))
        if Meter.objects.filter(serial_number=new_serial).exists():
            raise ValidationError(
                _("A meter with serial number %(serial)s already exists.") % {"serial": new_serial}
            )
        check(old, removed_on, final_value, Reading.Kind.FINAL)
        if accepted_readings(old).filter(date__gt=removed_on).exists():
            raise ValidationError(
                _("Meter %(serial)s has accepted readings after %(date)s.")
                % {"serial": old.serial_number, "date": format_date(removed_on)}
            )
        Reading.objects.create(
            meter=old,
            date=removed_on,
            value=final_value,
            kind=Reading.Kind.FINAL,
            source=source,
            entered_by=user,
        )
        old.removed = removed_on
        old.save(update_fields=["removed"])
        new = Meter.objects.create(
            premises=old.premises,
            medium=old.medium,
            serial_number=new_serial,
            place=place or old.place,
            installed=installed_on,
            legalised_until=legalised_until,
            replaces=old,
        )
        Reading.objects.create(
            meter=new,
            date=installed_on,
            value=initial_value,
            kind=Reading.Kind.INITIAL,
            source=source,
            entered_by=user,
        )
        return new


def accept(reading: Reading, user) -> Reading:
    """Accept a waiting reading, checking the rules again against the
    readings accepted since it was entered; records who and when."""
    with transaction.atomic():
        _locked(reading.meter)
        reading = Reading.objects.select_for_update().get(pk=reading.pk)
        if reading.status != Reading.Status.WAITING:
            raise ValidationError(_("Only a reading waiting for acceptance can be accepted."))
        check(reading.meter, reading.date, reading.value, reading.kind, exclude=reading)
        reading.status = Reading.Status.ACCEPTED
        reading.decided_by = user
        reading.decided_at = clock.now()
        reading.save(update_fields=["status", "decided_by", "decided_at"])
        return reading


def reject(reading: Reading, user, reason: str) -> Reading:
    """Reject a waiting reading; the reason is required and kept."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for rejecting the reading."))
    with transaction.atomic():
        reading = Reading.objects.select_for_update().get(pk=reading.pk)
        if reading.status != Reading.Status.WAITING:
            raise ValidationError(_("Only a reading waiting for acceptance can be rejected."))
        reading.status = Reading.Status.REJECTED
        reading.reject_reason = reason
        reading.decided_by = user
        reading.decided_at = clock.now()
        reading.save(update_fields=["status", "reject_reason", "decided_by", "decided_at"])
        return reading
