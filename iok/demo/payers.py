"""How tenants pay: on time, late, by standing order, too much, too little, or not at all."""

import datetime
import random
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from iok.demo import names
from iok.demo.quotas import deal
from iok.demo.tenancy import Tenancy
from iok.demo.town import Kind
from iok.ledger.models import Ledger
from iok.ledger.money import money
from iok.periods import Period

# profile: (share of tenants, at least); everyone else pays in full by the due day.
PROFILES = {
    "debtor": (0.06, 1),  # pays now and then; arrears grow for months
    "partial": (0.08, 1),  # pays part of most months
    "overpayer": (0.05, 1),  # rounds every payment up
    "standing_order": (0.10, 0),  # a fixed amount, updated in March after the new rates
    "late": (0.12, 0),  # pays in full after the due day
}


@dataclass
class Payer:
    tenancy: Tenancy
    ledger: Ledger
    profile: str
    day: int  # the day of the month this tenant usually pays
    style: int  # how this tenant writes a transfer title
    order: Decimal | None = None

    def payments(self, rng: random.Random, period: Period, due: Decimal) -> list[tuple]:
        """(operation date, amount, title) of each transfer for the month's charge `due`."""
        pay = getattr(self, f"_{self.profile}")(rng, period, due)
        return [
            (_banking_day(period, day), money(amount), title or self.title(period))
            for day, amount, title in pay
            if amount > 0
        ]

    def _punctual(self, rng, period, due):
        return [(self.day + rng.randint(-2, 2), due, None)]

    def _late(self, rng, period, due):
        return [(rng.randint(12, 28) if rng.random() < 0.8 else self.day, due, None)]

    def _overpayer(self, rng, period, due):
        return [(self.day, _round_up(due + 1, 50 if due > 300 else 10), None)]

    def _standing_order(self, rng, period, due):
        if self.order is None or period.month == 3:  # the new rates came with the letter
            self.order = _round_up(due, 10)
        return [(self.day, self.order, None)]

    def _partial(self, rng, period, due):
        draw = rng.random()
        if draw < 0.2:
            return [(self.day, due, None)]
        if draw < 0.3:  # catches up on earlier months
            return [(rng.randint(15, 28), due * Decimal("1.6"), None)]
        return [(rng.randint(5, 25), due * rng.randint(50, 95) / 100, None)]

    def _debtor(self, rng, period, due):
        draw = rng.random()
        if draw < 0.08:
            return [(rng.randint(15, 28), due * rng.randint(2, 3), self.settlement_title())]
        if draw < 0.45:
            return [(rng.randint(8, 28), due * rng.randint(30, 100) / 100, None)]
        return []

    def title(self, period: Period) -> str:
        """A transfer title as tenants write them: each in their own way, every month alike."""
        t = self.tenancy
        premises, building = t.unit.premises, t.unit.site.building
        place = f"{building.street} {building.number}"
        month = f"{period.month:02d}/{period.year}"
        month_name = f"{names.MONTHS[period.month - 1]} {period.year}"
        if premises.kind == Kind.COMMERCIAL:
            return f"Najem lokalu użytkowego {premises.number} {place} {month} {t.main.name}"
        if premises.kind == Kind.GARAGE:
            return f"garaż {premises.number} {place} opłata {month}"
        return [
            f"Czynsz {month} {place}/{premises.number}",
            f"OPŁATA ZA LOKAL {month_name.upper()} {t.main.last_name.upper()}",
            f"czynsz i media {period.month:02d}.{period.year} {t.main.name}",
            f"Wpłata do umowy {t.contract.number} za {month_name}",
        ][self.style]

    def settlement_title(self) -> str:
        return f"Spłata zadłużenia wg porozumienia, umowa {self.tenancy.contract.number}"


def make_payers(rng: random.Random, tenancies: list[Tenancy]) -> list[Payer]:
    ledgers = {ledger.contract_id: ledger for ledger in Ledger.objects.all()}
    profiles = deal(rng, len(tenancies), PROFILES, "punctual")
    return [
        Payer(
            tenancy=t,
            ledger=ledgers[t.contract.pk],
            profile=profile,
            day=rng.choice([2, 3, 5, 5, 7, 8, 9, 10]),
            style=rng.randrange(4),
        )
        for t, profile in zip(tenancies, profiles, strict=True)
    ]


def _round_up(amount: Decimal, step: int) -> Decimal:
    return (amount / step).to_integral_value(rounding=ROUND_CEILING) * step


def _banking_day(period: Period, day: int) -> datetime.date:
    """The day, moved off a weekend: to the Monday after, or the Friday before at a month's end."""
    date = datetime.date(period.year, period.month, min(max(day, 1), period.days))
    while date.weekday() >= 5:
        date += datetime.timedelta(days=1)
    while date.month != period.month or date.weekday() >= 5:
        date -= datetime.timedelta(days=1)
    return date
