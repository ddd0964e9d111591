"""The registry upsert of JSON objects (the finance system's API): the CSV
import's rules through the same per-record functions, every problem named
by collection, index and the API's field name, all or nothing."""

import datetime
from decimal import Decimal

import pytest

from iok.ledger.models import Ledger
from iok.ledger.opening import upsert
from iok.registry.models import Building, Contract, Contractor, Premises, PropertyValue
from iok.registry.properties import property_value

LIPOWA = {"city": "Białystok", "street": "ul. Lipowa", "number": "7"}


def town():
    return {
        "buildings": [
            {
                "city": "Białystok",
                "street": "ul. Lipowa",
                "number": "7",
                "postal_code": "15-427",
                "year_built": 1968,
                "floors": 4,
            }
        ],
        "premises": [
            {"building": LIPOWA, "kind": "residential", "number": "12", "staircase": "B"},
            {"building": LIPOWA, "kind": "garage", "number": "G3"},
        ],
        "contractors": [
            {
                "kind": "person",
                "first_name": "Anna",
                "last_name": "Kowalska",
                "pesel": "85071412341",
                "street": "ul. Lipowa 7/12",
                "postal_code": "15-427",
                "city": "Białystok",
                "email": "anna@example.com",
            },
            {
                "kind": "person",
                "first_name": "Piotr",
                "last_name": "Kowalski",
                "pesel": "830305-12372",
                "street": "ul. Lipowa 7/12",
                "postal_code": "15-427",
                "city": "Białystok",
            },
        ],
        "contracts": [
            {
                "number": "M/2019/0012",
                "kind": "lease",
                "premises": {"building": LIPOWA, "kind": "residential", "number": "12"},
                "start": "2019-04-01",
                "tenant": "85071412341",
                "co_tenants": ["83030512372"],
            }
        ],
        "properties": [
            {
                "kind": "usable_area",
                "premises": {"building": LIPOWA, "kind": "residential", "number": "12"},
                "valid_from": datetime.date(2019, 4, 1),
                "value": Decimal("48.70"),
            },
            {"kind": "persons", "contract": "M/2019/0012", "valid_from": "2019-04-01", "value": 2},
        ],
    }


def test_one_call_creates_a_building_its_premises_contractors_and_their_contract(db):
    outcome = upsert(town())
    assert not outcome.problems
    assert outcome.statuses["premises"] == ["created", "created"]
    assert Building.objects.get().year_built == 1968
    contract = Contract.objects.get(number="M/2019/0012")
    assert contract.main_tenant.pesel == "85071412341"
    assert contract.parties.count() == 2
    assert Ledger.objects.filter(contract=contract).exists()
    premises = Premises.objects.get(number="12")
    assert property_value("usable_area", premises, datetime.date(2020, 1, 1)) == Decimal("48.700")


def test_the_same_objects_again_change_nothing(db):
    upsert(town())
    outcome = upsert(town())
    assert {name: set(s) for name, s in outcome.statuses.items()} == {
        name: {"unchanged"} for name in town()
    }


def test_a_changed_field_updates_only_that_record(db):
    upsert(town())
    changed = town()
    changed["contractors"][0]["email"] = "anna.k@example.com"
    changed["contracts"][0]["co_tenants"] = []
    outcome = upsert(changed)
    assert outcome.statuses["contractors"] == ["updated", "unchanged"]
    assert outcome.statuses["contracts"] == ["updated"]
    assert Contractor.objects.get(pesel="85071412341").email == "anna.k@example.com"
    assert Contract.objects.get().parties.count() == 1


