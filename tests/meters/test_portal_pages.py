"""The tenant's readings page (Odczyty liczników) and its self-reading form,
tried by every named person. The page is the tenant's: tenant and co-tenant
see the meters of their premises, the stranger gets 404 for their ledger,
and so do the clerk and the official (the office reads readings on its own
pages, never through a tenant's portal); anonymous visitors go to log in.

The town: the conftest flat's cold-water meter ZW-0001 installed 1.01.2026
(100,000 m³), read 15.02 (112,400) and 1.04 (120,000), replaced on 31.05
(final 125,000) by ZW-0002 (initial 0,000), read 31.07 (8,000); a hot-water
meter CW-0001 (50,000 m³ on 1.01) with the tenant's self-reading of 25.11
waiting and one of 27.10 rejected. Today is 28.11.2026, in the window
25–31 and 1–3."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iok import clock
from iok.ledger.posting import Line, post_entry
from iok.meters.models import Reading
from iok.meters.readings import record_reading, replace_meter
from iok.periods import Period
from tests.conftest import component
from tests.meters.conftest import make_meter

SWEPT = {"meters:readings", "meters:self_reading"}
TODAY = datetime.date(2026, 11, 28)
WINDOW = frozenset([*range(25, 32), 1, 2, 3])
LOGIN = "login"
WARSAW = ZoneInfo("Europe/Warsaw")


def d(text):
    return datetime.datetime.strptime(text, "%d.%m.%Y").date()


@pytest.fixture
def today(settings):
    """28.11.2026 (the suite's day), inside the window 25–31, 1–3."""
    settings.IOK_SELF_READING_DAYS = WINDOW
    assert clock.today() == TODAY
    return TODAY


@pytest.fixture
def town(people, contract, flat, today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    clerk = people.clerk
    cold = make_meter(flat, "ZW-0001")
    record_reading(cold, d("15.02.2026"), "112.400", "staff", clerk)
    record_reading(cold, d("01.04.2026"), "120.000", "collector", clerk)
    new = replace_meter(cold, d("31.05.2026"), "125.000", "ZW-0002", "0.000", user=clerk)
    record_reading(new, d("31.07.2026"), "8.000", "staff", clerk)
    hot = make_meter(flat, "CW-0001", medium="hot_water", initial="50.000")
    Reading.objects.create(
        meter=hot,
        date=d("25.11.2026"),
        value=Decimal("55.500"),
        source="tenant",
        status="waiting",
        entered_by=people.tenant,
    )
    Reading.objects.create(
        meter=hot,
        date=d("27.10.2026"),
        value=Decimal("54.000"),
        source="tenant",
        status="rejected",
        reject_reason="Zdjęcie jest nieczytelne.",
        entered_by=people.co_tenant,
    )
    for month in range(1, 12):
        advances(contract.ledger, Period(2026, month))
    stranger_flat = people.stranger.account.contractor.contractparty_set.get().contract.premises
    make_meter(stranger_flat, "ZW-0099")
    return {"cold": cold, "new": new, "hot": hot, "ledger": contract.ledger}


def advances(ledger, period, cold="-41.30", sewage="-38.70", hot="-25.00"):
    return post_entry(
        ledger,
        "charge",
        title=f"Opłaty za {period}",
        operation_date=period.first_day,
        period=period,
        lines=[
            Line(component("rent"), Decimal("-443.83")),
            Line(component("cold_water"), Decimal(cold)),
            Line(component("sewage"), Decimal(sewage)),
            Line(component("hot_water"), Decimal(hot)),
        ],
    )


def page_url(town):
    return reverse("meters:readings", args=[town["ledger"].pk])


def post_url(town, meter="new"):
    return reverse("meters:self_reading", args=[town["ledger"].pk, town[meter].pk])


def form_data(meter, value):
    return {f"meter-{meter.pk}-value": value}


def as_(client, people, who):
    user = people.all()[who]
    if user is not None:
        client.force_login(user)
    return client


# name: {person: status}; LOGIN means a redirect to the login page.
PAGE = {
    "tenant": 200,
    "co_tenant": 200,
    "stranger": 404,
    "clerk": 404,
    "official": 404,
    "anonymous": LOGIN,
}
# A self-reading of 130,000 m³ on ZW-0002: accepted for the parties, 404 for the rest.
POST = {**PAGE, "tenant": 302, "co_tenant": 302}
PEOPLE = list(PAGE)


def assert_answer(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("access:login") + "?next=")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("who", PEOPLE)
def test_each_person_gets_the_readings_page_as_they_may_and_nothing_changes(
    client, people, town, who
):
    as_(client, people, who)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url(town))
    assert_answer(response, PAGE[who])
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in query["sql"]
    ]
    assert writes == []


