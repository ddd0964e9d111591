"""The demo's meters: every flat has two, readings follow the persons
registered and never fall, and the office has something to do."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from iok.meters.models import Meter, Reading
from iok.registry.models import Premises

UNTIL = "2026-10"
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def fingerprint():
    return sorted(Reading.objects.values_list("meter__serial_number", "date", "value", "status"))


def built(seed):
    with FAST_HASHER, transaction.atomic():
        call_command(
            "demo", "--premises=20", f"--seed={seed}", f"--until={UNTIL}", stdout=StringIO()
        )
        found = fingerprint(), _facts()
        transaction.set_rollback(True)
    return found


def _facts():
    flats = Premises.objects.filter(kind="residential")
    media = {tuple(sorted(set(f.meters.values_list("medium", flat=True)))) for f in flats}
    falling = 0
    for meter in Meter.objects.prefetch_related("readings"):
        values = [r.value for r in meter.readings.all() if r.status == "accepted"]
        falling += values != sorted(values)
    return {
        "media per flat": media,
        "falling": falling,
        "replaced": Meter.objects.filter(replaces__isnull=False).count(),
        "self-readings waiting": Reading.objects.filter(source="tenant", status="waiting").count(),
        "flagged": Reading.objects.exclude(flagged="").filter(status="waiting").count(),
    }


@pytest.mark.django_db
def test_the_demo_gives_every_flat_two_meters_and_the_office_some_readings_to_decide():
    readings, facts = built(seed=7)

    assert facts == {
        "media per flat": {("cold_water", "hot_water")},
        "falling": 0,
        "replaced": 1,
        "self-readings waiting": 2,
        "flagged": 1,
    }
    assert len(readings) > 100


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_readings():
    assert built(seed=7)[0] == built(seed=7)[0]