BAD = [
    ("contractors", 0, "pesel", "85071412342", "pesel", "cyfra kontrolna"),
    ("contractors", 0, "last_name", "", "last_name", ""),
    ("contractors", 1, "kind", "ktoś", "kind", "ktoś"),
    ("contracts", 0, "start", "2019-04-31", "start", "2019-04-31"),
    ("contracts", 0, "end", "2018-01-01", "end", ""),
    ("contracts", 0, "tenant", "1234563219", "tenant", "1234563219"),
    ("contracts", 0, "premises", {"building": LIPOWA, "kind": "flat"}, "premises.kind", "flat"),
    ("premises", 1, "building", {**LIPOWA, "number": "9"}, "building.number", ""),
    ("properties", 0, "value", "48.7001", "value", "48.7001"),
    ("properties", 0, "value", 48.7, "value", "zmiennoprzecinkow"),
    ("properties", 1, "kind", "nonsense", "kind", "nonsense"),
    ("buildings", 0, "year_built", "dawno", "year_built", "dawno"),
    ("buildings", 0, "colour", "red", "colour", ""),
    ("buildings", 0, "street", "ul.\x00Lipowa", "street", "NUL"),
    ("buildings", 0, "floors", "٤", "floors", "٤"),
    ("properties", 0, "value", "1e999999", "value", "1e999999"),
]


@pytest.mark.parametrize(("collection", "index", "name", "value", "field", "says"), BAD)
def test_a_bad_field_is_named_and_nothing_is_saved(db, collection, index, name, value, field, says):
    objects = town()
    objects[collection][index][name] = value
    outcome = upsert(objects)
    assert f"{collection}[{index}].{field}" in {p.path for p in outcome.problems}
    assert says in " ".join(p.message for p in outcome.problems)
    assert not Building.objects.exists()
    assert not Ledger.objects.exists()


def test_the_same_record_twice_names_the_first(db):
    objects = town()
    objects["premises"].append(dict(objects["premises"][0]))
    outcome = upsert(objects)
    [problem] = outcome.problems
    assert problem.path == "premises[2]"
    assert "premises[0]" in problem.message
    assert not PropertyValue.objects.exists()


def test_an_unknown_collection_is_refused(db):
    outcome = upsert({**town(), "meters": [{}]})
    assert outcome.problems[0].collection == "meters"
    assert not Building.objects.exists()


def test_the_finance_key_finds_a_building_whose_street_was_renamed(db):
    objects = town()
    objects["buildings"][0]["finance_key"] = "B-0007"
    upsert(objects)
    renamed = town()
    renamed["buildings"][0] |= {"finance_key": "B-0007", "street": "ul. Lipowa Nowa"}
    for premises in renamed["premises"]:
        premises["building"] = {**LIPOWA, "street": "ul. Lipowa Nowa"}
    renamed = {"buildings": renamed["buildings"], "premises": renamed["premises"]}
    outcome = upsert(renamed)
    assert not outcome.problems
    assert outcome.statuses == {"buildings": ["updated"], "premises": ["unchanged", "unchanged"]}
    assert Building.objects.get().street == "ul. Lipowa Nowa"


def test_the_finance_key_finds_a_contractor_whose_pesel_was_put_right(db):
    objects = town()
    objects["contractors"][1] |= {"finance_key": "K-2", "pesel": "85071412341"}
    objects["contractors"] = objects["contractors"][1:]
    objects["contractors"][0]["pesel"] = "83030512372"
    upsert({"contractors": objects["contractors"]})
    objects["contractors"][0]["pesel"] = "85071412341"
    outcome = upsert({"contractors": objects["contractors"]})
    assert outcome.statuses == {"contractors": ["updated"]}
    assert Contractor.objects.get().pesel == "85071412341"


def test_a_record_known_under_another_finance_key_is_refused(db):
    objects = town()
    objects["buildings"][0]["finance_key"] = "B-0007"
    upsert(objects)
    objects["buildings"][0]["finance_key"] = "B-9999"
    outcome = upsert({"buildings": objects["buildings"]})
    assert [p.path for p in outcome.problems] == ["buildings[0].finance_key"]
    assert "B-0007" in outcome.problems[0].message
