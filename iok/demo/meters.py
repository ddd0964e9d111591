"""The demo town's water meters and their readings.

Every flat gets a cold-water and a hot-water meter in the bathroom, read at
the end of every quarter of the window; each quarter's use follows the
persons registered in the flat then (none while it stands empty). One meter
is replaced halfway; two tenants' self-readings and one implausible
collector's reading wait for the office; installation dates are spread so
that some legalisations expire within 90 days of the window's end. Readings
are written in bulk: the rules are kept by construction (values only grow),
and the last three go through readings.record_reading, as the office's would.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from iok.demo.window import Window
from iok.meters.models import Meter, Reading
from iok.meters.readings import THOUSANDTH, record_reading, replace_meter
from iok.registry.models import Premises

# m³ a person uses a day; a flat's own habits vary by ±20 %.
DAILY_PER_PERSON = {"cold_water": Decimal("0.070"), "hot_water": Decimal("0.035")}
PREFIX = {"cold_water": "ZW", "hot_water": "CW"}
LEGALISATION_YEARS = 5


def quarter_ends(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days = []
    for year in range(first.year, last.year + 1):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            end = datetime.date(year, month, day)
            if first < end <= last:
                days.append(end)
    return days


def persons_on(tenancies, day: datetime.date) -> int:
    for tenancy in tenancies:
        contract = tenancy.contract
        if contract.start <= day and (contract.end is None or day <= contract.end):
            count = 0
            for since, persons in tenancy.persons:
                if since <= day:
                    count = persons
            return count
    return 0


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def install_meters(rng: random.Random, town, tenancies, window: Window) -> int:
    """Meters and readings for every flat; the number of readings written."""
    by_unit = defaultdict(list)
    for tenancy in tenancies:
        by_unit[id(tenancy.unit)].append(tenancy)
    flats = [u for u in town.units if u.premises.kind == Premises.Kind.RESIDENTIAL]
    quarters = quarter_ends(window.first_day, window.last_day)
    meters, plans = [], []
    for number, unit in enumerate(flats, 1):
        for medium in ("cold_water", "hot_water"):
            installed = window.first_day - datetime.timedelta(days=rng.randint(1, 3 * 365))
            meter = Meter(
                premises=unit.premises,
                medium=medium,
                serial_number=f"{PREFIX[medium]}-{number:05d}",
                place=Meter.Place.BATHROOM,
                installed=installed,
                legalised_until=_years_later(installed, LEGALISATION_YEARS),
            )
            habit = Decimal(rng.randint(80, 120)) / 100
            start = Decimal(rng.randint(0, 40_000)).scaleb(-3)
            meters.append(meter)
            plans.append((meter, by_unit[id(unit)], habit, start))
    Meter.objects.bulk_create(meters)
    readings = []
    for meter, unit_tenancies, habit, start in plans:
        value, previous = start, meter.installed
        readings.append(_reading(meter, previous, value, Reading.Kind.INITIAL))
        for end in quarters:
            persons = persons_on(unit_tenancies, end)
            daily = DAILY_PER_PERSON[meter.medium] * persons * habit
            value = (value + daily * (end - previous).days).quantize(THOUSANDTH)
            readings.append(_reading(meter, end, value, Reading.Kind.REGULAR))
            previous = end
    Reading.objects.bulk_create(readings)
    return len(readings) + _events(rng, meters, window)


def _reading(meter, day, value, kind) -> Reading:
    return Reading(
        meter=meter,
        date=day,
        value=value,
        kind=kind,
        source=Reading.Source.COLLECTOR if kind == Reading.Kind.REGULAR else Reading.Source.STAFF,
    )


def _events(rng: random.Random, meters: list[Meter], window: Window) -> int:
    """One replacement, two self-readings waiting, one flagged reading."""
    cold = [m for m in meters if m.medium == "cold_water"]
    if len(cold) < 4:
        return 0
    chosen = rng.sample(cold, 4)
    written = _replace(chosen[0], window)
    day = window.last_day
    for meter in chosen[1:]:
        # The office has not yet read these meters at the window's end.
        meter.readings.filter(date=day).delete()
    for meter in chosen[1:3]:
        last = meter.readings.order_by("-date").first()
        use = (Decimal(rng.randint(1500, 4000)) / 1000).quantize(THOUSANDTH)
        record_reading(meter, day, last.value + use, Reading.Source.TENANT, None)
        written += 1
    last = chosen[3].readings.order_by("-date").first()
    # A collector's typing slip: far above any flat's use.
    record_reading(chosen[3], day, last.value + Decimal("250.000"), Reading.Source.COLLECTOR, None)
    return written + 1


def _replace(meter: Meter, window: Window) -> int:
    """Replace `meter` at the first quarter's end of the window's second
    year; its later readings move to the new meter, counted from zero."""
    quarters = [
        q for q in quarter_ends(window.first_day, window.last_day) if q.year > window.first_day.year
    ]
    if len(quarters) < 2:
        return 0
    day = quarters[0]
    later = list(meter.readings.filter(date__gt=day).order_by("date"))
    at = meter.readings.get(date=day)
    Reading.objects.filter(pk__in=[r.pk for r in later] + [at.pk]).delete()
    new = replace_meter(
        meter,
        day,
        at.value,
        meter.serial_number + "-W",
        Decimal("0.000"),
        user=None,
        legalised_until=_years_later(day, LEGALISATION_YEARS),
    )
    Reading.objects.bulk_create(
        [_reading(new, r.date, r.value - at.value, Reading.Kind.REGULAR) for r in later]
    )
    return 2
