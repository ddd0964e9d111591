"""Days metered and days estimated, said out loud. A reading dated D is the
state at the END of D, so "stan na 01.01" entered as of 01.01 leaves 01.01
itself unmetered: that day is estimated. The calculation kept with the
settlement counts the metered and the estimated days, the tenant's page and
PDF say them, and the office preview warns before booking when an estimate
covers only a few days next to a reading.

The flat of tests/settlements/conftest.py: 01.01–30.06.2026, 181 days."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from iok.settlements.arithmetic import Method, Part
from iok.settlements.models import Settlement
from iok.settlements.presentation import readable
from iok.settlements.running import run_settlements
from tests.access.pdf_text import pdf_text
from tests.settlements.conftest import DEC31, FIRST, LAST, ON, D, charge_advances, water_meter

pytestmark = pytest.mark.usefixtures("prices")
PREVIEW = {"first": "2026-01-01", "last": "2026-06-30", "building": ""}


@pytest.fixture
def opened_a_day_late(flat, ledger):
    """Read 100 on 01.01.2026 (the state at the end of 01.01) and 118,1 on
    30.06: 02.01–30.06 (180 days) metered, 01.01 estimated from the average."""
    water_meter(flat, "W-1", (FIRST, "100"), (LAST, "118.1"))
    charge_advances(ledger, range(1, 7))
    return ledger


def water_of(settlement):
    return next(r for r in settlement.document["components"] if r["code"] == "cold_water")


def test_the_kept_calculation_counts_the_metered_and_the_estimated_days(opened_a_day_late):
    run_settlements(FIRST, LAST, on=ON)

    water = water_of(Settlement.objects.get(contract__ledger=opened_a_day_late))
    assert (water["metered_days"], water["estimated_days"]) == (180, 1)
    assert water["short_estimates"] == [
        {
            "first": "2026-01-01",
            "last": "2026-01-01",
            "days": 1,
            "meter": "W-1",
            "reading": "2026-01-01",
            "before": True,
        }
    ]


def test_a_period_read_on_both_ends_has_every_day_metered_and_no_warning(flat, ledger):
    water_meter(flat, "W-1", (DEC31, "100"), (LAST, "118.1"))

    result = run_settlements(FIRST, LAST, on=ON)

    water = water_of(Settlement.objects.get(contract__ledger=ledger))
    assert (water["metered_days"], water["estimated_days"], water["short_estimates"]) == (
        181,
        0,
        [],
    )
    assert not [w for w in result.warnings if "M/2020/0001" in w]


def test_the_preview_warns_the_clerk_of_a_day_estimated_before_the_opening_reading(
    client, people, opened_a_day_late
):
    client.force_login(people.clerk)

    page = client.get(reverse("office:settlements:run_preview"), PREVIEW).content.decode()

    assert (
        "M/2020/0001, Zaliczka na zimną wodę: szacunek za 1 dzień (01.01.2026–01.01.2026) "
        "przed odczytem licznika W-1 z 01.01.2026. Odczyt to stan licznika na koniec dnia, "
        "którego datę nosi: aby zmierzyć zużycie od 01.01.2026, nadaj temu odczytowi datę "
        "31.12.2025." in page
    )
    assert "Zaliczka na zimną wodę: 1 z 181" in page
    assert not Settlement.objects.exists()


def test_a_closing_reading_dated_early_warns_of_the_days_after_it(flat, ledger):
    water_meter(flat, "W-1", (DEC31, "100"), (D(2026, 6, 28), "118.1"))

    result = run_settlements(FIRST, LAST, on=ON, dry_run=True)

    assert (
        "M/2020/0001, Zaliczka na zimną wodę: szacunek za 2 dni (29.06.2026–30.06.2026) po "
        "ostatnim odczycie licznika W-1 z 28.06.2026. Odczyt to stan licznika na koniec dnia, "
        "którego datę nosi: aby zmierzyć zużycie do 30.06.2026, nadaj odczytowi zamknięcia "
        "datę 30.06.2026." in result.warnings
    )


def test_a_long_estimate_is_counted_but_not_warned_of_as_a_misdated_reading(flat, ledger):
    # Read on 31.12.2025 and 31.03.2026 only: 01.04–30.06 (91 days) estimated.
    water_meter(flat, "W-1", (D(2025, 6, 30), "0"), (DEC31, "36.8"), (D(2026, 3, 31), "54.8"))

    result = run_settlements(FIRST, LAST, on=ON)

    water = water_of(Settlement.objects.get(contract__ledger=ledger))
    assert (water["metered_days"], water["estimated_days"], water["short_estimates"]) == (
        90,
        91,
        [],
    )
    assert not [w for w in result.warnings if "M/2020/0001" in w]


def test_the_tenants_calculation_page_says_how_many_days_were_metered_and_estimated(
    client, people, opened_a_day_late
):
    run_settlements(FIRST, LAST, on=ON)
    settlement = Settlement.objects.get(contract__ledger=opened_a_day_late)
    client.force_login(people.tenant)

    page = client.get(
        reverse("settlements:portal_detail", args=[opened_a_day_late.pk, settlement.pk])
    ).content.decode()

    assert "z odczytów za 180 dni, szacunek za 1 dzień ze średniego dziennego zużycia" in page
    assert "Dni zmierzone odczytami: 180; dni szacowane: 1." in page


def test_the_pdf_says_how_many_days_were_metered_and_estimated(client, people, opened_a_day_late):
    run_settlements(FIRST, LAST, on=ON)
    settlement = Settlement.objects.get(contract__ledger=opened_a_day_late)
    client.force_login(people.tenant)

    response = client.get(
        reverse("settlements:portal_pdf", args=[opened_a_day_late.pk, settlement.pk])
    )

    text = pdf_text(response.content)
    assert "Dni zmierzone odczytami: 180; dni szacowane: 1." in text
    assert "szacunek za 1 dzień" in text


def test_a_calculation_kept_before_the_counts_still_shows_them(opened_a_day_late):
    run_settlements(FIRST, LAST, on=ON)
    document = Settlement.objects.get(contract__ledger=opened_a_day_late).document
    for row in document["components"]:
        del row["metered_days"], row["estimated_days"], row["short_estimates"]

    water = next(r for r in readable(document)["components"] if r["code"] == "cold_water")

    assert (water["metered_days"], water["estimated_days"]) == (180, 1)


def test_a_day_two_meters_both_estimate_counts_once():
    from iok.settlements.arithmetic import estimated_days

    day = datetime.date(2026, 1, 1)
    parts = [
        Part(day, day, Decimal("0.1"), Method.AVERAGE, "ZW-1"),
        Part(day + datetime.timedelta(days=1), LAST, Decimal("18"), Method.READINGS, "ZW-1"),
        Part(day, day + datetime.timedelta(days=1), Decimal("0.2"), Method.PERSONS, "CW-1"),
        Part(day + datetime.timedelta(days=2), LAST, Decimal("9"), Method.READINGS, "CW-1"),
    ]

    assert estimated_days(parts) == 2
