"""A few corrections, as an office makes them: a waste fee waived for an empty
flat, a debt written off, a mistaken transfer sent back."""

import datetime
import random

from iok.demo.payers import Payer
from iok.demo.town import Kind
from iok.demo.window import Window
from iok.ledger.corrections import reverse_entry
from iok.ledger.models import Component, Entry
from iok.ledger.posting import post_entry

WASTE_WAIVED = "zwolnienie z opłaty za odpady – lokal niezamieszkały"
WRITTEN_OFF = "umorzenie należności (uchwała Zarządu nr {n}/{year})"
SENT_BACK = "przelew omyłkowy – zwrot na rachunek nadawcy"


def book_corrections(rng: random.Random, payers: list[Payer], window: Window) -> int:
    """Corrections of each kind, about one per fifty contracts; returns how many."""
    each = max(1, len(payers) // 150)
    flats = [p for p in payers if p.tenancy.unit.premises.kind == Kind.RESIDENTIAL]
    debtors = [p for p in payers if p.profile == "debtor"]
    punctual = [p for p in payers if p.profile == "punctual"]
    booked = 0
    for payer in _pick(rng, flats, each):
        booked += _waive_waste(rng, payer, window)
    for payer in _pick(rng, debtors, each):
        booked += _write_off(rng, payer, window)
    for payer in _pick(rng, punctual, each):
        booked += _send_back(rng, payer, window)
    return booked


def _pick(rng, payers: list[Payer], count: int) -> list[Payer]:
    return rng.sample(payers, min(count, len(payers)))


def _charges(payer: Payer, window: Window):
    """The payer's charges early enough to be corrected inside the window."""
    latest = window.periods[-3]
    return list(
        Entry.objects.filter(ledger=payer.ledger, kind=Entry.Kind.CHARGE, period__lte=str(latest))
        .order_by("period")
        .prefetch_related("lines__component")
    )


def _waive_waste(rng, payer: Payer, window: Window) -> int:
    waste = Component.objects.get(code="waste")
    charges = [
        c for c in _charges(payer, window) if any(ln.component == waste for ln in c.lines.all())
    ]
    if not charges:
        return 0
    charge = rng.choice(charges)
    on = charge.operation_date + datetime.timedelta(days=rng.randint(5, 25))
    reverse_entry(charge, reason=WASTE_WAIVED, on=on, components=[waste], booked_on=on)
    return 1


def _write_off(rng, payer: Payer, window: Window) -> int:
    charges = _charges(payer, window)
    if not charges:
        return 0
    on = window.periods[-2].first_day.replace(day=rng.randint(3, 20))
    reason = WRITTEN_OFF.format(n=rng.randint(3, 40), year=on.year)
    reverse_entry(charges[0], reason=reason, on=on, booked_on=on)
    return 1


def _send_back(rng, payer: Payer, window: Window) -> int:
    """A tenant pays the same month twice by mistake and gets the money back."""
    payments = list(
        Entry.objects.filter(ledger=payer.ledger, kind=Entry.Kind.PAYMENT).order_by(
            "operation_date", "id"
        )
    )
    if not payments:
        return 0
    first = rng.choice(payments[:-2] or payments)
    twice = post_entry(
        payer.ledger,
        Entry.Kind.PAYMENT,
        title=first.title,
        operation_date=first.operation_date + datetime.timedelta(days=1),
        booking_date=first.operation_date + datetime.timedelta(days=1),
        amount=first.amount,
    )
    on = min(twice.operation_date + datetime.timedelta(days=rng.randint(3, 7)), window.last_day)
    reverse_entry(twice, reason=SENT_BACK, on=on, booked_on=on)
    return 1
