"""The pages of a ledger run a fixed number of queries, whatever the length
of its history: a ledger with 10 years of monthly charges and payments costs
the same as one with a single year, and a year of 25 entries the same as a
year of three."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iok.ledger.billing import bill_month
from iok.ledger.models import Rate
from iok.ledger.posting import post_entry
from iok.periods import Period
from iok.registry.models import Premises
from iok.registry.properties import set_property
from tests.conftest import _kind, component, make_contract
from tests.portal.conftest import LEDGER_PAGES

LONG_AGO = datetime.date(2016, 1, 1)


def flat(building, number):
    premises = Premises.objects.create(building=building, kind="residential", number=number)
    set_property("usable_area", premises, Decimal("48.00"), LONG_AGO)
    return premises


@pytest.fixture
def ledgers(people, building, tenant):
    """Three ledgers of the tenant, billed and paid every month of December
    2026, of 2026 and of 2017-2026, with a correction in each."""
    Rate.objects.create(
        component=component("rent"),
        basis="property",
        property_kind_id=_kind("usable_area"),
        amount=Decimal("9.10"),
        valid_from=LONG_AGO,
    )
    tiny = make_contract("M/2026/0099", flat(building, "99"), datetime.date(2026, 12, 1), tenant)
    short = make_contract("M/2026/0100", flat(building, "100"), datetime.date(2026, 1, 1), tenant)
    long = make_contract("M/2017/0101", flat(building, "101"), datetime.date(2017, 1, 1), tenant)
    period = Period(2017, 1)
    while period <= Period(2026, 12):
        bill_month(period, booked_on=period.first_day)
        for contract in (tiny, short, long):
            if contract.start <= period.first_day:
                pay(contract.ledger, period)
        period = period.next()
    for contract in (tiny, short, long):
        correct(contract.ledger)
    return tiny.ledger, short.ledger, long.ledger


def pay(ledger, period):
    post_entry(
        ledger,
        "payment",
        title=f"Czynsz {period}",
        operation_date=period.first_day.replace(day=12),
        amount=Decimal("400.00"),
    )


def correct(ledger):
    from iok.ledger.corrections import reverse_entry

    charge = ledger.entries.filter(kind="charge").latest("operation_date")
    reverse_entry(charge, reason="korekta testowa", on=charge.operation_date)


def queries_for(client, url) -> int:
    # The first request after login does once what the session then keeps
    # (the second-step check of iok.security): measure a later one.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def args_for(name, ledger):
    if name == "portal:entry":
        return [ledger.pk, ledger.entries.filter(kind="correction").get().pk]
    return [ledger.pk]


@pytest.mark.parametrize("name", sorted(LEDGER_PAGES))
def test_ten_years_of_history_cost_no_more_queries_than_one(
    client, people, ledgers, django_assert_num_queries, name
):
    _, short, long = ledgers
    assert long.entries.filter(kind="charge").count() == 120
    assert short.entries.filter(kind="charge").count() == 12
    client.force_login(people.tenant)
    fixed = queries_for(client, reverse(name, args=args_for(name, short)))
    url = reverse(name, args=args_for(name, long))
    with django_assert_num_queries(fixed):
        client.get(url)


def test_an_earlier_year_of_a_long_history_costs_the_same(
    client, people, ledgers, django_assert_num_queries
):
    _, short, long = ledgers
    client.force_login(people.tenant)
    fixed = queries_for(client, reverse("portal:kartoteka", args=[short.pk]))
    url = reverse("portal:kartoteka", args=[long.pk]) + "?rok=2019"
    with django_assert_num_queries(fixed):
        response = client.get(url)
    assert response.context["kartoteka"].rows[0].entry.operation_date.year == 2019


@pytest.mark.parametrize("name", ["portal:kartoteka", "portal:kartoteka_months"])
def test_a_year_of_many_entries_costs_no_more_queries_than_a_year_of_three(
    client, people, ledgers, django_assert_num_queries, name
):
    tiny, _, long = ledgers
    assert tiny.entries.count() == 3
    assert long.entries.filter(operation_date__year=2026).count() == 25
    client.force_login(people.tenant)
    fixed = queries_for(client, reverse(name, args=[tiny.pk]))
    url = reverse(name, args=[long.pk])
    with django_assert_num_queries(fixed):
        client.get(url)
