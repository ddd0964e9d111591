"""Readings that cannot be true are refused, not sent to review: a use per
day no flat's meter can count (IOK_READING_IMPOSSIBLE_DAILY), whoever enters
it; and a tenant's self-reading far above the meter's own history
(IOK_READING_IMPOSSIBLE_FACTOR × its median, and above IOK_READING_MAX_DAILY).
One waiting self-reading per meter and day: a new one replaces it. An empty
value is named as empty.

The meter: ZW-0001 installed 1.01.2026 at 100,000 m³; the steady one adds
readings of 103 (31.01), 106 (2.03) and 109 (1.04): 0,100 m³ a day."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from iok.meters.models import Reading
from iok.meters.readings import record_reading
from iok.meters.self_reading import submit_self_reading
from tests.meters.conftest import d, make_meter

TODAY = d("28.11.2026")
WINDOW = frozenset([*range(25, 32), 1, 2, 3])


@pytest.fixture
def window(settings, tmp_path):
    settings.IOK_SELF_READING_DAYS = WINDOW
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def own_meter(people, contract, flat, window):
    return make_meter(flat, "ZW-0001")


@pytest.fixture
def steady(own_meter, people):
    for day, value in [("31.01.2026", "103"), ("02.03.2026", "106"), ("01.04.2026", "109")]:
        record_reading(own_meter, d(day), Decimal(value), "staff", people.clerk)
    return own_meter


# ---- impossible readings ---------------------------------------------------------


def test_a_self_reading_of_99_999_999_is_refused_naming_the_value_and_the_limit(people, own_meter):
    with pytest.raises(ValidationError) as refused:
        submit_self_reading(own_meter, people.tenant, TODAY, "99 999 999", today=TODAY)

    assert refused.value.messages == [
        "Odczyt 99999999,000 m³ oznacza zużycie 302114,498 m³ na dobę od 01.01.2026, "
        "więcej niż licznik może zmierzyć (najwyżej 60,000 m³ na dobę). Sprawdź wpisaną wartość."
    ]
    assert not own_meter.readings.filter(source="tenant").exists()


def test_an_impossible_reading_is_refused_for_staff_too_and_the_bound_is_per_medium(
    meter, staff_user, settings
):
    # 31 days after 100,000 m³ on 1.01: 60 m³ a day is the most (flagged, it waits),
    # a little more is refused.
    most = record_reading(meter, d("01.02.2026"), Decimal("1960.000"), "staff", staff_user)
    assert most.status == "waiting"
    with pytest.raises(ValidationError) as refused:
        record_reading(meter, d("02.02.2026"), Decimal("2021.000"), "staff", staff_user)
    assert "zużycie 60,031 m³ na dobę od 01.01.2026" in refused.value.messages[0]
    assert "najwyżej 60,000 m³ na dobę" in refused.value.messages[0]

    settings.IOK_READING_IMPOSSIBLE_DAILY = {
        **settings.IOK_READING_IMPOSSIBLE_DAILY,
        "cold_water": Decimal("10"),
    }
    with pytest.raises(ValidationError) as refused:
        record_reading(meter, d("03.02.2026"), Decimal("463.000"), "collector", staff_user)
    assert "zużycie 11,000 m³ na dobę od 01.01.2026" in refused.value.messages[0]
    assert "najwyżej 10,000 m³ na dobę" in refused.value.messages[0]


def test_the_queue_says_a_waiting_reading_is_impossible_and_refuses_to_accept_it(
    client, people, own_meter
):
    waiting = Reading.objects.create(
        meter=own_meter,
        date=TODAY,
        value=Decimal("99999999.000"),
        source="tenant",
        status="waiting",
        entered_by=people.tenant,
    )
    client.force_login(people.clerk)

    queue = client.get(reverse("office:meters:queue")).content.decode()
    page = client.post(reverse("office:meters:accept", args=[waiting.pk]), follow=True)

    assert "Nie można przyjąć" in queue and "najwyżej 60,000 m³ na dobę" in queue
    assert "najwyżej 60,000 m³ na dobę" in page.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "waiting"


def test_a_self_reading_far_above_the_meters_history_is_refused_and_a_staff_one_waits(
    people, steady
):
    # 241 days after 109 m³ on 1.04, 700 m³ is 2,452 m³ a day: over 20 × the median
    # of 0,100 and over the flag bound of 2 m³ a day.
    with pytest.raises(ValidationError) as refused:
        submit_self_reading(steady, people.tenant, TODAY, "700", today=TODAY)

    assert refused.value.messages == [
        "Odczyt 700,000 m³ oznacza zużycie 2,452 m³ na dobę od 01.04.2026, ponad 20× więcej "
        "niż mediana tego licznika (0,100 m³ na dobę; najwyżej 2,000 m³ na dobę). "
        "Sprawdź wpisaną wartość."
    ]
    by_staff = record_reading(steady, TODAY, Decimal("700.000"), "staff", people.clerk)
    assert by_staff.status == "waiting" and by_staff.flagged


def test_a_self_reading_merely_above_the_history_waits_for_staff(people, steady, settings):
    # 1,5 m³ a day is 15 × the median, yet under the flag bound: it waits, flagged.
    settings.IOK_READING_IMPOSSIBLE_FACTOR = 10
    reading = submit_self_reading(steady, people.tenant, TODAY, "470,5", today=TODAY)

    assert reading.status == "waiting"
    assert "3× medianę lokalu" in reading.flagged


def test_the_factor_is_configurable(people, steady, settings):
    settings.IOK_READING_IMPOSSIBLE_FACTOR = 40
    # 2,452 m³ a day is under 40 × 0,100 = 4,000: not refused, flagged.
    reading = submit_self_reading(steady, people.tenant, TODAY, "700", today=TODAY)
    assert reading.status == "waiting"

    with pytest.raises(ValidationError) as refused:
        submit_self_reading(steady, people.tenant, TODAY, "1200", today=TODAY)
    assert "ponad 40× więcej" in refused.value.messages[0]
    assert "najwyżej 4,000 m³ na dobę" in refused.value.messages[0]


def test_the_portal_form_refuses_an_impossible_reading_with_the_limit(
    client, people, contract, own_meter
):
    ledger = contract.ledger
    client.force_login(people.tenant)

    response = client.post(
        reverse("meters:self_reading", args=[ledger.pk, own_meter.pk]),
        {f"meter-{own_meter.pk}-value": "99999999"},
    )

    assert response.status_code == 200
    assert "najwyżej 60,000 m³ na dobę" in response.content.decode()
    assert not own_meter.readings.filter(source="tenant").exists()


# ---- one waiting self-reading a day ----------------------------------------------


def test_a_second_self_reading_of_the_day_replaces_the_waiting_one(people, own_meter):
    first = submit_self_reading(own_meter, people.tenant, TODAY, "104,5", today=TODAY)
    second = submit_self_reading(own_meter, people.co_tenant, TODAY, "105", today=TODAY)

    first.refresh_from_db()
    assert second.replaced == first
    assert (first.status, first.reject_reason, first.decided_by) == (
        "rejected",
        "Zastąpiony nowszym samoodczytem 105,000 m³ z tego samego dnia.",
        people.co_tenant,
    )
    assert list(own_meter.readings.filter(status="waiting")) == [second]


def test_a_refused_second_self_reading_leaves_the_waiting_one_waiting(people, own_meter):
    first = submit_self_reading(own_meter, people.tenant, TODAY, "104,5", today=TODAY)

    with pytest.raises(ValidationError):
        submit_self_reading(own_meter, people.tenant, TODAY, "99", today=TODAY)

    first.refresh_from_db()
    assert first.status == "waiting"


def test_the_database_keeps_one_waiting_self_reading_a_meter_and_day(people, own_meter):
    fields = {"meter": own_meter, "date": TODAY, "source": "tenant", "status": "waiting"}
    Reading.objects.create(value=Decimal("104"), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reading.objects.create(value=Decimal("105"), **fields)
    # A collector's reading of the same day may wait next to it.
    Reading.objects.create(**{**fields, "source": "collector"}, value=Decimal("105"))


def test_the_tenant_is_told_that_the_new_reading_replaced_the_waiting_one(
    client, people, contract, own_meter
):
    ledger = contract.ledger
    url = reverse("meters:self_reading", args=[ledger.pk, own_meter.pk])
    client.force_login(people.tenant)

    client.post(url, {f"meter-{own_meter.pk}-value": "104,5"})
    page = client.post(url, {f"meter-{own_meter.pk}-value": "105"}, follow=True)

    assert (
        "Zastępuje on Twój odczyt 104,500 m³ wysłany wcześniej tego dnia, który już nie czeka."
        in page.content.decode()
    )
    assert own_meter.readings.filter(source="tenant", status="waiting").get().value == 105


# ---- an empty value ----------------------------------------------------------


def test_an_empty_self_reading_says_the_field_is_empty(people, own_meter):
    with pytest.raises(ValidationError) as refused:
        submit_self_reading(own_meter, people.tenant, TODAY, " ", today=TODAY)

    assert refused.value.messages == ["Wpisz stan licznika: pole jest puste."]


def test_the_portal_form_names_an_empty_value_with_the_unit(client, people, contract, own_meter):
    ledger = contract.ledger
    client.force_login(people.tenant)

    response = client.post(
        reverse("meters:self_reading", args=[ledger.pk, own_meter.pk]),
        {f"meter-{own_meter.pk}-value": ""},
    )

    assert "Wpisz stan licznika w m³: pole jest puste." in response.content.decode()


def test_the_office_reading_form_names_an_empty_value(client, people, own_meter):
    client.force_login(people.clerk)

    response = client.post(
        reverse("office:meters:add_reading", args=[own_meter.pk]),
        {"date": "10.02.2026", "value": "", "source": "staff"},
    )

    assert "Wpisz stan licznika: pole jest puste." in response.content.decode()


def test_an_impossible_line_in_a_collectors_file_keeps_nothing_and_names_the_line(
    meter, staff_user
):
    from iok.meters.importing import import_readings

    report = import_readings(
        b"ZW-0001;31.01.2026;103,000\nZW-0001;28.02.2026;99999999\n", user=staff_user
    )

    assert not report.ok
    [(line, message)] = report.errors
    assert line == 2 and "najwyżej 60,000 m³ na dobę" in message
    assert not meter.readings.filter(source="collector").exists()