@pytest.mark.parametrize("who", PEOPLE)
def test_each_person_may_send_a_self_reading_only_of_their_own_meter(client, people, town, who):
    response = as_(client, people, who).post(post_url(town), form_data(town["new"], "9,500"))
    assert_answer(response, POST[who])
    sent = Reading.objects.filter(meter=town["new"], source="tenant")
    assert sent.count() == (1 if POST[who] == 302 else 0)


@pytest.mark.parametrize("who", PEOPLE)
def test_the_self_reading_address_answers_no_get(client, people, town, who):
    response = as_(client, people, who).get(post_url(town))
    assert_answer(response, LOGIN if who == "anonymous" else 405)


def test_the_stranger_cannot_read_the_tenants_meter_through_his_own_ledger(client, people, town):
    own = people.stranger.account.contractor.contractparty_set.get().contract.ledger
    client.force_login(people.stranger)
    url = reverse("meters:self_reading", args=[own.pk, town["new"].pk])
    assert client.post(url, form_data(town["new"], "9,500")).status_code == 404
    assert client.get(reverse("meters:readings", args=[own.pk])).status_code == 200
    assert not Reading.objects.filter(source="tenant", meter=town["new"]).exists()


def test_a_removed_meter_takes_no_self_reading(client, people, town):
    client.force_login(people.tenant)
    response = client.post(post_url(town, "cold"), form_data(town["cold"], "130,000"))
    assert response.status_code == 404


def test_the_page_lists_each_meter_with_its_readings_and_the_use_between_them(client, people, town):
    client.force_login(people.tenant)
    page = client.get(page_url(town)).content.decode()
    # ZW-0001: 12,400 m³ over 45 days is 0,276 a day; then 7,600 m³ in 45 days, 0,169.
    assert "112,400 m³" in page and "12,400 m³" in page and "0,276 m³" in page
    assert "7,600 m³" in page and "0,169 m³" in page
    # The replacement: 5,000 m³ in the last 60 days of the old meter, then the new one.
    assert "5,000 m³" in page
    assert "zamiast licznika ZW-0001" in page and "zastąpiony licznikiem ZW-0002" in page
    # ZW-0002: 8,000 m³ over 61 days, 0,131 a day.
    assert "8,000 m³" in page and "0,131 m³" in page
    assert page.index("15.02.2026") < page.index("01.04.2026") < page.index("31.07.2026")
    # The tenant's self-readings not accepted, with their status and reason.
    assert "55,500 m³" in page and "Czeka na przyjęcie" in page
    assert "Zdjęcie jest nieczytelne." in page
    # The stranger's meter is not on it.
    assert "ZW-0099" not in page


def test_the_months_table_gives_consumption_against_the_advances(client, people, town):
    client.force_login(people.tenant)
    response = client.get(page_url(town))
    cold = next(s for s in response.context["sections"] if s.medium == "cold_water")
    months = {str(row.period): row for row in cold.months}
    assert (min(months), max(months), len(months)) == ("2025-12", "2026-11", 12)
    # January: 30 of 45 days of 12,400 m³ → 8,267 m³; cold water 41,30 + sewage 38,70 zł.
    assert months["2026-01"].consumption.consumption == Decimal("8.267")
    assert months["2026-01"].advances == Decimal("80.00")
    # June and July: the new meter's 8,000 m³ over 61 days, 30 in June, 31 in July:
    # June 8 000 × 30/61 = 3 934,43 → 3,934; July the rest, 4,066.
    assert months["2026-06"].consumption.consumption == Decimal("3.934")
    assert months["2026-07"].consumption.consumption == Decimal("4.066")
    # Nothing read after 31 July, nothing charged in December 2025.
    assert months["2026-08"].consumption is None
    assert months["2025-12"].advances is None
    # The old meter's last 5,000 m³ over 2.04–31.05: 29 days of April, 31 of May;
    # April 5 000 × 29/60 = 2 416,67 → 2,417, plus 0,169 of the interval before;
    # May the rest, 2,583. The replacement day adds nothing: 125,000 → 0,000 is no use.
    assert months["2026-04"].consumption.consumption == Decimal("2.586")
    assert months["2026-05"].consumption.consumption == Decimal("2.583")
    total = sum(row.consumption.consumption for row in cold.months if row.consumption)
    assert total == Decimal("20.000") + Decimal("5.000") + Decimal("8.000")
    page = response.content.decode()
    assert "8,267 m³" in page and "80,00" in page


