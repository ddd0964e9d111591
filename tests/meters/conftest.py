"""Meters of the conftest flat: a cold-water meter installed 1 January 2026
with its initial reading 100,000 m³, entered by the clerk."""

import datetime
from decimal import Decimal

import pytest

from iok.meters.models import Meter, Reading

JAN_1 = datetime.date(2026, 1, 1)


def d(text: str) -> datetime.date:
    """A date written dd.mm.yyyy, as the office writes them."""
    return datetime.datetime.strptime(text, "%d.%m.%Y").date()


def make_meter(premises, serial, *, medium="cold_water", installed=JAN_1, initial="100.000"):
    meter = Meter.objects.create(
        premises=premises,
        medium=medium,
        serial_number=serial,
        place="bathroom",
        installed=installed,
        legalised_until=datetime.date(2030, 12, 31),
    )
    if initial is not None:
        Reading.objects.create(
            meter=meter,
            date=installed,
            value=Decimal(initial),
            kind="initial",
            source="staff",
        )
    return meter


@pytest.fixture
def meter(flat):
    return make_meter(flat, "ZW-0001")


@pytest.fixture
def staff_user(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("kasia")
