"""Collectors' CSV files: what a good file adds, how a bad one is reported
(all or nothing), and that importing the same file again adds nothing."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from iok.meters.importing import import_readings
from iok.meters.models import Reading
from tests.meters.conftest import d, make_meter

GOOD = b"""numer licznika;data;odczyt
ZW-0001;31.03.2026;112,500
CW-0001;2026-03-31;41.25

ZW-0001;30.06.2026;125,000
"""


@pytest.fixture
def meters(flat):
    return make_meter(flat, "ZW-0001"), make_meter(
        flat, "CW-0001", medium="hot_water", initial="35"
    )


def test_a_good_file_adds_each_reading_as_a_collectors(meters, staff_user):
    report = import_readings(GOOD, user=staff_user)

    assert report.ok
    assert (report.added, report.skipped, report.flagged) == (3, 0, 0)
    cold, hot = meters
    assert [(r.date, r.value) for r in cold.readings.filter(source="collector")] == [
        (d("31.03.2026"), Decimal("112.500")),
        (d("30.06.2026"), Decimal("125.000")),
    ]
    assert hot.readings.get(source="collector").value == Decimal("41.250")
    assert hot.readings.get(source="collector").entered_by == staff_user


def test_importing_the_same_file_again_adds_nothing(meters, staff_user):
    import_readings(GOOD, user=staff_user)

    again = import_readings(GOOD, user=staff_user)

    assert again.ok
    assert (again.added, again.skipped) == (0, 3)
    assert Reading.objects.filter(source="collector").count() == 3


def test_a_file_with_one_bad_row_adds_nothing_and_names_every_bad_row(meters, staff_user):
    bad = (
        b"ZW-0001;31.03.2026;112,500\n"
        b"XX-9999;31.03.2026;1,000\n"
        b"ZW-0001;31.04.2026;113,000\n"
        b"CW-0001;31.03.2026;trzy\n"
        b"CW-0001;30.04.2026\n"
        b"ZW-0001;30.06.2026;111,000\n"
    )

    report = import_readings(bad, user=staff_user)

    assert report.errors == [
        (2, "żaden licznik nie ma numeru fabrycznego XX-9999"),
        (3, "31.04.2026 nie jest datą w postaci dd.mm.rrrr ani rrrr-mm-dd."),
        (4, "trzy nie jest liczbą."),
        (5, "oczekiwano 3 kolumn (numer fabryczny; data; wskazanie), jest 2"),
        (6, "Odczyt 111,000 m³ jest niższy niż poprzedni przyjęty 112,500 m³ z 31.03.2026."),
    ]
    assert not Reading.objects.filter(source="collector").exists()


def test_a_dry_run_reports_but_records_nothing(meters, staff_user):
    report = import_readings(GOOD, user=staff_user, dry_run=True)

    assert (report.ok, report.added) == (True, 3)
    assert not Reading.objects.filter(source="collector").exists()


def test_a_windows_1250_file_is_read(meters, staff_user):
    report = import_readings("licznik;dzień;wskazanie\nZW-0001;31.03.2026;112,5\n".encode("cp1250"))

    assert (report.ok, report.added) == (True, 1)


def test_an_implausible_reading_in_a_file_waits_for_staff(meters, staff_user):
    report = import_readings(b"ZW-0001;02.01.2026;150,000\n", user=staff_user)

    assert (report.added, report.flagged) == (1, 1)
    assert Reading.objects.get(source="collector").status == "waiting"


def test_the_command_imports_and_says_what_it_did(meters, tmp_path):
    path = tmp_path / "odczyty.csv"
    path.write_bytes(GOOD)
    out = StringIO()

    call_command("import-readings", str(path), stdout=out)
    call_command("import-readings", str(path), stdout=out)

    assert Reading.objects.filter(source="collector").count() == 3
    first, second = out.getvalue().splitlines()
    assert first.endswith(
        "dodano odczytów: 3 (czeka na pracownika: 0), już zapisanych i pominiętych: 0."
    )
    assert second.endswith(
        "dodano odczytów: 0 (czeka na pracownika: 0), już zapisanych i pominiętych: 3."
    )


def test_the_command_refuses_a_bad_file_listing_the_rows(meters, tmp_path):
    path = tmp_path / "odczyty.csv"
    path.write_bytes(b"ZW-0001;31.03.2026;112,500\nXX-1;31.03.2026;1\n")

    with pytest.raises(CommandError) as refused:
        call_command("import-readings", str(path))

    assert "XX-1" in str(refused.value)
    assert not Reading.objects.filter(source="collector").exists()


def test_the_commands_dry_run_records_nothing(meters, tmp_path):
    path = tmp_path / "odczyty.csv"
    path.write_bytes(GOOD)

    call_command("import-readings", str(path), "--dry-run", stdout=StringIO())

    assert not Reading.objects.filter(source="collector").exists()
