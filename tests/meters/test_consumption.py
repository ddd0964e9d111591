"""Consumption from accepted readings, by hand, across a replacement; the
plausibility flag both ways; and the properties every sequence keeps."""

import contextlib
import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.meters.models import Reading
from iok.meters.readings import (
    accepted_readings,
    consumption,
    history,
    record_reading,
    replace_meter,
)
from iok.registry.models import Premises
from tests.meters.conftest import JAN_1, d, make_meter

STAFF = Reading.Source.STAFF


@pytest.fixture
def replaced(flat, meter, staff_user):
    """Meter A: 100,000 on 01.01, 118,000 on 31.03, final 136,200 on 30.06;
    meter B: initial 0,500 on 30.06, 19,700 on 30.09.2026."""
    record_reading(meter, d("31.03.2026"), Decimal("118.000"), STAFF, staff_user)
    new = replace_meter(meter, d("30.06.2026"), "136.200", "ZW-0002", "0.500", user=staff_user)
    record_reading(new, d("30.09.2026"), Decimal("19.700"), STAFF, staff_user)
    return meter, new


def test_consumption_across_a_replacement_adds_both_meters(flat, replaced):
    # A: 136,200 − 100,000 = 36,200; B: 19,700 − 0,500 = 19,200; together 55,400 m³.
    used = consumption(flat, "cold_water", d("02.01.2026"), d("30.09.2026"))

    assert used.amount == Decimal("55.400")
    assert used.days == 272
    assert used.complete


def test_the_day_of_installation_is_before_the_initial_reading_and_not_covered(flat, replaced):
    used = consumption(flat, "cold_water", d("01.01.2026"), d("30.09.2026"))

    assert (used.amount, used.days, used.missing_days) == (Decimal("55.400"), 273, 1)


def test_a_period_ending_between_readings_is_interpolated_by_days(flat, replaced):
    # A from 31.03 to its removal: 136,200 − 118,000 = 18,200.
    # B on 31.07: 0,500 + 19,200 × 31/92 = 6,9695… → 6,970; use 6,970 − 0,500 = 6,470.
    used = consumption(flat, "cold_water", d("01.04.2026"), d("31.07.2026"))

    assert used.amount == Decimal("24.670")
    assert used.complete


def test_days_after_the_last_reading_are_missing_not_guessed(flat, replaced):
    used = consumption(flat, "cold_water", d("01.09.2026"), d("31.10.2026"))

    # B: 0,500 + 19,200 × 62/92 = 13,4391… → 13,439 on 31.08; 19,700 − 13,439 = 6,261.
    assert used.amount == Decimal("6.261")
    assert (used.days, used.missing_days) == (61, 31)


def test_one_meters_consumption_stays_within_its_life(replaced):
    old, new = replaced

    assert consumption(old, None, d("01.01.2026"), d("31.12.2026")).amount == Decimal("36.200")
    assert consumption(new, None, d("01.01.2026"), d("31.12.2026")).amount == Decimal("19.200")


def test_history_gives_use_days_and_daily_average_between_accepted_readings(replaced):
    old, _new = replaced

    steps = [(s.reading.value, s.consumption, s.days, s.daily) for s in history(old)]

    assert steps == [
        (Decimal("100.000"), None, None, None),
        (Decimal("118.000"), Decimal("18.000"), 89, Decimal("0.202")),  # 18 / 89 = 0,2022
        (Decimal("136.200"), Decimal("18.200"), 91, Decimal("0.200")),
    ]


@pytest.fixture
def steady(meter, staff_user):
    """0,100 m³ a day for three intervals of 30 days: the median is 0,100."""
    for day, value in [("31.01.2026", "103"), ("02.03.2026", "106"), ("01.04.2026", "109")]:
        record_reading(meter, d(day), Decimal(value), STAFF, staff_user)
    return meter


def test_use_of_three_times_the_median_is_not_flagged(steady, staff_user):
    reading = record_reading(steady, d("01.05.2026"), Decimal("118.000"), STAFF, staff_user)

    assert (reading.status, reading.flagged) == ("accepted", "")


def test_use_above_three_times_the_median_is_flagged_and_waits(steady, staff_user):
    reading = record_reading(steady, d("01.05.2026"), Decimal("118.030"), STAFF, staff_user)

    assert reading.status == "waiting"
    assert reading.flagged == (
        "Zużycie 0,301 m³ na dobę od 01.04.2026 przekracza 3× medianę lokalu (0,100 m³ na dobę)."
    )


def test_use_above_the_absolute_bound_is_flagged_without_history(meter, staff_user):
    # No history yet (only the initial reading): the bound of 2 m³ a day alone decides.
    at_bound = record_reading(meter, d("31.01.2026"), Decimal("160.000"), STAFF, staff_user)
    above = record_reading(meter, d("01.02.2026"), Decimal("162.001"), STAFF, staff_user)

    assert at_bound.flagged == ""
    assert above.status == "waiting"
    assert (
        above.flagged == "Zużycie 2,001 m³ na dobę od 31.01.2026 przekracza próg 2,000 m³ na dobę."
    )


def test_the_bound_is_configurable_per_medium(meter, staff_user, settings):
    settings.IOK_READING_MAX_DAILY = {**settings.IOK_READING_MAX_DAILY, "cold_water": Decimal("1")}

    reading = record_reading(meter, d("31.01.2026"), Decimal("130.300"), STAFF, staff_user)

    assert "przekracza próg 1,000 m³ na dobę" in reading.flagged


def test_a_tenants_reading_waits_even_when_plausible(meter, staff_user):
    reading = record_reading(meter, d("31.01.2026"), Decimal("103.000"), "tenant", staff_user)

    assert (reading.status, reading.flagged) == ("waiting", "")


_numbers = itertools.count(1)
attempt = st.tuples(st.integers(0, 400), st.integers(0, 60_000))  # day offset, value in litres


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(attempts=st.lists(attempt, max_size=12), cuts=st.lists(st.integers(0, 400), max_size=4))
def test_accepted_readings_never_decrease_and_consumption_adds_up(
    building, staff_user, settings, attempts, cuts
):
    settings.IOK_READING_MAX_DAILY = {key: Decimal(1000) for key in settings.IOK_READING_MAX_DAILY}
    premises = Premises.objects.create(
        building=building, kind="garage", number=f"G{next(_numbers)}"
    )
    meter = make_meter(premises, f"P-{premises.number}", initial="0.000")
    for offset, litres in attempts:
        value = Decimal(litres).scaleb(-3)
        with contextlib.suppress(ValidationError):
            record_reading(meter, JAN_1 + datetime.timedelta(days=offset), value, STAFF, staff_user)

    values = [r.value for r in accepted_readings(meter)]
    assert values == sorted(values)
    start, end = JAN_1, JAN_1 + datetime.timedelta(days=400)
    bounds = sorted({start + datetime.timedelta(days=c) for c in cuts if c > 0})
    parts, first = [], start
    for cut in [*bounds, end + datetime.timedelta(days=1)]:
        parts.append(consumption(meter, None, first, cut - datetime.timedelta(days=1)))
        first = cut
    whole = consumption(meter, None, start, end)
    assert sum(part.amount for part in parts) == whole.amount
    assert sum(part.missing_days for part in parts) == whole.missing_days
    assert all(part.amount >= 0 for part in parts)
