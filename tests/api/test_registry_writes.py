"""POST /api/v1/registry/upsert: the CSV import's rules over the API, by
the finance system's own keys; repeat with the same key, 409 with another
body, every bad field named in the 422 and nothing saved, every write audited."""

import json

import pytest

from iok.api.scopes import Scope
from iok.audit.models import AuditEvent
from iok.ledger.models import Ledger
from iok.registry.models import Building, Contract, Contractor, Premises, PropertyValue

URL = "/api/v1/registry/upsert"
LIPOWA = {"city": "Białystok", "street": "ul. Lipowa", "number": "7"}
FLAT = {"building": LIPOWA, "kind": "residential", "number": "12"}


def town():
    return {
        "buildings": [{**LIPOWA, "postal_code": "15-427", "year_built": 1968, "finance_key": "B7"}],
        "premises": [{**FLAT, "staircase": "B"}],
        "contractors": [
            {
                "kind": "person",
                "first_name": "Anna",
                "last_name": "Kowalska",
                "pesel": "85071412341",
                "street": "ul. Lipowa 7/12",
                "postal_code": "15-427",
                "city": "Białystok",
            }
        ],
        "contracts": [
            {
                "number": "M/2019/0012",
                "kind": "lease",
                "premises": FLAT,
                "start": "2019-04-01",
                "tenant": "85071412341",
            }
        ],
        "properties": [
            {"kind": "usable_area", "premises": FLAT, "valid_from": "2019-04-01", "value": "48.70"},
            {
                "kind": "persons",
                "contract": "M/2019/0012",
                "valid_from": "2019-04-01",
                "value": "1",
            },
        ],
    }


def post(client, body, key="sync-1"):
    return client.post(
        URL, data=json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


@pytest.fixture
def finance(api_client):
    return api_client(Scope.WRITE_REGISTRY)


def test_one_call_creates_every_kind_and_says_so_per_object(finance):
    response = post(finance, town())
    assert response.status_code == 200
    answer = response.json()
    assert answer["buildings"] == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "statuses": ["created"],
    }
    assert answer["properties"]["statuses"] == ["created", "created"]
    assert Building.objects.get().finance_key == "B7"
    contract = Contract.objects.get()
    assert contract.main_tenant.pesel == "85071412341"
    assert Ledger.objects.filter(contract=contract).exists()
    assert PropertyValue.objects.count() == 2


def test_the_same_key_and_body_answer_the_first_result_and_change_nothing(finance):
    first = post(finance, town())
    again = post(finance, town())
    assert (again.status_code, again.json()) == (200, first.json())
    assert again["Idempotent-Replayed"] == "true"
    assert Building.objects.count() == 1


def test_the_same_objects_under_a_new_key_are_unchanged(finance):
    post(finance, town())
    response = post(finance, town(), key="sync-2")
    assert response.json()["contracts"]["statuses"] == ["unchanged"]


def test_the_same_key_with_another_body_is_a_409(finance):
    post(finance, town())
    changed = town()
    changed["buildings"][0]["floors"] = 4
    response = post(finance, changed)
    assert response.status_code == 409
    assert Building.objects.get().floors is None


def test_a_renamed_street_is_an_update_found_by_the_finance_key(finance):
    post(finance, town())
    renamed = {"buildings": [{**town()["buildings"][0], "street": "ul. Nowa"}]}
    response = post(finance, renamed, key="sync-2")
    assert response.json()["buildings"]["statuses"] == ["updated"]
    assert Premises.objects.get().building.street == "ul. Nowa"


def bad(collection, index, **changes):
    body = town()
    body[collection][index] = {**body[collection][index], **changes}
    return body


BAD = [
    (bad("contractors", 0, pesel="85071412342"), "contractors.0.pesel"),
    (bad("contractors", 0, kind="alien"), "contractors.0.kind"),
    (bad("contractors", 0, first_name=""), "contractors.0.last_name"),
    (bad("contracts", 0, tenant="1234563219"), "contracts.0.tenant"),
    (bad("contracts", 0, start="2019-04-31"), "contracts.0.start"),
    (bad("contracts", 0, end="2018-12-31"), "contracts.0.end"),
    (bad("contracts", 0, premises={**FLAT, "number": "99"}), "contracts.0.premises.number"),
    (bad("premises", 0, building={**LIPOWA, "number": "9"}), "premises.0.building.number"),
    (bad("properties", 0, value="48.7001"), "properties.0.value"),
    (bad("properties", 0, value=48.7), "properties.0.value"),
    (bad("properties", 1, kind="nonsense"), "properties.1.kind"),
    (bad("buildings", 0, postal_code="1234567"), "buildings.0.postal_code"),
    (bad("buildings", 0, year_built="dawno"), "buildings.0.year_built"),
]


@pytest.mark.parametrize(("body", "field"), BAD)
def test_a_bad_field_is_a_422_naming_it_and_nothing_is_saved(finance, body, field):
    response = post(finance, body)
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Building.objects.exists()
    assert not Contractor.objects.exists()


def test_every_bad_object_is_named_at_once(finance):
    body = bad("contractors", 0, pesel="85071412342")
    body["contracts"][0]["number"] = "X" * 30
    body["properties"][1]["kind"] = "nonsense"
    response = post(finance, body)
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"contractors.0.pesel", "properties.1.kind"} <= fields


def test_a_refused_call_leaves_its_key_free_for_the_corrected_body(finance):
    post(finance, bad("contractors", 0, pesel="85071412342"))
    response = post(finance, town())
    assert response.status_code == 200
    assert Contractor.objects.count() == 1


def test_every_saved_record_is_audited_as_the_finance_systems(finance):
    post(finance, town())
    events = AuditEvent.objects.filter(actor_username="api:finance")
    saved = {event.content_type.model for event in events}
    assert {"building", "premises", "contractor", "contract", "propertyvalue"} <= saved


def test_a_token_without_write_registry_is_refused(api_client):
    response = post(api_client(Scope.READ_REGISTRY, Scope.POST_ENTRIES), town())
    assert response.status_code == 403
    assert not Building.objects.exists()
