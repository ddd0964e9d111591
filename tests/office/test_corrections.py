"""Corrections from the office: find the ledger, choose the entry, say what
and why, confirm; every refusal in Polish."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from iok.ledger.models import Closing, Entry
from tests.conftest import component

SWEPT = {"office:corrections", "office:correction_new", "office:correction_confirm"}
PEOPLE = ["tenant", "co_tenant", "stranger", "clerk", "official", "anonymous"]
MAY_CORRECT = {"clerk", "official"}


def url(name, books):
    return reverse(name, args=[] if name == "office:corrections" else [books.november.pk])


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("name", sorted(SWEPT))
def test_only_staff_and_city_hall_correct_and_nobody_else_learns_the_pages_exist(
    client, people, books, name, who
):
    user = people.all()[who]
    if user is not None:
        client.force_login(user)
    method = client.post if name == "office:correction_confirm" else client.get
    response = method(url(name, books))
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("access:login"))
    elif who in MAY_CORRECT:
        assert response.status_code == 200  # the confirm POST without data shows the form again
    else:
        assert response.status_code == 404
    assert not Entry.objects.filter(kind="correction").exists()


def test_a_clerk_finds_a_ledger_by_its_virtual_account_as_banks_print_it(client, people, books):
    client.force_login(people.clerk)
    account = books.ledger.virtual_account
    printed = "PL" + account[:2] + " " + " ".join(account[i : i + 4] for i in range(2, 26, 4))
    page = client.get(reverse("office:corrections"), {"ledger": printed}).content.decode()
    assert reverse("office:correction_new", args=[books.november.pk]) in page
    page = client.get(reverse("office:corrections"), {"ledger": "X/1"}).content.decode()
    assert "Żadna kartoteka nie ma numeru umowy" in page


def test_a_component_is_reversed_after_confirmation_and_only_then(client, people, books):
    client.force_login(people.clerk)
    data = {
        "components": [component("waste").pk],
        "on": "2026-11-28",
        "reason": "odpady naliczone podwójnie",
    }
    page = client.post(reverse("office:correction_new", args=[books.november.pk]), data)
    assert "Potwierdź korektę" in page.content.decode()
    assert not books.november.corrections.exists()
    done = client.post(reverse("office:correction_confirm", args=[books.november.pk]), data)
    assert done.status_code == 302
    correction = books.november.corrections.get()
    assert correction.amount == Decimal("35.00")
    assert correction.operation_date == datetime.date(2026, 11, 28)
    assert "odpady naliczone podwójnie" in correction.title
    books.ledger.refresh_from_db()
    assert books.ledger.balance == Decimal("-443.83")


def test_a_full_reversal_takes_what_is_left_and_then_nothing_is_left(client, people, books):
    client.force_login(people.official)
    confirm = reverse("office:correction_confirm", args=[books.october.pk])
    client.post(confirm, {"components": [component("waste").pk], "on": "2026-11-28", "reason": "a"})
    client.post(confirm, {"on": "2026-11-28", "reason": "umowa rozwiązana"})
    assert sum(c.amount for c in books.october.corrections.all()) == Decimal("478.83")
    page = client.get(reverse("office:correction_new", args=[books.october.pk])).content.decode()
    assert "W tej operacji nie pozostało nic do skorygowania." in page
    client.post(confirm, {"on": "2026-11-28", "reason": "jeszcze raz"})
    assert books.october.corrections.count() == 2


def test_a_correction_needs_a_reason(client, people, books):
    client.force_login(people.clerk)
    new = reverse("office:correction_new", args=[books.november.pk])
    page = client.post(new, {"on": "2026-11-28", "reason": "  "}).content.decode()
    assert 'role="alert"' in page and "Potwierdź korektę" not in page
    assert not books.november.corrections.exists()


def test_a_correction_dated_in_a_closed_period_is_refused_naming_the_closing_date(
    client, people, books
):
    Closing.objects.create(closed_until=datetime.date(2026, 11, 30), closed_by=people.clerk)
    client.force_login(people.clerk)
    data = {"on": "2026-11-28", "reason": "błąd"}
    page = client.post(reverse("office:correction_new", args=[books.november.pk]), data)
    text = page.content.decode()
    assert "Księgi są zamknięte do 30.11.2026" in text and "28.11.2026" in text
    client.post(reverse("office:correction_confirm", args=[books.november.pk]), data)
    assert not books.november.corrections.exists()


def test_a_correction_itself_cannot_be_corrected(client, people, books):
    client.force_login(people.clerk)
    confirm = reverse("office:correction_confirm", args=[books.november.pk])
    client.post(confirm, {"on": "2026-11-28", "reason": "błąd"})
    correction = books.november.corrections.get()
    page = client.get(reverse("office:correction_new", args=[correction.pk])).content.decode()
    assert "Ta operacja sama jest korektą" in page
