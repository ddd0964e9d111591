"""Consumption of a medium per calendar month, from readings.

Between two accepted readings of one meter the consumption is spread evenly
over the days between them. A reading is the meter's state at the end of its
day, as in `iok.meters.readings.consumption` and in the settlements
(`iok.settlements`, which share this convention): the day of the later
reading counts, the day of the earlier one does not, so a reading taken on
the last day of a month closes that month.
Each interval's share of a month is rounded half-up to the thousandth by
cumulative rounding, so the months of one interval add up exactly to its
consumption and the months of all intervals to the total between the first
and the last reading. A replacement is no interval: the old meter's final
reading closes its last interval and the new meter's initial reading opens
its first."""

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from iok.periods import Period

THOUSANDTH = Decimal("0.001")
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Interval:
    """The consumption between two consecutive readings of one meter."""

    start: datetime.date
    end: datetime.date
    consumption: Decimal

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def daily(self) -> Decimal | None:
        """The daily average, to the thousandth; None for readings on one day."""
        if self.days <= 0:
            return None
        return _thousandths(round_half_up(_to_thousandths(self.consumption), self.days))


def intervals_of(readings) -> list[Interval]:
    """The intervals between consecutive readings of one meter, in date order;
    `readings` are that meter's accepted readings (anything with .date and .value)."""
    ordered = sorted(readings, key=lambda reading: reading.date)
    return [
        Interval(earlier.date, later.date, later.value - earlier.value)
        for earlier, later in itertools.pairwise(ordered)
    ]


@dataclass
class Month:
    """One month's consumption and how many of its days the readings cover."""

    period: Period
    consumption: Decimal
    days_covered: int

    @property
    def whole(self) -> bool:
        return self.days_covered == self.period.days


def by_month(intervals: list[Interval]) -> dict[Period, Month]:
    """Every month an interval touches, with its share of the consumption."""
    months: dict[Period, Month] = {}
    for interval in intervals:
        for period, share, days in _spread(interval):
            month = months.setdefault(period, Month(period, Decimal("0.000"), 0))
            month.consumption += share
            month.days_covered += days
    return dict(sorted(months.items()))


def _spread(interval: Interval):
    """(month, share, days) for each month of one interval; shares add up exactly."""
    total = _to_thousandths(interval.consumption)
    if interval.days <= 0:  # two readings on one day: all of it on that day's month
        yield Period.of(interval.end), _thousandths(total), 0
        return
    days_in = defaultdict(int)
    day = interval.start  # the end of this day; the days after it count
    while day < interval.end:
        upto = min(interval.end, Period.of(day + ONE_DAY).last_day)
        days_in[Period.of(upto)] += (upto - day).days
        day = upto
    passed = given = 0
    for period, days in days_in.items():
        passed += days
        upto_now = round_half_up(total * passed, interval.days)
        yield period, _thousandths(upto_now - given), days
        given = upto_now


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero, in integers (no floats)."""
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    numerator, denominator = abs(numerator), abs(denominator)
    return sign * ((2 * numerator + denominator) // (2 * denominator))


def _to_thousandths(value: Decimal) -> int:
    scaled = value.scaleb(3)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more than three decimal places")
    return int(scaled)


def _thousandths(count: int) -> Decimal:
    return Decimal(count).scaleb(-3).quantize(THOUSANDTH)
