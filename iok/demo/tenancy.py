"""Who holds each premises: contracts with their parties, the persons
registered over time, and a ledger for every contract."""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from iok.demo import names
from iok.demo.people import Registry
from iok.demo.quotas import deal
from iok.demo.town import Kind, Town, Unit, inventory_day
from iok.demo.window import Window
from iok.ledger.posting import open_ledger
from iok.registry.models import (
    Contract,
    Contractor,
    ContractParty,
    PropertyKind,
    PropertyValue,
)

PREFIX = {Kind.RESIDENTIAL: "M", Kind.COMMERCIAL: "U", Kind.GARAGE: "G"}
OLDEST_CONTRACT = datetime.date(1985, 1, 1)
# What happens to a premises during the window; the rest just go on.
STORIES = {
    "moved_out": (0.03, 1),  # the tenant leaves, a new one moves in mid-month
    "ended": (0.01, 1),  # the contract ends, the premises stays empty
    "new": (0.02, 1),  # empty at first, let mid-month
    "vacant": (0.01, 0),  # empty throughout (pustostan)
}
PERSONS_WEIGHTS = [25, 35, 22, 13, 5]  # 1 to 5 persons registered in a flat


@dataclass
class Tenancy:
    contract: Contract
    unit: Unit
    main: Contractor
    parties: list[Contractor] = field(default_factory=list)
    persons: list[tuple[datetime.date, int]] = field(default_factory=list)


