"""The town: buildings on real-sounding streets, their flats, shops and
garages, and the measured properties of each premises."""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from iok.demo import names
from iok.demo.window import Window
from iok.registry.models import Building, Premises, PropertyKind, PropertyValue

Kind = Premises.Kind
INVENTORY_NOTE = "Inwentaryzacja zasobu"
REMEASURE_NOTE = "Pomiar powykonawczy po inwentaryzacji budynku"


@dataclass(frozen=True)
class BuildingType:
    years: tuple[int, int]
    floors: tuple[int, int]
    staircases: tuple[int, int]
    flats_per_floor: tuple[int, int]
    weight: int
    shop_weight: int
    garage_weight: int
    area_factor: Decimal


TYPES = {
    "tenement": BuildingType((1895, 1938), (2, 4), (1, 1), (2, 3), 4, 5, 0, Decimal("1.15")),
    "block": BuildingType((1962, 1989), (4, 5), (1, 3), (2, 3), 5, 1, 3, Decimal(1)),
    "tbs": BuildingType((1999, 2015), (3, 4), (1, 2), (2, 3), 2, 2, 2, Decimal("1.05")),
}

# Usable area of a flat, in grosze of a m², by number of rooms; and how common each is.
FLAT_AREAS = {1: (2400, 3800), 2: (3600, 5400), 3: (4800, 6800), 4: (6200, 8800)}
ROOMS_WEIGHTS = [15, 40, 35, 10]


@dataclass
class Site:
    building: Building
    type: BuildingType
    flats: list[tuple[str, int]]  # (staircase, floor) of each flat


@dataclass
class Unit:
    """A premises, its measures, and what the rest of the demo needs to know about it."""

    premises: Premises
    site: Site
    area: Decimal
    heated: Decimal
    floor: int = 0
    rooms: int = 0

    @property
    def address(self) -> tuple[str, str]:
        """(street and number, postal code) as written on a tenant's letters."""
        b = self.site.building
        return f"{b.street} {b.number}/{self.premises.number}", b.postal_code


@dataclass
class Town:
    sites: list[Site]
    units: list[Unit] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Unit]:
        return [unit for unit in self.units if unit.premises.kind == kind]


def premises_counts(total: int) -> tuple[int, int, int]:
    """(flats, commercial, garages): mostly flats, with some of each other kind."""
    garages = round(total * 0.10)
    commercial = round(total * 0.07)
    if total >= 10:
        garages, commercial = max(garages, 1), max(commercial, 1)
    return total - garages - commercial, commercial, garages


def build_town(rng: random.Random, total: int, window: Window) -> Town:
    flats, commercial, garages = premises_counts(total)
    town = Town(_sites(rng, flats, window))
    Building.objects.bulk_create(site.building for site in town.sites)
    town.units = _units(rng, town.sites, commercial, garages)
    Premises.objects.bulk_create(unit.premises for unit in town.units)
    PropertyValue.objects.bulk_create(_properties(rng, town, window))
    return town


def _sites(rng: random.Random, flats: int, window: Window) -> list[Site]:
    sites, numbers, left = [], {}, flats
    while left > 0:
        name = rng.choices(list(TYPES), weights=[t.weight for t in TYPES.values()])[0]
        site = _site(rng, TYPES[name], numbers, window)
        site.flats = site.flats[:left]
        left -= len(site.flats)
        sites.append(site)
    return sites


def _site(rng, kind: BuildingType, numbers: dict, window: Window) -> Site:
    street, postal_code = rng.choice(names.STREETS)
    numbers[street] = numbers.get(street, rng.randint(0, 9)) + rng.randint(1, 6)
    suffix = "a" if rng.random() < 0.08 else ""
    floors = rng.randint(*kind.floors)
    staircases = rng.randint(*kind.staircases)
    per_floor = rng.randint(*kind.flats_per_floor)
    building = Building(
        street=street,
        number=f"{numbers[street]}{suffix}",
        postal_code=postal_code,
        city=names.CITY,
        year_built=min(rng.randint(*kind.years), window.first.year - 3),
        floors=floors,
    )
    letters = "ABC" if staircases > 1 else ""
    flats = [
        (letters[s] if letters else "", floor)
        for s in range(staircases)
        for floor in range(floors)
        for _flat in range(per_floor)
    ]
    return Site(building, kind, flats)


