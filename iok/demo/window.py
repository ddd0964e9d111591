"""The stretch of months the demo bills: 24 months ending with `until`."""

import datetime
import random
from dataclasses import dataclass

from iok.periods import Period

MONTHS = 24


@dataclass(frozen=True)
class Window:
    until: Period

    @property
    def periods(self) -> list[Period]:
        periods = [self.until]
        while len(periods) < MONTHS:
            periods.insert(0, periods[0].previous())
        return periods

    @property
    def first(self) -> Period:
        return self.periods[0]

    @property
    def first_day(self) -> datetime.date:
        return self.first.first_day

    @property
    def last_day(self) -> datetime.date:
        return self.until.last_day

    @property
    def years(self) -> range:
        return range(self.first.year, self.until.year + 1)

    def day_between(
        self, rng: random.Random, first: datetime.date, last: datetime.date
    ) -> datetime.date:
        """A day from `first` to `last` inclusive."""
        return first + datetime.timedelta(days=rng.randint(0, (last - first).days))

    def mid_month_day(self, rng: random.Random, after: datetime.date) -> datetime.date | None:
        """A day from the 2nd to the 27th of a month that begins after `after`,
        before the last month of the window; None if no such month is left."""
        months = [p for p in self.periods[:-1] if p.first_day > after]
        if not months:
            return None
        return rng.choice(months).first_day.replace(day=rng.randint(2, 27))

    def month_start(self, rng: random.Random, *, skip_first: bool = True) -> datetime.date:
        """The first day of a month of the window (not the first month if `skip_first`)."""
        return rng.choice(self.periods[1 if skip_first else 0 :]).first_day
