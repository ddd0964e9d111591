"""The rules every reading obeys, and their Polish messages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iok.meters.models import Reading
from iok.meters.readings import accept, record_reading, reject, replace_meter
from tests.meters.conftest import d, make_meter

STAFF = Reading.Source.STAFF


def test_a_reading_higher_than_the_previous_is_accepted(meter, staff_user):
    reading = record_reading(meter, d("01.04.2026"), Decimal("110.500"), STAFF, staff_user)

    assert reading.status == "accepted"
    assert reading.flagged == ""
    assert reading.entered_by == staff_user


def test_a_reading_lower_than_the_previous_accepted_is_refused_naming_both_values(
    meter, staff_user
):
    record_reading(meter, d("01.10.2026"), Decimal("130.000"), STAFF, staff_user)

    with pytest.raises(ValidationError) as refused:
        record_reading(meter, d("01.11.2026"), Decimal("123.456"), STAFF, staff_user)

    assert refused.value.messages == [
        "Odczyt 123,456 m³ jest niższy niż poprzedni przyjęty 130,000 m³ z 01.10.2026."
    ]
    assert meter.readings.count() == 2


def test_a_reading_higher_than_a_later_accepted_one_is_refused(meter, staff_user):
    record_reading(meter, d("01.10.2026"), Decimal("130.000"), STAFF, staff_user)

    with pytest.raises(ValidationError) as refused:
        record_reading(meter, d("01.09.2026"), Decimal("131.000"), STAFF, staff_user)

    assert refused.value.messages == [
        "Odczyt 131,000 m³ jest wyższy niż następny przyjęty 130,000 m³ z 01.10.2026."
    ]


def test_a_second_different_reading_on_the_same_day_is_refused(meter, staff_user):
    record_reading(meter, d("01.10.2026"), Decimal("130.000"), STAFF, staff_user)

    with pytest.raises(ValidationError) as refused:
        record_reading(meter, d("01.10.2026"), Decimal("131.000"), STAFF, staff_user)

    assert refused.value.messages == ["Licznik ma już przyjęty odczyt 130,000 m³ z 01.10.2026."]


def test_a_waiting_reading_does_not_count_as_previous(meter, staff_user):
    record_reading(meter, d("01.10.2026"), Decimal("150.000"), "tenant", staff_user)

    reading = record_reading(meter, d("02.10.2026"), Decimal("120.000"), STAFF, staff_user)

    assert reading.status == "accepted"


def test_a_reading_before_installation_is_refused(meter, staff_user):
    with pytest.raises(ValidationError) as refused:
        record_reading(meter, d("31.12.2025"), Decimal("100.000"), STAFF, staff_user)

    assert refused.value.messages == [
        "Data 31.12.2025 jest wcześniejsza niż montaż licznika (01.01.2026)."
    ]


def test_a_reading_after_removal_is_refused(meter, staff_user):
    replace_meter(meter, d("30.06.2026"), "150.000", "ZW-0002", "0.000", user=staff_user)

    with pytest.raises(ValidationError) as refused:
        record_reading(meter, d("01.07.2026"), Decimal("151.000"), STAFF, staff_user)

    assert refused.value.messages == [
        "Data 01.07.2026 jest późniejsza niż demontaż licznika (30.06.2026)."
    ]


def test_the_initial_reading_of_a_new_meter_may_be_lower_than_the_old_meters(meter, staff_user):
    new = replace_meter(meter, d("30.06.2026"), "150.000", "ZW-0002", "3.000", user=staff_user)

    meter.refresh_from_db()
    assert meter.removed == d("30.06.2026")
    assert new.replaces == meter
    assert [(r.kind, r.value) for r in new.readings.all()] == [("initial", Decimal("3.000"))]
    assert meter.readings.get(kind="final").value == Decimal("150.000")


def test_a_replacement_with_a_bad_final_reading_changes_nothing(meter, staff_user):
    record_reading(meter, d("01.04.2026"), Decimal("120.000"), STAFF, staff_user)

    with pytest.raises(ValidationError) as refused:
        replace_meter(meter, d("30.06.2026"), "119.000", "ZW-0002", "0.000", user=staff_user)

    assert "niższy niż poprzedni przyjęty 120,000 m³" in refused.value.messages[0]
    meter.refresh_from_db()
    assert meter.removed is None
    assert not meter.premises.meters.filter(serial_number="ZW-0002").exists()


def test_a_replacement_with_a_serial_already_used_changes_nothing(flat, meter, staff_user):
    make_meter(flat, "CW-0001", medium="hot_water")

    with pytest.raises(ValidationError) as refused:
        replace_meter(meter, d("30.06.2026"), "150.000", "CW-0001", "0.000", user=staff_user)

    assert refused.value.messages == ["Licznik o numerze fabrycznym CW-0001 już istnieje."]
    meter.refresh_from_db()
    assert meter.removed is None
    assert meter.readings.count() == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Odczyt nie może być ujemny."),
        ("12.3456", "Odczyt ma najwyżej trzy miejsca po przecinku."),
        ("dwanaście", "dwanaście nie jest liczbą."),
    ],
)
def test_a_value_that_is_no_reading_is_refused(meter, staff_user, value, message):
    with pytest.raises(ValidationError) as refused:
        record_reading(meter, d("01.04.2026"), value, STAFF, staff_user)

    assert refused.value.messages == [message]


def test_accepting_records_who_and_when(meter, staff_user):
    waiting = record_reading(meter, d("01.04.2026"), Decimal("110.000"), "tenant", None)

    accepted = accept(waiting, staff_user)

    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    assert accepted.decided_by == staff_user
    assert accepted.decided_at is not None


def test_accepting_checks_the_rules_again(meter, staff_user):
    waiting = record_reading(meter, d("01.04.2026"), Decimal("110.000"), "tenant", None)
    record_reading(meter, d("01.03.2026"), Decimal("115.000"), STAFF, staff_user)

    with pytest.raises(ValidationError) as refused:
        accept(waiting, staff_user)

    assert refused.value.messages == [
        "Odczyt 110,000 m³ jest niższy niż poprzedni przyjęty 115,000 m³ z 01.03.2026."
    ]
    waiting.refresh_from_db()
    assert waiting.status == "waiting"


def test_rejecting_needs_a_reason(meter, staff_user):
    waiting = record_reading(meter, d("01.04.2026"), Decimal("110.000"), "tenant", None)

    with pytest.raises(ValidationError) as refused:
        reject(waiting, staff_user, "  ")

    assert refused.value.messages == ["Podaj powód odrzucenia odczytu."]
    waiting.refresh_from_db()
    assert waiting.status == "waiting"


def test_rejecting_records_the_reason_who_and_when(meter, staff_user):
    waiting = record_reading(meter, d("01.04.2026"), Decimal("110.000"), "tenant", None)

    reject(waiting, staff_user, "Zdjęcie nieczytelne")

    waiting.refresh_from_db()
    assert (waiting.status, waiting.reject_reason) == ("rejected", "Zdjęcie nieczytelne")
    assert waiting.decided_by == staff_user
    assert waiting.decided_at is not None


def test_a_decided_reading_cannot_be_decided_again(meter, staff_user):
    reading = record_reading(meter, d("01.04.2026"), Decimal("110.000"), STAFF, staff_user)

    with pytest.raises(ValidationError):
        reject(reading, staff_user, "pomyłka")
    with pytest.raises(ValidationError):
        accept(reading, staff_user)


def test_a_meter_installed_later_refuses_readings_of_its_first_day_minus_one(flat, staff_user):
    later = make_meter(flat, "ZW-9", installed=datetime.date(2026, 5, 1))

    with pytest.raises(ValidationError):
        record_reading(later, d("30.04.2026"), Decimal("101"), STAFF, staff_user)


def test_a_reading_of_a_day_still_to_come_is_refused_and_one_of_today_is_not(meter, staff_user):
    from django.utils import timezone

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match=tomorrow.strftime("%d.%m.%Y")):
        record_reading(meter, tomorrow, Decimal("500"), STAFF, staff_user)
    assert record_reading(meter, today, Decimal("500"), STAFF, staff_user).pk