def _units(rng, sites: list[Site], commercial: int, garages: int) -> list[Unit]:
    units = []
    for site in sites:
        units += [_flat(rng, site, n, place) for n, place in enumerate(site.flats, start=1)]
    for site, n in _spread(rng, sites, commercial, "shop_weight"):
        area = Decimal(min(rng.randint(1800, 14000), rng.randint(1800, 14000))) / 100  # most small
        units.append(Unit(_premises(site, Kind.COMMERCIAL, f"U{n}"), site, area, area))
    for site, n in _spread(rng, sites, garages, "garage_weight"):
        area = Decimal(rng.randint(1400, 2100)) / 100
        units.append(Unit(_premises(site, Kind.GARAGE, f"G{n}"), site, area, Decimal(0)))
    return units


def _premises(site: Site, kind: str, number: str, staircase: str = "") -> Premises:
    return Premises(building=site.building, kind=kind, number=number, staircase=staircase)


def _flat(rng, site: Site, number: int, place: tuple[str, int]) -> Unit:
    rooms = rng.choices(list(FLAT_AREAS), weights=ROOMS_WEIGHTS)[0]
    area = Decimal(rng.randint(*FLAT_AREAS[rooms])) / 100
    area = (area * site.type.area_factor).quantize(Decimal("0.01"))
    heated = area
    if rng.random() < 0.2:  # an unheated pantry or veranda
        heated -= Decimal(rng.randint(100, 400)) / 100
    premises = _premises(site, Kind.RESIDENTIAL, str(number), staircase=place[0])
    return Unit(premises, site, area, heated, floor=place[1], rooms=rooms)


def _spread(rng, sites: list[Site], count: int, weight: str) -> list[tuple[Site, int]]:
    """`count` premises spread over the sites by weight, numbered 1, 2, ... per site."""
    weights = [getattr(site.type, weight) for site in sites]
    if not any(weights):
        weights = [1] * len(sites)
    per_site = {}
    placed = []
    for site in rng.choices(sites, weights=weights, k=count):
        per_site[id(site)] = per_site.get(id(site), 0) + 1
        placed.append((site, per_site[id(site)]))
    return placed


def _properties(rng, town: Town, window: Window) -> list[PropertyValue]:
    kinds = {kind.code: kind for kind in PropertyKind.objects.all()}
    values = []
    for unit in town.units:
        since = inventory_day(unit.site.building)
        for code, value in _measures(rng, unit).items():
            values.append(_value(kinds[code], unit.premises, since, value, INVENTORY_NOTE))
    for unit in _remeasured(rng, town):
        values += _remeasure(rng, kinds, unit, window)
    return values


def inventory_day(building: Building) -> datetime.date:
    """When the company took stock of the building: 1998, or the year after it was built."""
    return datetime.date(max(building.year_built + 1, 1998), 1, 1)


def _measures(rng, unit: Unit) -> dict[str, Decimal]:
    measures = {
        "usable_area": unit.area,
        "heated_area": unit.heated,
        "floor": Decimal(unit.floor),
    }
    if unit.rooms:
        measures["rooms"] = Decimal(unit.rooms)
    if unit.premises.kind != Kind.GARAGE and rng.random() < 0.5:
        measures["basement_area"] = Decimal(rng.randint(200, 800)) / 100
    return measures


def _remeasured(rng, town: Town) -> list[Unit]:
    measurable = [u for u in town.units if u.premises.kind != Kind.GARAGE]
    return rng.sample(measurable, max(1, round(len(measurable) * 0.04)))


def _remeasure(rng, kinds, unit: Unit, window: Window) -> list[PropertyValue]:
    """A later, corrected usable and heated area from the first of some month."""
    since = window.month_start(rng)
    change = Decimal(rng.choice([-1, 1]) * rng.randint(20, 300)) / 100
    unit.area += change
    unit.heated += change
    return [
        _value(kinds["usable_area"], unit.premises, since, unit.area, REMEASURE_NOTE),
        _value(kinds["heated_area"], unit.premises, since, unit.heated, REMEASURE_NOTE),
    ]


def _value(kind, premises, since, value, note) -> PropertyValue:
    return PropertyValue(kind=kind, premises=premises, valid_from=since, value=value, note=note)
