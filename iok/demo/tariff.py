"""The rates: what each component costs, changed every 1 January."""

import datetime
import random
from decimal import Decimal

from iok.demo.quotas import deal
from iok.demo.tenancy import Tenancy
from iok.demo.town import Kind, Site
from iok.demo.window import Window
from iok.ledger.models import Component, Rate
from iok.ledger.money import money
from iok.registry.models import Contract, PropertyKind

BASE_YEAR = 2024
# component, basis, property kind, premises kind ("" = all), amount in BASE_YEAR, yearly factor
TARIFF = [
    ("rent", "property", "usable_area", "", "7.80", "1.05"),
    ("rent", "property", "usable_area", Kind.COMMERCIAL, "32.00", "1.04"),
    ("rent", "premises", None, Kind.GARAGE, "95.00", "1.05"),
    ("cold_water", "property", "persons", "", "38.50", "1.07"),
    ("cold_water", "premises", None, Kind.COMMERCIAL, "75.00", "1.07"),
    ("sewage", "property", "persons", "", "33.20", "1.07"),
    ("sewage", "premises", None, Kind.COMMERCIAL, "64.00", "1.07"),
    ("waste", "premises", None, "", "42.00", "1.10"),
    ("waste", "premises", None, Kind.GARAGE, "0.00", "1"),  # garages pay no waste fee
    ("heating", "property", "heated_area", "", "4.10", "1.04"),
]
BOILER_HEATING = ("5.35", "1.06")  # per m² heated, in buildings with their own gas boiler
LEASE_INDEXATION = Decimal("1.035")  # fixed commercial rents follow inflation each January


def set_tariff(rng: random.Random, sites: list[Site], tenancies: list[Tenancy], window: Window):
    """Every rate the window needs: town-wide, per premises kind, for a couple of
    buildings and for some commercial leases. Returns how many were created."""
    components = {c.code: c for c in Component.objects.all()}
    kinds = {k.code: k for k in PropertyKind.objects.all()}
    rates = []
    for year in window.years:
        jan_1 = datetime.date(year, 1, 1)
        rates += [_tariff_rate(components, kinds, row, jan_1) for row in TARIFF]
        rates += [_boiler_rate(components, kinds, site, jan_1) for site in _boiler_sites(sites)]
    for tenancy in _fixed_rent_leases(rng, tenancies):
        rates += _fixed_rents(rng, components["rent"], tenancy.contract, tenancy.unit.area, window)
    Rate.objects.bulk_create(rates)
    return len(rates)


def _indexed(amount: str, factor: str, year: int) -> Decimal:
    return money(Decimal(amount) * Decimal(factor) ** (year - BASE_YEAR))


def _tariff_rate(components, kinds, row, jan_1: datetime.date) -> Rate:
    code, basis, kind, premises_kind, amount, factor = row
    return Rate(
        component=components[code],
        basis=basis,
        property_kind=kinds[kind] if kind else None,
        premises_kind=premises_kind,
        amount=_indexed(amount, factor, jan_1.year),
        valid_from=jan_1,
    )


def _boiler_sites(sites: list[Site]) -> list[Site]:
    """A couple of the oldest buildings, heated by their own gas boiler house
    (one in a town too small for a couple and the rest)."""
    count = max(1, min(2, len(sites) - 1))
    return sorted(sites, key=lambda s: (s.building.year_built, s.building.street))[:count]


def _boiler_rate(components, kinds, site: Site, jan_1: datetime.date) -> Rate:
    return Rate(
        component=components["heating"],
        basis=Rate.Basis.PROPERTY,
        property_kind=kinds["heated_area"],
        building=site.building,
        amount=_indexed(*BOILER_HEATING, jan_1.year),
        valid_from=jan_1,
    )


def _fixed_rent_leases(rng, tenancies: list[Tenancy]) -> list[Tenancy]:
    """About a third of the commercial leases have a rent won in a tender."""
    leases = [
        t
        for t in tenancies
        if t.unit.premises.kind == Kind.COMMERCIAL and t.contract.kind == Contract.Kind.LEASE
    ]
    labels = deal(rng, len(leases), {"tender": (0.3, 1)}, "tariff")
    return [t for t, label in zip(leases, labels, strict=True) if label == "tender"]


def _fixed_rents(rng, rent: Component, contract: Contract, area: Decimal, window: Window):
    """The tendered monthly rent from the contract's start, indexed every January."""
    per_m2 = Decimal(rng.randint(2800, 4500)) / 100
    amount = money((area * per_m2 / 10).quantize(Decimal(1)) * 10)
    days = [contract.start]
    days += [
        datetime.date(y, 1, 1) for y in window.years if datetime.date(y, 1, 1) > contract.start
    ]
    rates = []
    for day in days:
        rates.append(
            Rate(
                component=rent,
                basis=Rate.Basis.FIXED,
                contract=contract,
                amount=amount,
                valid_from=day,
            )
        )
        amount = money(amount * LEASE_INDEXATION)
    return rates
