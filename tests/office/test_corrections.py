"""Corrections from the office: find the ledger, choose the entry, say what
and why, confirm; every refusal in Polish."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from iok.ledger.corrections import reverse_entry
from iok.ledger.models import Closing, Entry
from tests.conftest import component
from tests.office.conftest import charge

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
    assert correction.title == "Korekta naliczenia za 11/2026"
    assert correction.reason.text == "odpady naliczone podwójnie"
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
    assert "Korekta może mieć datę od 01.12.2026: księgi są zamknięte do 30.11.2026" in text
    assert "28.11.2026 należy do okresu zamkniętego" in text
    client.post(reverse("office:correction_confirm", args=[books.november.pk]), data)
    assert not books.november.corrections.exists()


def test_a_correction_itself_cannot_be_corrected(client, people, books):
    client.force_login(people.clerk)
    confirm = reverse("office:correction_confirm", args=[books.november.pk])
    client.post(confirm, {"on": "2026-11-28", "reason": "błąd"})
    correction = books.november.corrections.get()
    page = client.get(reverse("office:correction_new", args=[correction.pk])).content.decode()
    assert "Ta operacja sama jest korektą" in page


def new_url(entry):
    return reverse("office:correction_new", args=[entry.pk])


def confirm_url(entry):
    return reverse("office:correction_confirm", args=[entry.pk])


def test_a_correction_dated_before_the_entry_is_refused_naming_the_first_allowed_day(
    client, people, books
):
    client.force_login(people.clerk)
    data = {"on": "2023-01-15", "reason": "błąd"}
    text = client.post(new_url(books.october), data).content.decode()
    assert "Korekta może mieć datę od 01.10.2026" in text
    assert "Potwierdź korektę" not in text
    client.post(confirm_url(books.october), data)
    assert not books.october.corrections.exists()


def test_the_booking_ends_with_a_message_saying_what_was_booked(client, people, books):
    client.force_login(people.clerk)
    data = {"components": [component("waste").pk], "on": "2026-11-28", "reason": "odpady"}
    done = client.post(confirm_url(books.november), data)
    (message,) = [str(m) for m in get_messages(done.wsgi_request)]
    assert message == (
        "Zaksięgowano korektę w kartotece umowy M/2020/0001: „Korekta naliczenia za 11/2026”"
        " z dnia 28.11.2026, 35,00\xa0zł (Opłata za odpady komunalne: 35,00\xa0zł)."
    )


def test_a_part_of_a_line_is_previewed_and_booked_as_previewed(client, people, books):
    client.force_login(people.clerk)
    rent = component("rent")
    data = {f"amount_{rent.pk}": "221,92", "on": "2026-11-28", "reason": "jedna osoba"}
    preview = client.post(new_url(books.november), data)
    text = preview.content.decode()
    assert "Potwierdź korektę" in text and "+221,92\xa0zł" in text
    assert [(line.component, line.amount) for line in preview.context["form"].plan.lines] == [
        (rent, Decimal("221.92"))
    ]
    assert not books.november.corrections.exists()
    client.post(confirm_url(books.november), data)
    correction = books.november.corrections.get()
    assert [(line.component, line.amount) for line in correction.lines.all()] == [
        (rent, Decimal("221.92"))
    ]
    books.ledger.refresh_from_db()
    assert books.ledger.balance == Decimal("-478.83") + Decimal("221.92")


def test_the_confirm_page_carries_what_was_previewed(client, people, books):
    client.force_login(people.clerk)
    rent = component("rent")
    data = {f"amount_{rent.pk}": "100", "on": "2026-11-28", "reason": "r", "show_reason": "on"}
    preview = client.post(new_url(books.november), data).content.decode()
    assert f'name="amount_{rent.pk}" value="100"' in preview
    assert "Korekta naliczenia za 11/2026 — r" in preview  # what the tenant will read


def test_an_amount_over_what_the_line_holds_is_refused_naming_the_limit(client, people, books):
    client.force_login(people.clerk)
    waste = component("waste")
    data = {f"amount_{waste.pk}": "35,01", "on": "2026-11-28", "reason": "za dużo"}
    text = client.post(new_url(books.november), data).content.decode()
    assert "do skorygowania pozostało najwyżej 35,00\xa0zł, nie 35,01\xa0zł" in text
    assert "Potwierdź korektę" not in text
    client.post(confirm_url(books.november), data)
    assert not books.november.corrections.exists()


def test_an_amount_that_is_not_a_number_is_refused(client, people, books):
    client.force_login(people.clerk)
    waste = component("waste")
    data = {f"amount_{waste.pk}": "dużo", "on": "2026-11-28", "reason": "r"}
    text = client.post(new_url(books.november), data).content.decode()
    assert "dużo to nie kwota" in text


def test_a_payment_is_corrected_by_a_part_of_its_amount(client, people, books):
    client.force_login(people.official)
    data = {"amount": "78,83", "on": "2026-11-28", "reason": "część zwrócona"}
    client.post(confirm_url(books.payment), data)
    correction = books.payment.corrections.get()
    assert correction.amount == Decimal("-78.83")
    assert correction.title == "Korekta wpłaty z 05.11.2026"


@pytest.fixture
def corrected(books):
    return reverse_entry(books.october, reason="pomyłka księgowej", on=datetime.date(2026, 11, 20))


def tenant_pages(books, corrected):
    return [
        reverse("portal:kartoteka", args=[books.ledger.pk]),
        reverse("portal:entry", args=[books.ledger.pk, corrected.pk]),
        reverse("portal:entry", args=[books.ledger.pk, books.october.pk]),
    ]


@pytest.mark.parametrize("who", ["tenant", "co_tenant"])
def test_the_tenant_reads_a_plain_title_and_never_the_internal_reason(
    client, people, books, corrected, who
):
    client.force_login(people.all()[who])
    for page in tenant_pages(books, corrected):
        text = client.get(page).content.decode()
        assert "Korekta naliczenia za 10/2026" in text
        assert "pomyłka księgowej" not in text
        assert "Korekta: Korekta" not in text and "Korekta: Korekta naliczenia" not in text


def test_the_tenant_reads_the_reason_the_clerk_chose_to_show(client, people, books):
    reverse_entry(books.october, reason="nowa stawka", on=datetime.date(2026, 11, 20),
                  show_reason=True)  # fmt: skip
    client.force_login(people.tenant)
    text = client.get(reverse("portal:kartoteka", args=[books.ledger.pk])).content.decode()
    assert "Korekta naliczenia za 10/2026 — nowa stawka" in text


@pytest.mark.parametrize("who", ["clerk", "official"])
def test_staff_and_city_hall_see_the_reason(client, people, books, corrected, who):
    client.force_login(people.all()[who])
    pages = [
        reverse("office:corrections") + "?ledger=M/2020/0001",
        reverse("office:tenant_kartoteka_entry", args=[books.ledger.pk, corrected.pk]),
        reverse("office:tenant_kartoteka_entry", args=[books.ledger.pk, books.october.pk]),
        reverse("admin:ledger_entry_change", args=[corrected.pk]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "pomyłka księgowej" in response.content.decode(), page


def test_the_staff_view_of_the_tenants_list_keeps_the_plain_title(client, people, books, corrected):
    client.force_login(people.clerk)
    page = reverse("office:tenant_kartoteka_entries", args=[books.ledger.pk])
    text = client.get(page).content.decode()
    assert "Korekta naliczenia za 10/2026" in text and "Korekta: Korekta" not in text


def test_the_form_offers_today_or_the_entrys_later_day(client, people, books):
    december = charge(books.ledger, datetime.date(2026, 12, 1))  # billed in advance
    client.force_login(people.clerk)
    assert client.get(new_url(books.november)).context["form"]["on"].value() == datetime.date(
        2026, 11, 28
    )
    offered = client.get(new_url(december)).context["form"]["on"].value()
    assert offered == datetime.date(2026, 12, 1)


def test_every_help_text_of_the_form_is_the_one_its_field_points_to(client, people, books):
    client.force_login(people.clerk)
    for entry in (books.november, books.payment):
        text = client.get(new_url(entry)).content.decode()
        pointed = re.findall(r'aria-describedby="([^"]+)"', text)
        assert pointed
        for target in pointed:
            assert f'id="{target}"' in text, target