@dataclass
class Letting:
    """Builds the contracts of the town in memory, then writes them at once."""

    rng: random.Random
    window: Window
    people: Registry
    tenancies: list[Tenancy] = field(default_factory=list)
    numbers: dict = field(default_factory=dict)
    garage_holders: set = field(default_factory=set)

    def let(self, town: Town) -> list[Tenancy]:
        stories = deal(self.rng, len(town.units), STORIES, "steady")
        for unit, story in zip(town.units, stories, strict=True):
            self._story(unit, story)
        return self.tenancies

    def _story(self, unit: Unit, story: str) -> None:
        if story == "vacant":
            return
        if story == "new":
            start = self.window.mid_month_day(self.rng, self.window.first_day)
            self._contract(unit, start)
            return
        earliest = max(inventory_day(unit.site.building), OLDEST_CONTRACT)
        start = self.window.day_between(self.rng, earliest, self.window.first_day)
        if self.rng.random() < 0.7:
            start = start.replace(day=1)
        end = self._end(start) if story in ("moved_out", "ended") else None
        self._contract(unit, start, end)
        if story == "moved_out":
            self._contract(unit, self.window.mid_month_day(self.rng, end))

    def _end(self, start: datetime.date) -> datetime.date:
        end = self.window.mid_month_day(self.rng, self.window.first_day)
        if self.rng.random() < 0.4:  # notice given to the end of a month
            end = end.replace(day=28) + datetime.timedelta(days=4)
            end -= datetime.timedelta(days=end.day)
        return max(end, start)

    def _contract(self, unit: Unit, start, end=None) -> None:
        if start is None:  # no month of the window is left to begin in
            return
        contract = Contract(
            number=self._number(unit, start),
            kind=self._kind(unit),
            premises=unit.premises,
            start=start,
            end=end,
        )
        parties = self._parties(unit, start)
        tenancy = Tenancy(contract, unit, parties[0], parties)
        tenancy.persons = self._persons(unit, start, end, len(parties))
        self.tenancies.append(tenancy)

    def _number(self, unit: Unit, start: datetime.date) -> str:
        key = (PREFIX[unit.premises.kind], start.year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        return f"{key[0]}/{key[1]}/{self.numbers[key]:04d}"

    def _kind(self, unit: Unit) -> str:
        draw = self.rng.random()
        if unit.premises.kind == Kind.GARAGE and draw < 0.3:
            return Contract.Kind.TENANCY  # a garage on leased municipal land
        if unit.premises.kind == Kind.RESIDENTIAL and draw < 0.03:
            return Contract.Kind.NO_TITLE  # stayed on after the lease was terminated
        return Contract.Kind.LEASE

    def _parties(self, unit: Unit, start: datetime.date) -> list[Contractor]:
        kind = unit.premises.kind
        if kind == Kind.COMMERCIAL:
            return [self.people.company(unit.address, self._owner_name())]
        if kind == Kind.GARAGE:
            return [self._garage_holder(unit, start)]
        return self._household(unit, start)

    def _household(self, unit: Unit, start: datetime.date) -> list[Contractor]:
        rng = self.rng
        latest = start.year - 19
        born = rng.randint(min(1935, latest), latest)
        female = rng.random() < 0.55
        main = self.people.person(unit.address, born=born, female=female)
        if rng.random() < 0.45:
            return [main]
        family = next(f for f in names.LAST_NAMES if main.last_name in f)
        spouse_born = min(born + rng.randint(-6, 6), latest)
        spouse = self.people.person(
            unit.address, born=spouse_born, female=not female, family=family
        )
        return [main, spouse]

    def _garage_holder(self, unit: Unit, start: datetime.date) -> Contractor:
        """Half the garages go to a tenant of a flat in the same building."""
        neighbours = [
            t.main
            for t in self.tenancies
            if t.unit.site is unit.site
            and t.unit.premises.kind == Kind.RESIDENTIAL
            and id(t.main) not in self.garage_holders
            and t.contract.start <= start
        ]
        if neighbours and self.rng.random() < 0.5:
            holder = self.rng.choice(neighbours)
        else:
            street, postal_code = self.rng.choice(names.STREETS)
            address = f"{street} {self.rng.randint(1, 60)}/{self.rng.randint(1, 40)}"
            born = self.rng.randint(1940, start.year - 19)
            female = self.rng.random() < 0.3
            holder = self.people.person((address, postal_code), born=born, female=female)
        self.garage_holders.add(id(holder))
        return holder

    def _owner_name(self) -> str:
        female = self.rng.random() < 0.5
        first = self.rng.choice(names.FEMALE_FIRST if female else names.MALE_FIRST)
        return f"{first} {self.rng.choice(names.LAST_NAMES)[1 if female else 0]}"

    def _persons(self, unit: Unit, start, end, adults: int) -> list[tuple[datetime.date, int]]:
        """The persons registered from `start` on, with people moving in and out."""
        kind = unit.premises.kind
        if kind == Kind.COMMERCIAL:
            return []  # nobody is registered in a shop; its water is charged per premises
        if kind == Kind.GARAGE:
            return [(start, 0)]
        count = max(adults, self.rng.choices(range(1, 6), weights=PERSONS_WEIGHTS)[0])
        history = [(start, count)]
        if self.rng.random() < 0.15:
            history += self._moves(start, end, count)
        return history

    def _moves(self, start, end, count: int) -> list[tuple[datetime.date, int]]:
        moves, after = [], max(start, self.window.first_day)
        for _move in range(self.rng.randint(1, 2)):
            day = self.window.mid_month_day(self.rng, after)
            if day is None or (end and day > end):
                break
            count = max(1, count + self.rng.choice([-1, 1]))  # a birth, a lodger, a departure
            moves.append((day, count))
            after = day
        return moves


def let_town(rng: random.Random, town: Town, window: Window) -> list[Tenancy]:
    """Contracts, parties and persons for the whole town, written to the database."""
    people = Registry(rng)
    tenancies = Letting(rng, window, people).let(town)
    _write(tenancies)
    return sorted(tenancies, key=lambda t: t.contract.number)


def _write(tenancies: list[Tenancy]) -> None:
    contractors = {id(c): c for t in tenancies for c in t.parties}
    Contractor.objects.bulk_create(contractors.values())
    Contract.objects.bulk_create(t.contract for t in tenancies)
    ContractParty.objects.bulk_create(_parties(tenancies))
    persons = PropertyKind.objects.get(code="persons")
    PropertyValue.objects.bulk_create(
        PropertyValue(kind=persons, contract=t.contract, valid_from=day, value=Decimal(count))
        for t in tenancies
        for day, count in t.persons
    )
    for tenancy in sorted(tenancies, key=lambda t: t.contract.number):
        open_ledger(tenancy.contract)


def _parties(tenancies: list[Tenancy]):
    for tenancy in tenancies:
        for n, contractor in enumerate(tenancy.parties):
            role = ContractParty.Role.MAIN if n == 0 else ContractParty.Role.CO_TENANT
            yield ContractParty(contract=tenancy.contract, contractor=contractor, role=role)