def test_the_chart_has_a_title_a_description_and_a_bar_per_month_with_readings(
    client, people, town
):
    client.force_login(people.tenant)
    response = client.get(page_url(town))
    page = response.content.decode()
    assert page.count("<svg") == 2  # cold and hot water
    assert 'aria-labelledby="chart-cold_water-title chart-cold_water-desc"' in page
    assert '<title id="chart-cold_water-title">Zimna woda' in page
    cold = next(s for s in response.context["sections"] if s.medium == "cold_water")
    assert len(cold.chart.consumption.bars) == 7  # January to July
    assert len(cold.chart.advances.bars) == 11  # January to November
    assert 'x="' in page and "," not in page.split("<svg", 1)[1].split("<text", 1)[0]


def test_the_form_is_shown_in_the_window_for_each_meter_in_place(client, people, town):
    client.force_login(people.tenant)
    page = client.get(page_url(town)).content.decode()
    assert post_url(town, "new") in page and post_url(town, "hot") in page
    assert post_url(town, "cold") not in page
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page


def test_outside_the_window_the_page_says_when_it_opens(client, people, town, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 10, 12, tzinfo=WARSAW), tick=False)
    client.force_login(people.tenant)
    page = client.get(page_url(town)).content.decode()
    assert post_url(town, "new") not in page
    assert "25.11.2026" in page and "1-3, 25-31" in page


def test_a_self_reading_waits_for_the_office_and_says_so(client, people, town):
    client.force_login(people.tenant)
    response = client.post(post_url(town), form_data(town["new"], "9,500"), follow=True)
    assert "czeka na przyjęcie przez biuro" in response.content.decode()
    sent = Reading.objects.get(meter=town["new"], source="tenant")
    assert (sent.value, sent.date, sent.status) == (Decimal("9.500"), TODAY, "waiting")
    assert sent.entered_by == people.tenant


def test_a_reading_lower_than_the_previous_is_refused_naming_both(client, people, town):
    client.force_login(people.tenant)
    response = client.post(post_url(town), form_data(town["new"], "7,5"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "7,500 m³" in page and "8,000 m³" in page and "niższy" in page
    assert not Reading.objects.filter(meter=town["new"], source="tenant").exists()


def test_a_reading_that_is_not_a_number_is_refused(client, people, town):
    client.force_login(people.tenant)
    page = client.post(post_url(town), form_data(town["new"], "dużo")).content.decode()
    assert "nie jest liczbą" in page
    assert not Reading.objects.filter(meter=town["new"], source="tenant").exists()


def test_outside_the_window_a_self_reading_is_refused(client, people, town, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 10, 12, tzinfo=WARSAW), tick=False)
    client.force_login(people.tenant)
    page = client.post(post_url(town), form_data(town["new"], "9,5")).content.decode()
    assert "1-3, 25-31" in page
    assert not Reading.objects.filter(meter=town["new"], source="tenant").exists()


def test_a_photo_that_is_not_a_picture_is_refused(client, people, town):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people.tenant)
    data = form_data(town["new"], "9,5")
    data[f"meter-{town['new'].pk}-photo"] = SimpleUploadedFile("licznik.jpg", b"not a picture")
    page = client.post(post_url(town), data).content.decode()
    assert "JPEG lub PNG" in page
    assert not Reading.objects.filter(meter=town["new"], source="tenant").exists()


def test_a_photo_is_kept_with_the_reading(client, people, town):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people.tenant)
    data = form_data(town["new"], "9,5")
    data[f"meter-{town['new'].pk}-photo"] = SimpleUploadedFile("licznik.png", png())
    assert client.post(post_url(town), data).status_code == 302
    sent = Reading.objects.get(meter=town["new"], source="tenant")
    assert sent.photo.name.endswith(".png")


