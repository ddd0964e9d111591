"""The arithmetic of a utility settlement, on plain data (no database).

Time: the arithmetic works with instants, each the start of a day. A
MeterReadings holds (instant, value) pairs and its installation and removal as
instants. A reading dated D is the meter's state at the END of day D
(docs/meters.md; the same as iok.meters.readings.consumption and the portal
chart), that is the start of D + 1: inputs.py moves every date by that one
day when it reads the models. A span of days [first, last] runs from the start
of `first` to the start of the day after `last`, so readings dated 31.12 and
30.06 (instants 01.01 and 01.07) measure exactly the days 01.01–30.06.

Inside, quantities and amounts are exact fractions; a component's consumption
is rounded half-up to 0.001 once, and its amount half-up to the grosz once
(docs/settlements.md)."""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

ONE_DAY = datetime.timedelta(days=1)
THOUSANDTH = Decimal("0.001")
GROSZ = Decimal("0.01")
MIN_HISTORY_DAYS = 30  # an average of fewer days of readings is no estimate


class Method(StrEnum):
    """How a quantity was obtained, from the most to the least exact."""

    READINGS = "readings"  # readings on both ends
    PRORATED = "prorated"  # between readings, prorated by days
    AVERAGE = "average"  # estimated from the premises' average daily use
    PERSONS = "persons"  # estimated from persons registered × norm


ORDER = list(Method)
ESTIMATES = (Method.AVERAGE, Method.PERSONS)
# An estimate of at most this many days right next to a reading is most likely
# a reading given the wrong date ("stan na 01.01" dated 01.01 instead of 31.12):
# the office preview warns before booking (docs/settlements.md).
SHORT_ESTIMATE_DAYS = 7


def weakest(methods) -> Method:
    return max(methods, key=ORDER.index, default=Method.READINGS)


class CannotSettle(Exception):
    """A component that cannot be settled for a contract, and why: `code` is
    "no_price" (none valid on `day`) or "no_estimate" (nothing to estimate
    the days without readings from)."""

    def __init__(self, code: str, day: datetime.date | None = None):
        super().__init__(code, day)
        self.code, self.day = code, day


@dataclass(frozen=True)
class Span:
    first: datetime.date
    last: datetime.date  # inclusive

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def end(self) -> datetime.date:
        """The instant the span ends: the start of the day after `last`."""
        return self.last + ONE_DAY


@dataclass(frozen=True)
class MeterReadings:
    """One meter's accepted readings, in date order, as (instant, value):
    the instant is the start of a day, the day after the reading's date (see
    the module's docstring); `installed` and `removed` are instants too.
    `replaces`: the serial number of the meter it replaced, if any."""

    serial: str
    readings: tuple[tuple[datetime.date, Decimal], ...]
    replaces: str | None = None
    installed: datetime.date | None = None
    removed: datetime.date | None = None


@dataclass(frozen=True)
class Part:
    """A stretch of days and how much was used in it."""

    first: datetime.date
    last: datetime.date
    quantity: Fraction
    method: Method
    serial: str = ""
    start_value: Fraction | None = None
    end_value: Fraction | None = None


@dataclass(frozen=True)
class PricePiece:
    first: datetime.date
    last: datetime.date
    price: Decimal

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def half_up(value: Fraction, unit: Decimal) -> Decimal:
    """`value` rounded to a multiple of `unit`, halves away from zero."""
    scaled = Fraction(value) / Fraction(unit)
    whole = (abs(scaled.numerator) * 2 + scaled.denominator) // (2 * scaled.denominator)
    return (Decimal(whole if scaled >= 0 else -whole) * unit).quantize(unit)


# Consumption ---------------------------------------------------------------


def value_at(readings, day: datetime.date) -> Fraction:
    """The meter's state at the start of `day` (an instant), prorated by days
    between the readings around it; `day` must lie within the readings."""
    for (d0, v0), (d1, v1) in pairwise(readings):
        if d0 <= day <= d1 and d1 > d0:
            return Fraction(v0) + (Fraction(v1) - Fraction(v0)) * (day - d0).days / (d1 - d0).days
    for d, v in readings:
        if d == day:
            return Fraction(v)
    raise ValueError(f"{day} is outside the readings")


