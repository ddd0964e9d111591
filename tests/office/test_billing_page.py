"""The office's billing page: choose a month, see what it would book and
skip, book it, read what was booked. Today is 28.11.2026 (the suite's clock)."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from iok.audit.models import AuditEvent
from iok.ledger.billing import bill_month
from iok.ledger.models import Closing, Entry, Ledger, Rate
from iok.periods import Period
from iok.registry.models import Premises
from tests.conftest import make_contract

NBSP = "\xa0"
PEOPLE = ["tenant", "co_tenant", "stranger", "clerk", "official"]


def preview(client, month):
    return client.get(reverse("office:billing"), {"month": month}).content.decode()


@pytest.fixture
def clerk(client, people):
    """The clerk, reading English (the words do not depend on the catalogue)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(people.clerk)
    return people.clerk


@pytest.mark.parametrize("who", PEOPLE)
def test_only_staff_open_the_billing_page(client, people, rates, who):
    client.force_login(people.all()[who])
    expected = 200 if who == "clerk" else 404
    assert client.get(reverse("office:billing")).status_code == expected
    answer = client.post(reverse("office:billing_book"), {"month": "2026-12"})
    assert answer.status_code == (302 if who == "clerk" else 404)
    assert Entry.objects.filter(kind="charge").exists() == (who == "clerk")


def test_the_preview_gives_the_ledgers_the_total_and_what_is_skipped(client, clerk, people, rates):
    # Three ledgers: the tenant's flat (52.40 m², 2 persons: 561.43), the
    # stranger's flat (no usable area, no persons: waste only) and a garage
    # with no rate at all (rent and water need properties; waste is per premises).
    html = preview(client, "2026-12")
    assert "Billing 2026-12: preview" in html
    assert "Ledgers to charge</dt><dd>" in html
    assert not Entry.objects.exists()  # a preview books nothing
    before = Ledger.objects.values_list("balance", flat=True)
    assert all(balance == 0 for balance in before)
    result_total = preview_total(html)
    assert result_total == bill_month(Period(2026, 12)).total * -1


def preview_total(html):
    start = html.index("Total to charge</dt><dd>") + len("Total to charge</dt><dd>")
    text = html[start : html.index("</dd>", start)]
    return Decimal(text.replace(NBSP, "").replace("zł", "").replace(",", "."))


def test_the_preview_names_what_is_already_charged_and_what_has_nothing_to_charge(
    client, clerk, people, rates, building
):
    bill_month(Period(2026, 12))
    garage = Premises.objects.create(building=building, kind="garage", number="G1")
    make_contract(
        "G/2026/0001", garage, datetime.date(2026, 12, 1), people.stranger.account.contractor
    )
    html = preview(client, "2026-12")
    charged = Entry.objects.filter(kind="charge", period="2026-12").count()
    assert f"Skipped: already charged for the month</dt><dd>{charged}</dd>" in html
    assert "Ledgers to charge</dt><dd>1</dd>" in html  # the garage: waste per premises


def test_a_month_after_the_next_is_refused_with_the_rule_and_the_latest_month(client, clerk, rates):
    html = preview(client, "2027-01")
    assert "2027-01 cannot be billed yet" in html and "the latest month is 2026-12" in html
    assert "Book the charges" not in html
    response = client.post(reverse("office:billing_book"), {"month": "2027-01"})
    assert response.status_code == 302
    assert not Entry.objects.exists()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "2027-01" in message and "one month in advance" in message


def test_a_month_with_a_closed_day_is_refused(client, clerk, rates):
    Closing.objects.create(closed_until=datetime.date(2026, 11, 30))
    html = preview(client, "2026-11")
    assert "30.11.2026" in html and "Book the charges" not in html


def test_a_month_that_is_not_one_says_so(client, clerk):
    html = preview(client, "12/2026")
    assert "12/2026 is not a month written YYYY-MM" in html


def test_booking_says_what_was_booked_and_shows_the_month_again(client, clerk, people, rates):
    response = client.post(reverse("office:billing_book"), {"month": "2026-12"}, follow=True)
    charges = Entry.objects.filter(kind="charge", period="2026-12")
    total = -sum(charge.amount for charge in charges)
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0] == (
        f"Billed 2026-12: {charges.count()} ledgers charged,"
        f" {str(total).replace('.', ',')}{NBSP}zł in total; 0 already charged were left alone."
    )
    html = response.content.decode()
    assert f"Skipped: already charged for the month</dt><dd>{charges.count()}</dd>" in html
    assert "Nothing to book for this month." in html


def test_booking_twice_books_nothing_the_second_time_and_says_so(client, clerk, rates):
    client.post(reverse("office:billing_book"), {"month": "2026-12"}, follow=True)
    count = Entry.objects.count()
    response = client.post(reverse("office:billing_book"), {"month": "2026-12"})
    assert Entry.objects.count() == count
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == f"Nothing booked for 2026-12: {count} ledgers were already charged."


def test_booking_is_audited_with_the_clerk_as_the_actor(client, clerk, rates):
    client.post(reverse("office:billing_book"), {"month": "2026-12"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.BULK)
    assert event.object_repr == "charges 2026-12"
    assert (event.actor_id, event.context) == (clerk.pk, "web")
    assert event.path == reverse("office:billing_book")


def test_the_page_is_polish_for_the_clerk(client, clerk, rates):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    html = preview(client, "2026-12")
    assert "Naliczenie miesięczne" in html
    assert "Kartoteki do obciążenia" in html


def test_the_preview_lists_contracts_with_nothing_to_charge_and_missing_properties(
    client, clerk, people, rates, building
):
    garage = Premises.objects.create(building=building, kind="garage", number="G2")
    contract = make_contract(
        "G/2026/0002", garage, datetime.date(2026, 1, 1), people.stranger.account.contractor
    )
    for rate in rates:  # a rate of 0 for the contract switches each component off
        Rate.objects.create(
            component=rate.component,
            basis="fixed",
            amount=Decimal("0.00"),
            valid_from=datetime.date(2026, 1, 1),
            contract=contract,
        )
    flat = Premises.objects.create(building=building, kind="residential", number="7")
    make_contract(
        "M/2026/0007", flat, datetime.date(2026, 1, 1), people.stranger.account.contractor
    )
    html = preview(client, "2026-12")
    assert "Skipped: nothing to charge (no rate applies)</dt>\n  <dd>1: G/2026/0002</dd>" in html
    assert "Components that will not be charged" in html
    assert "M/2026/0007: no" in html  # no usable area, no persons registered
