"""The read endpoints: the registry by the finance system's keys, ledgers
with their balance and entries, the payments feed after a cursor; amounts
as decimal strings, dates ISO, every read in the audit log."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from iok.api.scopes import Scope
from iok.audit.models import AuditEvent
from iok.ledger.models import Ledger
from tests.api.town import booked, charge, pay


@pytest.fixture
def registry(api_client):
    return api_client(Scope.READ_REGISTRY)


@pytest.fixture
def ledgers(api_client):
    return api_client(Scope.READ_LEDGER)


@pytest.fixture
def payments(api_client):
    return api_client(Scope.READ_PAYMENTS)


def test_a_building_is_found_by_city_street_and_number(registry, building):
    key = {"city": "Białystok", "street": "ul. Mickiewicza", "number": "12"}
    [found] = registry.get("/api/v1/registry/buildings", key).json()["items"]
    assert found | key == found and found["id"] == building.pk
    assert registry.get("/api/v1/registry/buildings", key | {"number": "13"}).json()["count"] == 0


def test_premises_come_with_their_dated_properties_as_decimal_strings(registry, flat):
    key = {"city": "Białystok", "street": "ul. Mickiewicza", "number": "12"}
    answer = registry.get(
        "/api/v1/registry/premises", key | {"kind": "residential", "premises_number": "4"}
    ).json()
    [premises] = answer["items"]
    assert premises["building"] == key
    assert {"kind": "usable_area", "valid_from": "2026-01-01", "value": "52.400"} in premises[
        "properties"
    ]


def test_a_contractor_is_found_by_pesel(registry, tenant):
    [found] = registry.get("/api/v1/registry/contractors", {"pesel": tenant.pesel}).json()["items"]
    assert (found["id"], found["last_name"]) == (tenant.pk, "Kowalska")


def test_a_contract_names_its_premises_and_parties_by_their_keys(registry, contract, tenant):
    [found] = registry.get("/api/v1/registry/contracts", {"number": "M/2020/0001"}).json()["items"]
    assert found["start"] == "2020-03-01" and found["end"] is None
    assert {"role": "main", "pesel": tenant.pesel, "nip": "", "name": "Anna Kowalska"} in found[
        "parties"
    ]
    assert found["premises"]["number"] == "4"


def test_a_ledger_answers_its_balance_as_a_decimal_string(ledgers, ledger):
    booked(ledger)
    [found] = ledgers.get("/api/v1/ledgers", {"contract": "M/2020/0001"}).json()["items"]
    assert found == ledgers.get(f"/api/v1/ledgers/{ledger.pk}").json()
    assert found["balance"] == "-150.00"
    assert found["virtual_account"] == ledger.virtual_account


def test_a_ledgers_entries_come_a_page_at_a_time_in_date_order(ledgers, ledger):
    october, november, payment = booked(ledger)
    url = f"/api/v1/ledgers/{ledger.pk}/entries"
    first = ledgers.get(url, {"limit": 2}).json()
    second = ledgers.get(url, {"limit": 2, "offset": 2}).json()
    assert (first["count"], second["count"]) == (3, 3)
    assert [e["id"] for e in first["items"] + second["items"]] == [
        october.pk, november.pk, payment.pk
    ]  # fmt: skip
    assert first["items"][0]["amount"] == "-300.00"
    assert first["items"][0]["lines"] == [
        {"component": "rent", "amount": "-300.00", "quantity": None, "unit_price": None,
         "vat_rate": None, "vat": "0.00"}
    ]  # fmt: skip
    since = ledgers.get(url, {"since": "2026-11-01"}).json()
    assert [e["id"] for e in since["items"]] == [november.pk, payment.pk]


def test_an_unknown_ledger_is_a_404_in_the_api_shape(ledgers, db):
    response = ledgers.get("/api/v1/ledgers/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("since", ["0", "1764460800", "30.11.2026"])
def test_a_date_is_iso_or_a_422_naming_it(ledgers, ledger, since):
    response = ledgers.get(f"/api/v1/ledgers/{ledger.pk}/entries", {"since": since})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["since"]


def test_the_feed_gives_each_payment_with_its_allocations(payments, ledger):
    october, november, payment = booked(ledger)
    feed = payments.get("/api/v1/payments").json()
    [item] = feed["items"]
    assert feed["last_cursor"] == item["cursor"]
    assert (item["entry"], item["contract"], item["amount"]) == (
        payment.pk,
        "M/2020/0001",
        "450.00",
    )
    assert item["allocations"] == [
        {"charge": october.pk, "charge_kind": "charge", "charge_period": "2026-10",
         "amount": "300.00"},
        {"charge": november.pk, "charge_kind": "charge", "charge_period": "2026-11",
         "amount": "150.00"},
    ]  # fmt: skip


def test_the_feed_after_the_last_cursor_gives_only_later_payments(payments, ledger):
    booked(ledger)
    cursor = payments.get("/api/v1/payments").json()["last_cursor"]
    assert payments.get("/api/v1/payments", {"after": cursor}).json() == {
        "items": [],
        "last_cursor": cursor,
    }
    later = pay(ledger, datetime.date(2026, 11, 20), "150.00")
    feed = payments.get("/api/v1/payments", {"after": cursor}).json()
    assert [item["entry"] for item in feed["items"]] == [later.pk]
    assert feed["last_cursor"] > cursor


def test_the_feed_pages_by_limit_and_never_repeats_a_payment(payments, ledger):
    charge(ledger, datetime.date(2026, 10, 1), "-1000.00")
    paid = [pay(ledger, datetime.date(2026, 10, day), "10.00") for day in range(2, 7)]
    seen, cursor = [], 0
    while page := payments.get("/api/v1/payments", {"after": cursor, "limit": 2}).json()["items"]:
        seen += [item["entry"] for item in page]
        cursor = page[-1]["cursor"]
    assert seen == [p.pk for p in paid]


def test_charges_are_not_in_the_payments_feed(payments, ledger):
    charge(ledger, datetime.date(2026, 10, 1))
    assert payments.get("/api/v1/payments").json()["items"] == []


def reads_by(system):
    return AuditEvent.objects.filter(action="read", actor_username=f"api:{system}")


def test_every_read_is_audited_as_done_by_the_tokens_system(registry, ledgers, ledger, tenant):
    registry.get("/api/v1/registry/contractors", {"pesel": tenant.pesel})
    ledgers.get(f"/api/v1/ledgers/{ledger.pk}")
    events = reads_by("finance")
    contractors = events.get(content_type__model="contractor")
    assert (contractors.context, contractors.method) == ("api", "GET")
    assert contractors.path == f"/api/v1/registry/contractors?pesel={tenant.pesel}"
    one = events.get(content_type__model="ledger")
    assert (one.object_id, one.object_repr) == (ledger.pk, str(ledger))


def test_a_refused_call_reads_nothing_into_the_audit_log(api_client, ledger):
    api_client(Scope.READ_REGISTRY).get(f"/api/v1/ledgers/{ledger.pk}")
    assert not AuditEvent.objects.filter(Q(action="read") | Q(context="api")).exists()


def test_amounts_never_appear_as_json_numbers(ledgers, ledger):
    booked(ledger)
    text = ledgers.get(f"/api/v1/ledgers/{ledger.pk}/entries").content.decode()
    assert '"amount": "' in text or '"amount":"' in text
    assert Ledger.objects.get(pk=ledger.pk).balance == Decimal("-150.00")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/registry/premises",
        "/api/v1/registry/contracts",
        "/api/v1/ledgers",
        "/api/v1/payments",
    ],
)
def test_a_list_costs_the_same_queries_however_long_it_is(api_client, people, ledger, url):
    finance = api_client(*Scope.values)
    booked(ledger)

    def queries():
        finance.get(url)  # the token's last use and the feed's new places: once
        with CaptureQueriesContext(connection) as captured:
            assert finance.get(url).status_code == 200
        return len(captured)

    few = queries()
    stranger = Ledger.objects.exclude(pk=ledger.pk).get()
    booked(stranger)
    assert queries() == few


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep the data migrations' rows
def test_readers_of_the_feed_at_once_place_each_payment_once(api_client, ledger):
    import threading

    from django.db import connections

    from iok.api.models import PaymentFeedItem

    booked(ledger)
    reader = api_client(Scope.READ_PAYMENTS)
    answers, start = [], threading.Barrier(4)

    def read_feed():
        start.wait()
        try:
            answers.append(reader.get("/api/v1/payments"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read_feed) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in answers] == [200] * 4
    assert len({r.content for r in answers}) == 1
    assert PaymentFeedItem.objects.count() == 1
