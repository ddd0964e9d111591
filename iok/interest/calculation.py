"""Interest for delay on one debt, as pure functions (docs/interest.md).

The rule. Interest on a debt runs from the day after its due date to the day
of payment, both counted: a debt due on 10.01 and paid on 09.02 is 30 days
late. A due date on a Saturday, a Sunday or a Polish public holiday moves to
the next working day (art. 115 KC), so nothing accrues before it. A debt paid
in parts accrues, each day, on what of it is still unpaid at the start of
that day: the part paid on a day accrues that day too, and from the next day
on it no longer does. Each day at that day's annual rate, over a 365-day year,
leap years included (the practice of Polish courts and calculators; a leap
year's 29 February is one more day at 1/365). The exact interest of every
period is added up, and only the total of the debt is rounded to the grosz,
half up.

Nothing here reads the database: the caller gives the debt, what paid it and
when (the stored allocations, iok.interest.accrual), and the rates as a
`RateTable`."""

import datetime
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import holidays
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from iok.ledger.money import ZERO, money

DAY = datetime.timedelta(days=1)
YEAR_DAYS = 365
HUNDRED = Decimal(100)


@lru_cache(maxsize=64)
def _holidays(year: int):
    # The statutory days off work of the act of 18 January 1951, year by year
    # (24 December since 2025), from the maintained `holidays` package.
    return holidays.country_holidays("PL", years=year)


def is_working_day(day: datetime.date) -> bool:
    """Art. 115 KC: neither a Saturday nor a day off work by statute."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_day(day: datetime.date) -> datetime.date:
    """`day`, or the next working day when it is a Saturday, a Sunday or a holiday."""
    while not is_working_day(day):
        day += DAY
    return day


def _day(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class RateTable:
    """Annual rates in percent by the day they take effect, oldest first."""

    starts: tuple[datetime.date, ...]
    rates: tuple[Decimal, ...]

    @classmethod
    def of(cls, rows) -> "RateTable":
        """From (valid from, rate) pairs in any order."""
        ordered = sorted(rows)
        return cls(tuple(day for day, _ in ordered), tuple(rate for _, rate in ordered))

    def spans(self, first: datetime.date, last: datetime.date):
        """(from, to, rate) covering `first`..`last` (both included), a span for
        each rate in force. A day before the first rate is refused, named."""
        at = bisect_right(self.starts, first) - 1
        if at < 0:
            raise ValidationError(
                _("No interest rate for %(day)s: add the rate in force that day.")
                % {"day": _day(first)},
                code="no_rate",
            )
        while first <= last:
            ends = self.starts[at + 1] - DAY if at + 1 < len(self.starts) else last
            to = min(ends, last)
            yield first, to, self.rates[at]
            first, at = to + DAY, at + 1


@dataclass(frozen=True)
class Paid:
    """What of the debt one payment paid, and on which day."""

    on: datetime.date
    amount: Decimal


@dataclass(frozen=True)
class Period:
    """Days at one rate on one unpaid amount: days × rate × base / 365."""

    start: datetime.date
    end: datetime.date
    rate: Decimal
    base: Decimal

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def exact(self) -> Decimal:
        """The interest of the period, unrounded (rounding is on the debt's total)."""
        return self.base * self.rate * self.days / (HUNDRED * YEAR_DAYS)

    @property
    def interest(self) -> Decimal:
        """The period's interest to the grosz, as a page shows it."""
        return money(self.exact)


@dataclass(frozen=True)
class Interest:
    """The interest on one debt as of a day, with how it was computed."""

    amount: Decimal  # the debt, positive
    due: datetime.date  # as booked
    runs_from: datetime.date  # the first day of delay: the working due date + 1
    on: datetime.date
    periods: tuple[Period, ...]

    @property
    def due_moved(self) -> bool:
        return self.runs_from - DAY != self.due

    @property
    def total(self) -> Decimal:
        return money(sum((period.exact for period in self.periods), ZERO))


def interest(
    amount: Decimal, due: datetime.date, paid: list[Paid], on: datetime.date, rates: RateTable
) -> Interest:
    """The interest on a debt of `amount` (positive) due on `due`, paid by
    `paid`, accrued up to and including the day `on` (module's rule)."""
    runs_from = working_day(due) + DAY
    periods = []
    for start, end, base in _unpaid_spans(amount, runs_from, paid, on):
        periods += [Period(a, b, rate, base) for a, b, rate in rates.spans(start, end)]
    return Interest(amount=amount, due=due, runs_from=runs_from, on=on, periods=tuple(periods))


def _unpaid_spans(amount, first, paid, last):
    """(from, to, unpaid) over `first`..`last`: the unpaid part changes the day
    after each payment, and a span with nothing unpaid is left out."""
    unpaid = amount - sum((p.amount for p in paid if p.on < first), ZERO)
    later = sorted({p.on for p in paid if first <= p.on < last})
    start = first
    for day in [*later, last]:
        if start > last:
            break
        if unpaid > 0:
            yield start, day, unpaid
        unpaid -= sum((p.amount for p in paid if p.on == day), ZERO)
        start = day + DAY
