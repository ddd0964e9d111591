"""A flat with a cold-water meter, supplier prices and half a year of
advances: the ground of the settlement tests. Dates are fixed: the first
half of 2026, settled on 15.07.2026."""

import datetime
from decimal import Decimal

import pytest

from iok.ledger.models import Component
from iok.ledger.posting import Line, post_entry
from iok.meters.models import Meter, Reading
from iok.periods import Period
from iok.settlements.models import ConsumptionNorm, SupplierPrice

D = datetime.date
FIRST, LAST, ON = D(2026, 1, 1), D(2026, 6, 30), D(2026, 7, 15)
# A reading dated D is the state at the end of D: the half-year is read on
# 31.12.2025 (its state at the start of 01.01) and on LAST.
DEC31 = D(2025, 12, 31)
INSTALLED = D(2020, 1, 1)


def component(code):
    return Component.objects.get(code=code)


@pytest.fixture
def prices(db):
    """Cold water 5,00 zł/m³, 6,00 zł from 01.04.2026; sewage 4,00 zł/m³; a
    norm of 3 m³ a person a month."""
    SupplierPrice.objects.create(
        component=component("cold_water"), price=Decimal("5.00"), valid_from=D(2025, 1, 1)
    )
    SupplierPrice.objects.create(
        component=component("cold_water"), price=Decimal("6.00"), valid_from=D(2026, 4, 1)
    )
    SupplierPrice.objects.create(
        component=component("sewage"), price=Decimal("4.00"), valid_from=D(2025, 1, 1)
    )
    ConsumptionNorm.objects.create(
        medium="cold_water", per_person_month=Decimal("3.000"), valid_from=D(2025, 1, 1)
    )


def charge_advances(ledger, months, cold="15.00", sewage="12.00", vat_rate=None, vat="0.00"):
    """Monthly charges of the water and sewage advances (amounts gross)."""
    for month in months:
        period = Period(2026, month)
        lines = [
            Line(component("cold_water"), -Decimal(cold), vat=-Decimal(vat), vat_rate=vat_rate),
            Line(component("sewage"), -Decimal(sewage), vat=-Decimal(vat), vat_rate=vat_rate),
        ]
        post_entry(
            ledger,
            "charge",
            title=f"Naliczenie {period}",
            operation_date=period.first_day,
            period=period,
            lines=lines,
            due_date=period.first_day,
        )


def water_meter(premises, serial, *readings, installed=INSTALLED, removed=None, replaces=None):
    meter = Meter.objects.create(
        premises=premises,
        medium="cold_water",
        serial_number=serial,
        place="bathroom",
        installed=installed,
        removed=removed,
        replaces=replaces,
    )
    for day, value in readings:
        Reading.objects.create(meter=meter, date=day, value=Decimal(value), source="staff")
    return meter
