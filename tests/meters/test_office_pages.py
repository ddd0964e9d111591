"""The office's meter pages tried by every named person, and what the clerk
does on them: accept, reject with a reason, enter a reading, replace a meter,
import a collector's file."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from iok.meters.models import Meter, Reading, ReadingUpload
from tests.meters.conftest import d, make_meter

SWEPT = {
    "office:meters:search",
    "office:meters:meter",
    "office:meters:add_reading",
    "office:meters:replace",
    "office:meters:legalisation",
    "office:meters:queue",
    "office:meters:accept",
    "office:meters:reject",
    "office:meters:photo",
    "office:meters:import",
    "office:meters:import_preview",
    "office:meters:import_confirm",
}
ACTIONS = {
    "office:meters:add_reading",
    "office:meters:accept",
    "office:meters:reject",
    "office:meters:import_confirm",
}
# What the clerk and the City Hall official get; tenants always 404, anonymous 302.
CLERK_AND_OFFICIAL = {
    "office:meters:search": (200, 200),
    "office:meters:meter": (200, 200),
    "office:meters:add_reading": (302, 302),
    "office:meters:replace": (200, 404),  # replacing a meter is office work
    "office:meters:legalisation": (200, 200),
    "office:meters:queue": (200, 200),
    "office:meters:accept": (302, 302),  # readings are events City Hall may edit
    "office:meters:reject": (302, 302),
    "office:meters:photo": (200, 200),
    "office:meters:import": (200, 404),
    "office:meters:import_preview": (200, 404),
    "office:meters:import_confirm": (302, 404),
}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def scene(people, flat, settings, tmp_path):
    """A meter with a waiting self-reading (with a photo) and an uploaded file."""
    settings.MEDIA_ROOT = tmp_path
    meter = make_meter(flat, "ZW-0001")
    waiting = Reading.objects.create(
        meter=meter,
        date=d("28.11.2026"),
        value=Decimal("140.000"),
        source="tenant",
        status="waiting",
        entered_by=people.tenant,
    )
    waiting.photo.save("1.png", SimpleUploadedFile("1.png", png()))
    second = Reading.objects.create(
        meter=meter,
        date=d("27.11.2026"),
        value=Decimal("139.000"),
        source="tenant",
        status="waiting",
        entered_by=people.tenant,
    )
    upload = ReadingUpload.objects.create(
        name="odczyty.csv", data=b"ZW-0001;27.11.2026;139,5\n", uploaded_by=people.clerk
    )
    return {"meter": meter, "waiting": waiting, "second": second, "upload": upload}


def url(name, scene):
    args = {
        "office:meters:meter": [scene["meter"].pk],
        "office:meters:add_reading": [scene["meter"].pk],
        "office:meters:replace": [scene["meter"].pk],
        "office:meters:accept": [scene["waiting"].pk],
        "office:meters:reject": [scene["second"].pk],
        "office:meters:photo": [scene["waiting"].pk],
        "office:meters:import_preview": [scene["upload"].pk],
        "office:meters:import_confirm": [scene["upload"].pk],
    }.get(name, [])
    return reverse(name, args=args)


@pytest.mark.parametrize(
    "who", ["tenant", "co_tenant", "stranger", "clerk", "official", "anonymous"]
)
def test_each_person_gets_what_their_role_allows_on_every_meter_page(client, people, scene, who):
    user = people.all()[who]
    if user is not None:
        client.force_login(user)
    for name in sorted(SWEPT):
        data = {"date": "27.11.2026", "value": "139,000", "source": "staff", "reason": "test"}
        response = (
            client.post(url(name, scene), data) if name in ACTIONS else client.get(url(name, scene))
        )
        if user is None:
            expected = 302
            assert response.url.startswith(reverse("access:login")), name
        elif who in ("clerk", "official"):
            expected = CLERK_AND_OFFICIAL[name][who == "official"]
        else:
            expected = 404
        assert response.status_code == expected, (who, name)


def test_every_meters_url_is_in_this_sweep():
    from iok.office.urls import meters_patterns

    office = {f"office:meters:{p.name}" for p in meters_patterns}
    assert office == SWEPT


def test_a_tenant_cannot_open_the_photo_of_their_own_reading_through_the_office(
    client, people, scene
):
    client.force_login(people.tenant)

    assert client.get(url("office:meters:photo", scene)).status_code == 404


def test_the_clerk_accepts_a_waiting_reading_and_it_records_who_and_when(client, people, scene):
    client.force_login(people.clerk)

    response = client.post(url("office:meters:accept", scene))

    assert response.url == reverse("office:meters:queue")
    scene["waiting"].refresh_from_db()
    assert scene["waiting"].status == "accepted"
    assert scene["waiting"].decided_by == people.clerk
    assert scene["waiting"].decided_at is not None


def test_the_official_rejects_a_reading_with_a_reason(client, people, scene):
    client.force_login(people.official)

    client.post(url("office:meters:reject", scene), {"reason": "Zdjęcie innego licznika"})

    scene["second"].refresh_from_db()
    assert scene["second"].status == "rejected"
    assert scene["second"].reject_reason == "Zdjęcie innego licznika"
    assert scene["second"].decided_by == people.official


def test_rejecting_without_a_reason_changes_nothing_and_says_why(client, people, scene):
    client.force_login(people.clerk)

    response = client.post(url("office:meters:reject", scene), {"reason": " "}, follow=True)

    assert "Podaj powód odrzucenia odczytu." in response.content.decode()
    scene["second"].refresh_from_db()
    assert scene["second"].status == "waiting"


def test_accepting_needs_a_post(client, people, scene):
    client.force_login(people.clerk)

    assert client.get(url("office:meters:accept", scene)).status_code == 405


def test_the_queue_shows_the_previous_accepted_reading_and_why_a_reading_waits(
    client, people, scene, staff_user
):
    from iok.meters.readings import record_reading

    flagged = record_reading(
        scene["meter"], d("01.02.2026"), Decimal("200.000"), "staff", staff_user
    )
    client.force_login(people.clerk)

    page = client.get(reverse("office:meters:queue")).content.decode()

    assert flagged.status == "waiting"
    assert "100,000 m³, 01.01.2026" in page
    assert "przekracza próg 2,000 m³ na dobę" in page
    assert page.count("<h1") == 1


def test_a_clerk_enters_a_reading_and_a_refused_one_shows_the_rule(client, people, scene):
    client.force_login(people.clerk)
    meter_url = url("office:meters:add_reading", scene)

    client.post(meter_url, {"date": "10.02.2026", "value": "104,250", "source": "staff"})
    refused = client.post(meter_url, {"date": "10.03.2026", "value": "104,000", "source": "staff"})

    assert (
        scene["meter"].readings.filter(value=Decimal("104.250"), entered_by=people.clerk).exists()
    )
    assert refused.status_code == 200
    assert (
        "Odczyt 104,000 m³ jest niższy niż poprzedni przyjęty 104,250 m³ z 10.02.2026."
        in refused.content.decode()
    )


def test_the_meter_page_lists_readings_with_the_use_between_them(client, people, scene, staff_user):
    from iok.meters.readings import record_reading

    record_reading(scene["meter"], d("31.01.2026"), Decimal("103.100"), "staff", staff_user)
    client.force_login(people.official)

    page = client.get(url("office:meters:meter", scene)).content.decode()

    assert "103,100 m³" in page and "3,100 m³" in page and "0,103 m³" in page  # 3,1 m³ / 30 days


def test_a_clerk_replaces_a_meter_from_its_page(client, people, scene):
    client.force_login(people.clerk)

    response = client.post(
        url("office:meters:replace", scene),
        {
            "removed_on": "15.11.2026",
            "final_value": "138,200",
            "new_serial": "ZW-0002",
            "initial_value": "0,015",
            "place": "bathroom",
            "legalised_until": "15.11.2031",
        },
    )

    new = Meter.objects.get(serial_number="ZW-0002")
    assert response.url == reverse("office:meters:meter", args=[new.pk])
    assert new.replaces == scene["meter"]
    assert new.readings.get().value == Decimal("0.015")


def test_the_legalisation_list_shows_expired_and_soon_expiring_meters_only(client, people, flat):
    make_meter(flat, "WYGASLY").__class__.objects.filter(serial_number="WYGASLY").update(
        legalised_until=datetime.date(2026, 10, 1)
    )
    soon = make_meter(flat, "WKROTCE", medium="hot_water")
    Meter.objects.filter(pk=soon.pk).update(legalised_until=datetime.date(2027, 2, 1))
    make_meter(flat, "DALEKO", medium="gas")  # 31.12.2030
    client.force_login(people.clerk)

    page = client.get(reverse("office:meters:legalisation")).content.decode()

    assert "WYGASLY" in page and "WKROTCE" in page and "DALEKO" not in page
    assert "wygasła" in page


def test_an_upload_is_previewed_then_imported_once(client, people, scene):
    client.force_login(people.clerk)
    file = SimpleUploadedFile("odczyty.csv", b"numer;data;odczyt\nZW-0001;20.11.2026;138,5\n")

    response = client.post(reverse("office:meters:import"), {"file": file})
    saved = ReadingUpload.objects.latest("pk")
    preview = client.get(response.url).content.decode()

    assert "Plik odczyty.csv przyjęty: nic nie jest jeszcze zaimportowane" in preview
    assert "138,500 m³" in preview
    assert not scene["meter"].readings.filter(date=d("20.11.2026")).exists()
    client.post(reverse("office:meters:import_confirm", args=[saved.pk]))
    assert scene["meter"].readings.get(date=d("20.11.2026")).source == "collector"
    assert client.post(reverse("office:meters:import_confirm", args=[saved.pk])).status_code == 404


def test_a_bad_upload_names_each_bad_line_and_cannot_be_confirmed(client, people, scene):
    client.force_login(people.clerk)
    file = SimpleUploadedFile("zly.csv", b"ZW-0001;20.11.2026;138,5\nXX-9;20.11.2026;1\n")
    response = client.post(reverse("office:meters:import"), {"file": file})
    saved = ReadingUpload.objects.latest("pk")

    preview = client.get(response.url).content.decode()
    client.post(reverse("office:meters:import_confirm", args=[saved.pk]))

    assert "wiersz 2: żaden licznik nie ma numeru fabrycznego XX-9" in preview
    assert not scene["meter"].readings.filter(date=d("20.11.2026")).exists()


def test_the_queue_makes_as_many_queries_with_many_readings_as_with_one(client, people, flat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meter = make_meter(flat, "ZW-0001")
    client.force_login(people.clerk)

    def add_waiting(day):
        Reading.objects.create(
            meter=meter, date=d(day), value=Decimal("101"), source="tenant", status="waiting"
        )

    add_waiting("25.11.2026")
    client.get(reverse("office:meters:queue"))  # the first view after login saves the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("office:meters:queue"))
    for day in ("26.11.2026", "27.11.2026", "28.11.2026"):
        add_waiting(day)
    with CaptureQueriesContext(connection) as four:
        page = client.get(reverse("office:meters:queue")).content.decode()

    assert page.count('class="queue-line"') == 4
    assert len(four) == len(one)
