"""Interest rates for delay, with the history since 2016 (docs/interest.md).

The NBP reference rate by the day it took effect, from the bank's published
decisions of the Monetary Policy Council (RPP). Checked against public
sources (ZUS's table of statutory interest, infor.pl's rate archive, press
reports of the RPP's announcements) where marked "verified"; the rest are
the published decisions as recorded here but not checked against a second
source while writing this migration, and the administrator should check
them against nbp.pl ("unverified" in `source`). Corrections found while
checking: the cut of March 2020 took the rate to 1.00 % (not 0.50 %) on
18.03.2020, and a second cut to 0.50 % took effect on 09.04.2020. Decisions
after the cut to 3.75 % of 05.03.2026 could not be found: add them in the
admin.

Statutory interest for delay (art. 481 § 2 KC since 01.01.2016) is the
reference rate + 5.5 points from the day the reference rate changes.
Interest in commercial transactions is the reference rate in force on
1 January or 1 July + 10 points (8 points before 01.01.2020), fixed for the
half-year; a row only where the half-year's rate changes."""

import datetime
from decimal import Decimal

from django.db import migrations, models

import iok.fields
from iok.access.grants import grant

V, U = "verified", "unverified"
# (effective day, NBP reference rate %, checked)
REFERENCE = [
    ("2015-03-05", "1.50", V),
    ("2020-03-18", "1.00", V),
    ("2020-04-09", "0.50", V),
    ("2020-05-29", "0.10", V),
    ("2021-10-07", "0.50", U),
    ("2021-11-04", "1.25", V),
    ("2021-12-09", "1.75", U),
    ("2022-01-05", "2.25", U),
    ("2022-02-09", "2.75", U),
    ("2022-03-09", "3.50", U),
    ("2022-04-07", "4.50", U),
    ("2022-05-06", "5.25", U),
    ("2022-06-09", "6.00", U),
    ("2022-07-08", "6.50", U),
    ("2022-09-08", "6.75", U),
    ("2023-09-07", "6.00", U),
    ("2023-10-05", "5.75", U),
    ("2025-05-08", "5.25", V),
    ("2025-07-03", "5.00", U),
    ("2025-09-04", "4.75", V),
    ("2025-10-09", "4.50", V),
    ("2025-11-06", "4.25", V),
    ("2025-12-04", "4.00", V),
    ("2026-03-05", "3.75", V),
]
STATUTORY_FROM = datetime.date(2016, 1, 1)  # art. 481 § 2 KC in its present wording
COMMERCIAL_TEN_POINTS_FROM = datetime.date(2020, 1, 1)
LAST_FOUND = datetime.date(2026, 3, 5)


def _day(text):
    return datetime.date.fromisoformat(text)


def reference_on(day):
    """The reference rate in force on `day`, and whether it was checked."""
    found = [(rate, checked) for start, rate, checked in REFERENCE if _day(start) <= day]
    return Decimal(found[-1][0]), found[-1][1]


def statutory_rows():
    """(valid from, rate, reference rate, source): the rate in force on
    01.01.2016, then one row for each change of the reference rate."""
    first, checked = reference_on(STATUTORY_FROM)
    yield (
        STATUTORY_FROM,
        first + Decimal("5.50"),
        first,
        f"NBP {first} % of 2015-03-05 in force on 2016-01-01, {checked}",
    )
    for start, rate, checked in REFERENCE:
        if _day(start) > STATUTORY_FROM:
            yield (
                _day(start),
                Decimal(rate) + Decimal("5.50"),
                Decimal(rate),
                f"NBP {start}, {checked}",
            )


def commercial_rows():
    last, year, half = None, 2016, 1
    while datetime.date(year, 1 if half == 1 else 7, 1) <= datetime.date(2026, 7, 1):
        day = datetime.date(year, 1 if half == 1 else 7, 1)
        reference, checked = reference_on(day)
        points = Decimal("10.00") if day >= COMMERCIAL_TEN_POINTS_FROM else Decimal("8.00")
        rate = reference + points
        if day > LAST_FOUND:
            checked = "unverified: no RPP decision after 05.03.2026 was found"
        if rate != last:
            yield day, rate, reference, f"NBP on {day:%d.%m.%Y} + {points:.0f}, {checked}"
            last = rate
        year, half = (year, 2) if half == 1 else (year + 1, 1)


def seed(apps, schema_editor):
    InterestRate = apps.get_model("interest", "InterestRate")
    rows = [("statutory", *row) for row in statutory_rows()]
    rows += [("commercial", *row) for row in commercial_rows()]
    InterestRate.objects.bulk_create(
        InterestRate(kind=kind, valid_from=day, rate=rate, reference_rate=ref, source=source)
        for kind, day, rate, ref, source in rows
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [("ledger", "0012_entry_counterpart"), ("access", "0002_groups")]

    operations = [
        migrations.CreateModel(
            name="InterestRate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("statutory", "statutory interest for delay (art. 481 § 2 KC)"),
                            ("commercial", "interest for delay in commercial transactions"),
                        ],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("valid_from", models.DateField(verbose_name="valid from")),
                ("rate", iok.fields.FixedPointField(places=2, verbose_name="annual rate (%)")),
                (
                    "reference_rate",
                    iok.fields.FixedPointField(
                        blank=True,
                        help_text="The reference rate the annual rate is derived from, for the record.",
                        null=True,
                        places=2,
                        verbose_name="NBP reference rate (%)",
                    ),
                ),
                ("source", models.CharField(blank=True, max_length=200, verbose_name="source")),
            ],
            options={
                "verbose_name": "interest rate",
                "verbose_name_plural": "interest rates",
                "ordering": ["kind", "-valid_from"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "valid_from"), name="interest_rate_once"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("rate__gte", 0)), name="interest_rate_not_negative"
                    ),
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        # Staff and City Hall read the rates; only the administrator edits them.
        migrations.RunPython(
            grant("staff", "interest", ["view_interestrate"]), migrations.RunPython.noop
        ),
        migrations.RunPython(
            grant("city_hall", "interest", ["view_interestrate"]), migrations.RunPython.noop
        ),
    ]
