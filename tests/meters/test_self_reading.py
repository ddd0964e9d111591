"""A tenant's self-reading: only in the window, only for their own meters,
always waiting for staff; the photo checked by its content."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from iok.meters.models import Meter
from iok.meters.self_reading import describe_window, submit_self_reading, window_start
from tests.meters.conftest import d, make_meter

TODAY = d("28.11.2026")


def picture(kind="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, kind)
    return SimpleUploadedFile(f"licznik.{kind.lower()}", buffer.getvalue())


@pytest.fixture
def window(settings, tmp_path):
    settings.IOK_SELF_READING_DAYS = frozenset([*range(25, 32), 1, 2, 3])
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def own_meter(people, flat, window):
    return make_meter(flat, "ZW-0001")


def test_a_tenants_reading_in_the_window_waits_for_staff(people, own_meter):
    reading = submit_self_reading(
        own_meter, people.co_tenant, TODAY, "104,5", picture(), today=TODAY
    )

    assert (reading.status, reading.source, reading.value) == (
        "waiting",
        "tenant",
        Decimal("104.500"),
    )
    assert reading.entered_by == people.co_tenant
    assert reading.photo.name.endswith(f"{reading.pk}.png")


def test_outside_the_window_a_reading_is_refused_naming_the_days(people, own_meter):
    with pytest.raises(ValidationError) as refused:
        submit_self_reading(own_meter, people.tenant, d("10.11.2026"), "104", today=d("10.11.2026"))

    assert refused.value.messages == ["Samoodczyty przyjmujemy tylko w dniach 1-3, 25-31 miesiąca."]


def test_a_window_across_the_months_end_runs_from_its_first_day(window):
    assert window_start(d("02.12.2026")) == d("25.11.2026")
    assert window_start(d("24.11.2026")) is None
    assert describe_window() == "1-3, 25-31"


def test_a_date_before_the_windows_run_or_in_the_future_is_refused(people, own_meter):
    for day in (d("24.11.2026"), d("29.11.2026")):
        with pytest.raises(ValidationError) as refused:
            submit_self_reading(own_meter, people.tenant, day, "104", today=TODAY)
        assert refused.value.messages == [
            "Data odczytu musi przypadać między 25.11.2026 a 28.11.2026."
        ]


def test_a_stranger_cannot_read_someone_elses_meter(people, own_meter):
    with pytest.raises(Meter.DoesNotExist):
        submit_self_reading(own_meter, people.stranger, TODAY, "104", today=TODAY)

    assert own_meter.readings.count() == 1


def test_a_tenant_whose_contract_has_ended_cannot_send_a_reading(people, own_meter, contract):
    contract.end = d("31.10.2026")
    contract.save()

    with pytest.raises(Meter.DoesNotExist):
        submit_self_reading(own_meter, people.tenant, TODAY, "104", today=TODAY)


def test_a_reading_lower_than_the_accepted_one_is_refused_for_tenants_too(people, own_meter):
    with pytest.raises(ValidationError) as refused:
        submit_self_reading(own_meter, people.tenant, TODAY, "99", today=TODAY)

    assert "jest niższy niż poprzedni przyjęty 100,000 m³ z 01.01.2026" in refused.value.messages[0]


def test_a_photo_that_is_not_an_image_is_refused_by_its_content(people, own_meter):
    fake = SimpleUploadedFile("licznik.jpg", b"%PDF-1.4 not a picture")

    with pytest.raises(ValidationError) as refused:
        submit_self_reading(own_meter, people.tenant, TODAY, "104", fake, today=TODAY)

    assert refused.value.messages == ["Zdjęcie musi być obrazem JPEG lub PNG."]
    assert own_meter.readings.count() == 1


def test_a_gif_is_refused_and_a_jpeg_accepted(people, own_meter):
    with pytest.raises(ValidationError):
        submit_self_reading(own_meter, people.tenant, TODAY, "104", picture("GIF"), today=TODAY)

    reading = submit_self_reading(
        own_meter, people.tenant, TODAY, "104", picture("JPEG"), today=TODAY
    )
    assert reading.photo.name.endswith(".jpg")


def test_a_photo_over_five_megabytes_is_refused(people, own_meter):
    big = SimpleUploadedFile("licznik.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024))

    with pytest.raises(ValidationError) as refused:
        submit_self_reading(own_meter, people.tenant, TODAY, "104", big, today=TODAY)

    assert refused.value.messages == ["Zdjęcie jest większe niż 5 MB."]


def test_the_photo_is_kept_under_media_root_and_no_url_serves_media(people, own_meter, settings):
    from django.urls import Resolver404, resolve

    reading = submit_self_reading(own_meter, people.tenant, TODAY, "104", picture(), today=TODAY)

    assert reading.photo.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(Resolver404):
        resolve("/" + reading.photo.name)
    with pytest.raises(Resolver404):
        resolve("/media/" + reading.photo.name)