def png() -> bytes:
    """A 2×2 white PNG, as a phone's camera app would send a (small) picture."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(out, format="PNG")
    return out.getvalue()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_makes_as_many_queries_with_many_readings_as_with_few(client, people, town):
    client.force_login(people.tenant)
    client.get(page_url(town))  # the session's first request settles its login steps
    few = count_queries(client, page_url(town))
    day, value = d("31.07.2026"), Decimal("8.000")
    for _ in range(20):
        day += datetime.timedelta(days=5)
        value += Decimal("0.750")
        Reading.objects.create(meter=town["new"], date=day, value=value, source="staff")
        Reading.objects.create(
            meter=town["hot"], date=day, value=Decimal("50.000"), source="tenant", status="waiting"
        )
    make_meter(town["new"].premises, "CO-0001", medium="heat", initial="1.000")
    assert count_queries(client, page_url(town)) == few


def test_an_ended_contract_shows_its_meters_but_takes_no_self_reading(
    client, people, town, building, tenant
):
    from iok.registry.models import Premises
    from tests.conftest import make_contract

    garage = Premises.objects.create(building=building, kind="garage", number="G2")
    ended = make_contract("G/2024/0002", garage, d("01.01.2024"), tenant, end=d("30.06.2026"))
    meter = make_meter(garage, "EL-0002", medium="electricity", initial="1000.000")
    client.force_login(people.tenant)
    page = client.get(reverse("meters:readings", args=[ended.ledger.pk])).content.decode()
    assert "EL-0002" in page and "1000,000 kWh" in page
    assert "Dziś nie możesz podać odczytu żadnego licznika tego lokalu." in page
    url = reverse("meters:self_reading", args=[ended.ledger.pk, meter.pk])
    assert url not in page
    assert client.post(url, form_data(meter, "1001")).status_code == 404


def test_a_photo_over_five_megabytes_is_refused(client, people, town):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people.tenant)
    data = form_data(town["new"], "9,5")
    big = png() + b"\0" * (5 * 1024 * 1024)
    data[f"meter-{town['new'].pk}-photo"] = SimpleUploadedFile("licznik.png", big)
    page = client.post(post_url(town), data).content.decode()
    assert "Zdjęcie jest większe niż 5 MB." in page
    assert not Reading.objects.filter(meter=town["new"], source="tenant").exists()


def bomb_png(width=20000, height=20000) -> bytes:
    """A 1-bit PNG of width×height pixels, all white, made by hand with zlib:
    a few kilobytes that would unpack into width×height pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\0" + b"\xff" * ((width + 7) // 8)
    squeeze = zlib.compressobj(9)
    data = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((64, 64), 60).convert("RGB").save(out, format="JPEG")
    return out.getvalue()


def post_photo(client, people, town, content: bytes, name="licznik.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people.tenant)
    data = form_data(town["new"], "9,5")
    data[f"meter-{town['new'].pk}-photo"] = SimpleUploadedFile(name, content)
    return client.post(post_url(town), data)


@pytest.mark.parametrize("size", [(20000, 20000), (8000, 8000)], ids=["pillow-bomb", "over-50-mpx"])
def test_a_decompression_bomb_png_is_a_form_error_naming_the_megapixels(client, people, town, size):
    bomb = bomb_png(*size)
    assert len(bomb) < 100_000  # a small file...
    response = post_photo(client, people, town, bomb)  # ...of 400 or 64 megapixels
    assert response.status_code == 200
    assert "Zdjęcie ma więcej niż 50 megapikseli; wyślij mniejsze." in response.content.decode()
    assert not Reading.objects.filter(meter=town["new"], source="tenant").exists()


def test_a_png_cut_short_is_a_form_error(client, people, town):
    whole = bomb_png(2000, 2000)
    response = post_photo(client, people, town, whole[: len(whole) // 2])
    assert response.status_code == 200
    assert "Zdjęcie jest uszkodzone lub niepełne" in response.content.decode()
    assert not Reading.objects.filter(meter=town["new"], source="tenant").exists()


def test_a_jpeg_with_a_broken_body_is_a_form_error(client, people, town):
    whole = jpeg()
    broken = whole[: len(whole) // 2]  # headers whole, the picture's data cut off
    assert post_photo(client, people, town, whole, "licznik.jpg").status_code == 302
    Reading.objects.filter(meter=town["new"], source="tenant").delete()

    response = post_photo(client, people, town, broken, "licznik.jpg")
    assert response.status_code == 200
    assert "Zdjęcie jest uszkodzone lub niepełne" in response.content.decode()
    assert not Reading.objects.filter(meter=town["new"], source="tenant").exists()


def test_a_file_with_only_a_png_signature_is_not_a_picture(client, people, town):
    response = post_photo(client, people, town, b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    assert response.status_code == 200
    assert "JPEG lub PNG" in response.content.decode()