def metered(meter: MeterReadings, start: datetime.date, end: datetime.date) -> Part | None:
    """What the meter measured between the instants `start` and `end`, as far
    as its readings reach; None when they do not reach into it."""
    if len(meter.readings) < 2:
        return None
    dates = [d for d, _value in meter.readings]
    lo, hi = max(start, dates[0]), min(end, dates[-1])
    if lo >= hi:
        return None
    a, b = value_at(meter.readings, lo), value_at(meter.readings, hi)
    exact = lo in dates and hi in dates
    return Part(
        first=lo,
        last=hi - ONE_DAY,
        quantity=b - a,
        method=Method.READINGS if exact else Method.PRORATED,
        serial=meter.serial,
        start_value=a,
        end_value=b,
    )


def chains(meters: list[MeterReadings]) -> list[list[MeterReadings]]:
    """Meters grouped into chains of replacements, oldest first; a meter
    that replaces none of these starts a chain."""
    by_serial = {m.serial: m for m in meters}
    next_of = {m.replaces: m for m in meters if m.replaces in by_serial}
    result = []
    for meter in meters:
        if meter.replaces in by_serial:
            continue
        chain = [meter]
        while chain[-1].serial in next_of:
            chain.append(next_of[chain[-1].serial])
        result.append(chain)
    return result


def average_daily(chain: list[MeterReadings]) -> Fraction | None:
    """Average daily use over every reading of the chain's meters; None with
    fewer than MIN_HISTORY_DAYS days of readings."""
    used, days = Fraction(0), 0
    for meter in chain:
        if len(meter.readings) >= 2:
            (d0, v0), (d1, v1) = meter.readings[0], meter.readings[-1]
            used += Fraction(v1) - Fraction(v0)
            days += (d1 - d0).days
    return used / days if days >= MIN_HISTORY_DAYS else None


def by_norm(persons: Decimal, norm: Decimal, first: datetime.date, last: datetime.date) -> Fraction:
    """persons × norm per month, each calendar month by its days in [first, last]."""
    total, day = Fraction(0), first
    while day <= last:
        month_days = calendar.monthrange(day.year, day.month)[1]
        month_last = min(last, day.replace(day=month_days))
        total += Fraction((month_last - day).days + 1, month_days)
        day = month_last + ONE_DAY
    return Fraction(persons) * Fraction(norm) * total


def gaps(span: Span, parts: list[Part]) -> list[tuple[datetime.date, datetime.date]]:
    """The days of `span` no part covers, as inclusive (first, last) pairs."""
    result, day = [], span.first
    for part in sorted(parts, key=lambda p: p.first):
        if part.first > day:
            result.append((day, part.first - ONE_DAY))
        day = max(day, part.last + ONE_DAY)
    if day <= span.last:
        result.append((day, span.last))
    return result


def estimate(first, last, average: Fraction | None, persons, norm) -> Part:
    """Days without readings: the average daily use, else persons × norm."""
    if average is not None:
        days = (last - first).days + 1
        return Part(first, last, average * days, Method.AVERAGE)
    if persons is None or norm is None:
        raise CannotSettle("no_estimate", first)
    return Part(first, last, by_norm(persons, norm, first, last), Method.PERSONS)


def in_service(span: Span, chain: list[MeterReadings]) -> Span | None:
    """The days of `span` the chain was installed, from the first meter's
    installation to the removal of the last (None: always)."""
    first = max(filter(None, [span.first, chain[0].installed]))
    removed = chain[-1].removed
    last = min(span.last, removed - ONE_DAY) if removed else span.last
    return Span(first, last) if first <= last else None


