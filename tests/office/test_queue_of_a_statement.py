"""A statement's page links to its own lines waiting in the queue: the
queue narrowed to that statement (`?wyciag=<id>`), paginated, with its
heading and a way back to the whole queue; an id that is no statement's is
a 404; only staff and City Hall see it."""

import pytest
from django.urls import reverse

from iok.payments.models import Statement, StatementLine
from tests.office.test_queue_at_scale import waiting

URL = reverse("office:payment_queue")


def test_the_statement_page_links_to_its_own_waiting_lines(client, people):
    client.force_login(people.clerk)
    waiting(30)
    mine = waiting(70, first=101)
    page = client.get(reverse("office:statement_detail", args=[mine.pk])).content.decode()
    assert f'href="{URL}?wyciag={mine.pk}"' in page
    assert "70 wpłat czekających w kolejce" in page
    assert f'href="{URL}?wyciag={mine.pk}#line-' in page  # each waiting line too


def test_the_queue_of_one_statement_lists_its_lines_only_a_page_at_a_time(client, people):
    client.force_login(people.clerk)
    other = waiting(30)
    mine = waiting(70, first=101)
    first = client.get(URL, {"wyciag": mine.pk})
    lines = first.context["page"].object_list
    assert first.context["page"].paginator.count == 70 and len(lines) == 50
    assert {line.statement_id for line in lines} == {mine.pk}
    html = first.content.decode()
    assert f"Wpłaty z wyciągu {mine.number} z 16.11.2026 czekające na przypisanie" in html
    assert html.count("<h1") == 1
    assert f'<a href="{URL}">Wszystkie wpłaty czekające na przypisanie</a>' in html
    assert f"?wyciag={mine.pk}&amp;strona=2" in html  # the pages keep the statement
    assert f"?wyciag={mine.pk}&amp;kolejnosc=najnowsze" in html  # and so does the order
    second = client.get(URL, {"wyciag": mine.pk, "strona": 2}).context["page"]
    assert len(second.object_list) == 20
    assert {line.statement_id for line in second.object_list} == {mine.pk}
    assert other.pk not in {line.statement_id for line in second.object_list}


def test_the_whole_queue_still_lists_every_statements_lines(client, people):
    client.force_login(people.clerk)
    waiting(30)
    waiting(70, first=101)
    assert client.get(URL).context["page"].paginator.count == 100


def test_a_line_set_aside_from_a_statements_queue_brings_the_clerk_back_to_it(client, people):
    client.force_login(people.clerk)
    waiting(10)
    mine = waiting(5, first=101)
    line = client.get(URL, {"wyciag": mine.pk}).context["page"].object_list[0]
    answer = client.post(
        reverse("office:payment_set_aside", args=[line.pk]),
        {"status": "not_ours", "reason": "przelew do innej spółki", "wyciag": str(mine.pk)},
    )
    assert answer.url == f"{URL}?wyciag={mine.pk}"
    assert client.get(answer.url).context["page"].paginator.count == 4
    line.refresh_from_db()
    assert line.status == StatementLine.Status.NOT_OURS


@pytest.mark.parametrize("asked", ["999999", "abc", "-1"])
def test_a_statement_that_does_not_exist_is_a_page_that_does_not_exist(client, people, asked):
    client.force_login(people.clerk)
    waiting(3)
    assert client.get(URL, {"wyciag": asked}).status_code == 404


EXPECTED = {"tenant": 404, "co_tenant": 404, "stranger": 404, "clerk": 200, "official": 200}


@pytest.mark.parametrize("who", [*sorted(EXPECTED), "anonymous"])
def test_only_staff_and_city_hall_see_a_statements_queue(client, people, who):
    mine = waiting(3)
    user = people.all()[who]
    if user is not None:
        client.force_login(user)
    response = client.get(URL, {"wyciag": mine.pk})
    if user is None:
        assert response.status_code == 302
        assert response.url.startswith(reverse("access:login"))
    else:
        assert response.status_code == EXPECTED[who]
        shown = response.content.decode()
        assert ("Jan Nieznany 1" in shown) == (EXPECTED[who] == 200)
    assert Statement.objects.filter(pk=mine.pk).exists()
