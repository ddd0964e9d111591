"""The demo town's supplier prices, norm and a settled half-year, so the
portal shows settlements. Runs after the demo's meters and readings
(iok/demo/meters.py), when there are any; without them every flat is
estimated from persons × norm, which the calculation says."""

import datetime
from decimal import Decimal

from iok.demo.window import Window
from iok.ledger.models import Component
from iok.periods import Period
from iok.settlements.models import ConsumptionNorm, SupplierPrice
from iok.settlements.running import run_settlements

# component code, net price per m³ from the window's start, and from the
# fourth month of the settled half-year (a price change inside it)
PRICES = [("cold_water", "11.90", "12.60"), ("sewage", "10.40", "11.10")]
NORM = Decimal("3.000")  # m³ of water a person a month


def last_half_year(window: Window) -> tuple[datetime.date, datetime.date]:
    """The latest January–June or July–December that ended inside the window."""
    end = window.until
    while end.month not in (6, 12):
        end = end.previous()
    first = Period(end.year, end.month - 5)
    return first.first_day, end.last_day


def settle_town(window: Window) -> int:
    """Prices, the norm, and one settlement run of the last half-year; the
    number of settlements booked."""
    first, last = last_half_year(window)
    change = Period(first.year, first.month + 3).first_day
    for code, price, later in PRICES:
        component = Component.objects.get(code=code)
        SupplierPrice.objects.create(
            component=component, price=Decimal(price), valid_from=window.first_day
        )
        SupplierPrice.objects.create(component=component, price=Decimal(later), valid_from=change)
    ConsumptionNorm.objects.create(
        medium="cold_water", per_person_month=NORM, valid_from=window.first_day
    )
    on = last + datetime.timedelta(days=15)
    result = run_settlements(first, last, on=on)
    return result.run.booked
