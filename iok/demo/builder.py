"""The demo, phase by phase, in one transaction: a town and two years of its ledgers."""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from iok.demo.history import Chronicle, book_openings, live_through
from iok.demo.logins import create_logins
from iok.demo.meters import install_meters
from iok.demo.mistakes import book_corrections
from iok.demo.payers import make_payers
from iok.demo.requests import file_requests
from iok.demo.settlements import settle_town
from iok.demo.tariff import set_tariff
from iok.demo.tenancy import let_town
from iok.demo.town import Kind, build_town
from iok.demo.window import Window
from iok.ledger.allocation import allocate_ledgers
from iok.ledger.models import Ledger
from iok.periods import Period


@dataclass
class Demo:
    premises: int
    seed: int
    until: Period


def build_demo(demo: Demo, progress: Callable[[str], None] = lambda message: None) -> Chronicle:
    """Everything or nothing: a failure in any phase leaves the database as it was.

    Only `random.Random(seed)` decides, and every date follows from `until`, so
    the same seed, size and month build the same town on an empty database."""
    rng = random.Random(demo.seed)  # noqa: S311 - reproducible demo data, not a secret
    window = Window(demo.until)
    started = time.monotonic()

    def say(message: str) -> None:
        progress(f"[{time.monotonic() - started:5.1f} s] {message}")

    with transaction.atomic():
        town = build_town(rng, demo.premises, window)
        say(_town_line(town))
        tenancies = let_town(rng, town, window)
        people = {id(c) for t in tenancies for c in t.parties}
        say(f"{len(tenancies)} contracts with ledgers, {len(people)} tenants")
        say(f"{set_tariff(rng, town.sites, tenancies, window)} rates from {window.years[0]} on")
        payers = make_payers(rng, tenancies)
        chronicle = Chronicle(openings=book_openings(rng, payers, window))
        say(f"{chronicle.openings} opening balances on {window.first_day:%d.%m.%Y}")
        say(f"billing and payments, {window.first} to {window.until}:")
        live_through(rng, payers, window, chronicle, say)
        chronicle.corrections = book_corrections(rng, payers, window)
        say(f"{chronicle.corrections} corrections")
        say(f"{install_meters(rng, town, tenancies, window)} meter readings")
        say(f"{settle_town(window)} utility settlements of the last half-year")
        # Demo payments go straight through post_entry; allocate them once, at the end.
        say(f"{allocate_ledgers(Ledger.objects.values('pk'))} payment allocations")
        create_logins()
        say(f"{file_requests()} access requests waiting for the office")
    return chronicle


def _town_line(town) -> str:
    counts = {kind: len(town.of_kind(kind)) for kind in Kind}
    return (
        f"{len(town.sites)} buildings with {len(town.units)} premises: "
        f"{counts[Kind.RESIDENTIAL]} flats, {counts[Kind.COMMERCIAL]} commercial, "
        f"{counts[Kind.GARAGE]} garages"
    )
