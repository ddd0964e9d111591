"""The queue of payments nothing matched, a page at a time: with a thousand
waiting lines a page costs the queries and the bytes of ten, each line's
actions work from any page, and the clerk comes back to the page acted from."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iok.audit.models import AuditEvent
from iok.payments.models import Statement, StatementLine

URL = reverse("office:payment_queue")
KB = 1024


def waiting(count: int, first: int = 1) -> Statement:
    """A statement whose `count` lines nothing matched, built in one insert."""
    statement = Statement.objects.create(
        account="PL84102010260000120203456789",
        number=f"2026/{first}",
        currency="PLN",
        date=datetime.date(2026, 11, 16),
        format="camt053",
        source="wyciag.xml",
    )
    StatementLine.objects.bulk_create(
        StatementLine(
            statement=statement,
            key=f"test-{n}",
            line_number=n,
            booking_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300),
            value_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300),
            amount=Decimal("45.00") + n,
            credit=True,
            counterparty_name=f"Jan Nieznany {n}",
            title="za garaz, przelew z banku, tytuł jakiego nikt nie rozpozna",
            status=StatementLine.Status.UNMATCHED,
        )
        for n in range(first, first + count)
    )
    return statement


def opened(client, query=None) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, query or {})
    assert response.status_code == 200
    return len(queries), response.content


@pytest.mark.parametrize("who", ["clerk", "official"])
def test_a_thousand_waiting_lines_cost_the_queries_of_ten(client, people, who):
    client.force_login(getattr(people, who))
    waiting(10)
    opened(client)  # the first page of a session also reads its login
    few, _page = opened(client)
    waiting(990, first=11)
    many, page = opened(client)
    assert many == few
    assert len(page) < 100 * KB
    assert "1000 wpłat czeka." in page.decode()
    last, page = opened(client, {"strona": 20})
    assert last == few and len(page) < 100 * KB


def test_the_oldest_wait_first_and_the_clerk_may_ask_for_the_newest(client, people):
    client.force_login(people.clerk)
    waiting(120)
    oldest = client.get(URL).context["page"].object_list
    newest = client.get(URL, {"kolejnosc": "najnowsze"}).context["page"]
    assert len(oldest) == 50 and len(newest.object_list) == 50
    assert oldest[0].booking_date <= oldest[49].booking_date
    assert newest.object_list[0].booking_date >= newest.object_list[49].booking_date
    assert newest.object_list[0].booking_date > oldest[0].booking_date
    page = client.get(URL, {"kolejnosc": "najnowsze"}).content.decode()
    assert "kolejnosc=najnowsze&amp;strona=2" in page  # the order kept in the page links


def test_city_halls_reading_of_the_queue_is_audited(client, people):
    client.force_login(people.official)
    waiting(60)
    client.get(URL, {"strona": 2})
    read = AuditEvent.objects.filter(action="read", actor_username=people.official.username)
    assert read.filter(content_type__model="statementline").exists()


def test_a_line_set_aside_from_the_second_page_brings_the_clerk_back_to_it(client, people):
    client.force_login(people.clerk)
    waiting(120)
    page = client.get(URL, {"kolejnosc": "najnowsze", "strona": 2})
    line = page.context["page"].object_list[0]
    assert 'name="strona" value="2"' in page.content.decode()
    answer = client.post(
        reverse("office:payment_set_aside", args=[line.pk]),
        {"status": "not_ours", "reason": "przelew do innej spółki", "kolejnosc": "najnowsze",
         "strona": "2"},
    )  # fmt: skip
    assert answer.url == f"{URL}?kolejnosc=najnowsze&strona=2"
    back = client.get(answer.url)
    assert "odłożona" in back.content.decode() or list(back.context["messages"])
    line.refresh_from_db()
    assert line.status == StatementLine.Status.NOT_OURS
    assert back.context["page"].paginator.count == 119
