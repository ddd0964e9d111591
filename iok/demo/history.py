"""Two years of the ledgers: opening balances, monthly billing and the
tenants' transfers, booked through the same functions the office uses."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from iok.demo.payers import Payer
from iok.demo.window import Window
from iok.ledger.billing import bill_month
from iok.ledger.models import Entry
from iok.ledger.posting import post_entry
from iok.periods import Period


@dataclass
class Chronicle:
    openings: int = 0
    charges: int = 0
    payments: int = 0
    corrections: int = 0
    warnings: list[str] = field(default_factory=list)


def book_openings(rng: random.Random, payers: list[Payer], window: Window) -> int:
    """Balances carried over from the old system, for contracts older than the window."""
    day = window.first_day
    booked = 0
    for payer in payers:
        if payer.tenancy.contract.start >= day:
            continue
        amount = _opening_amount(rng, payer.profile)
        if amount:
            post_entry(
                payer.ledger,
                Entry.Kind.OPENING,
                title=f"Bilans otwarcia na {day:%d.%m.%Y}",
                operation_date=day,
                booking_date=day,
                amount=amount,
            )
            booked += 1
    return booked


def _opening_amount(rng: random.Random, profile: str) -> Decimal:
    """Old arrears for those who owe, a small credit or debt for some others."""
    if profile == "debtor":
        return -Decimal(rng.randint(80_000, 600_000)) / 100
    if profile == "partial":
        return -Decimal(rng.randint(5_000, 90_000)) / 100
    draw = rng.random()
    if draw < 0.15 and profile != "overpayer":
        return -Decimal(rng.randint(1_000, 40_000)) / 100
    if draw < 0.22:
        return Decimal(rng.randint(1_000, 25_000)) / 100
    return Decimal(0)


def live_through(
    rng: random.Random,
    payers: list[Payer],
    window: Window,
    chronicle: Chronicle,
    progress: Callable[[str], None],
) -> None:
    """Bill every month of the window, then book the month's transfers."""
    for period in window.periods:
        result = bill_month(period, booked_on=period.first_day)
        chronicle.charges += result.charged
        chronicle.warnings += result.warnings
        paid = pay_month(rng, payers, period)
        chronicle.payments += paid
        progress(f"  {period}: {result.charged} charges, {paid} payments")


def pay_month(rng: random.Random, payers: list[Payer], period: Period) -> int:
    dues = dict(
        Entry.objects.filter(kind=Entry.Kind.CHARGE, period=str(period)).values_list(
            "ledger_id", "amount"
        )
    )
    count = 0
    for payer in payers:
        due = -dues.get(payer.ledger.pk, Decimal(0))
        if due <= 0:
            continue
        for day, amount, title in payer.payments(rng, period, due):
            post_entry(
                payer.ledger,
                Entry.Kind.PAYMENT,
                title=title,
                operation_date=day,
                booking_date=day,
                amount=amount,
            )
            count += 1
    return count