def consumption(
    span: Span, meters: list[MeterReadings], persons: Decimal | None, norm: Decimal | None
) -> list[Part]:
    """Every part of the consumption in `span`: per chain of meters in
    service what the readings say, and the days they miss estimated; with no
    meter in service, the whole span estimated from persons × norm."""
    parts = []
    for chain in chains(meters):
        served = in_service(span, chain)
        if served is None:
            continue
        measured = [p for m in chain if (p := metered(m, served.first, served.end)) is not None]
        average = average_daily(chain)
        missing = [estimate(a, b, average, persons, norm) for a, b in gaps(served, measured)]
        parts.extend(sorted(measured + missing, key=lambda p: p.first))
    return parts or [estimate(span.first, span.last, None, persons, norm)]


def estimated_days(parts: list[Part]) -> int:
    """How many days some part estimates (a day two meters both estimate
    counts once); every other day of the span is metered on every meter."""
    days = set()
    for part in parts:
        if part.method in ESTIMATES:
            days.update(part.first + n * ONE_DAY for n in range((part.last - part.first).days + 1))
    return len(days)


@dataclass(frozen=True)
class ShortEstimate:
    """An estimate of few days next to a reading: `reading` is the date of the
    reading it borders (the state at the end of that day) on meter `serial`;
    `before` when the estimate comes before that reading (an opening reading
    dated a day late), else after it (a closing reading dated too early)."""

    part: Part
    serial: str
    reading: datetime.date
    before: bool


def short_estimates(parts: list[Part], limit: int = SHORT_ESTIMATE_DAYS) -> list[ShortEstimate]:
    """Estimated parts of at most `limit` days that touch a part measured by
    readings, as consumption() lists them (each chain's parts in date order)."""
    found = []
    for i, part in enumerate(parts):
        if part.method not in ESTIMATES or (part.last - part.first).days + 1 > limit:
            continue
        following = parts[i + 1] if i + 1 < len(parts) else None
        previous = parts[i - 1] if i else None
        if _measured(following) and following.first == part.last + ONE_DAY:
            found.append(ShortEstimate(part, following.serial, following.first - ONE_DAY, True))
        elif _measured(previous) and previous.last + ONE_DAY == part.first:
            found.append(ShortEstimate(part, previous.serial, previous.last, False))
    return found


def _measured(part: Part | None) -> bool:
    return part is not None and part.method not in ESTIMATES


def total(parts: list[Part]) -> Decimal:
    """The parts added exactly, rounded half-up to 0.001 once."""
    return half_up(sum((p.quantity for p in parts), Fraction(0)), THOUSANDTH)


# Prices ---------------------------------------------------------------------


def price_pieces(span: Span, prices: list[tuple[datetime.date, Decimal]]) -> list[PricePiece]:
    """The span cut where the price changes: each piece with the price valid
    in it. `prices` are (valid_from, price) pairs."""
    prices = sorted(prices)
    if not prices or prices[0][0] > span.first:
        raise CannotSettle("no_price", span.first)
    pieces = []
    for i, (valid_from, price) in enumerate(prices):
        until = prices[i + 1][0] - ONE_DAY if i + 1 < len(prices) else span.last
        first, last = max(valid_from, span.first), min(until, span.last)
        if first <= last:
            pieces.append(PricePiece(first, last, price))
    return pieces


def net_amount(quantity: Decimal, pieces: list[PricePiece], days: int) -> Decimal:
    """quantity spread evenly over the days, each piece at its price, added
    exactly and rounded half-up to the grosz once."""
    exact = sum(
        (Fraction(quantity) * piece.days / days * Fraction(piece.price) for piece in pieces),
        Fraction(0),
    )
    return half_up(exact, GROSZ)


def vat_of(net: Decimal, rate: int | None) -> Decimal:
    """VAT on a net amount, half-up to the grosz (as billing does)."""
    if not rate:
        return Decimal("0.00")
    return half_up(Fraction(net) * rate / 100, GROSZ)


def monthly_advance(quantity: Decimal, days: int, price: Decimal) -> Decimal:
    """The net monthly advance that pays for the same daily use at `price`:
    quantity / days × 365 / 12 × price, half-up to the grosz."""
    return half_up(Fraction(quantity) / days * Fraction(365, 12) * Fraction(price), GROSZ)
