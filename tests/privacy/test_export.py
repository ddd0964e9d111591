"""The RODO export of a tenant: everything held about her, and nothing of
the co-tenant's or the stranger's own data."""

import json
from decimal import Decimal

from iok.privacy.export import as_json, personal_data

CO_TENANT_PESEL = "83030512372"
STRANGER_PESEL = "90010112349"


def export_of(people, who="tenant"):
    return personal_data(getattr(people, who).account.contractor)


def test_the_export_holds_the_tenants_own_contractor_data(people, record):
    data = export_of(people)
    assert data["contractor"]["pesel"] == "85071412341"
    assert data["contractor"]["last_name"] == "Kowalska"
    assert data["contractor"]["city"] == "Białystok"


def test_the_export_holds_the_contract_with_its_parties_premises_and_properties(people, record):
    [contract] = export_of(people)["contracts"]
    assert contract["number"] == "M/2020/0001"
    assert contract["role"] == "main"
    assert [p["name"] for p in contract["parties"]] == ["Anna Kowalska", "Piotr Kowalski"]
    assert contract["premises"]["building"]["street"] == "ul. Mickiewicza"
    kinds = {(p["belongs_to"], p["kind"]) for p in contract["properties"]}
    assert kinds == {("premises", "usable_area"), ("premises", "floor"), ("contract", "persons")}


def test_the_export_holds_every_entry_with_its_lines_and_allocations(people, record):
    ledger = export_of(people)["contracts"][0]["ledger"]
    kinds = [e["kind"] for e in ledger["entries"]]
    assert kinds == ["settlement", "charge", "payment"]
    charge = ledger["entries"][1]
    assert charge["id"] == record.charge.pk
    assert [line["component"] for line in charge["lines"]] == ["rent", "waste"]
    pairs = {(a["payment"], a["charge"]) for a in ledger["allocations"]}
    assert (record.payment.pk, record.charge.pk) in pairs
    assert {payment for payment, _charge in pairs} == {record.payment.pk}
    assert ledger["virtual_account"] == record.charge.ledger.virtual_account


def test_the_export_holds_the_readings_of_the_contracts_days_only(people, record):
    [meter] = export_of(people)["contracts"][0]["meters"]
    assert meter["serial_number"] == "WZ-1001"
    assert [str(r["date"]) for r in meter["readings"]] == ["2026-01-31"]


def test_the_export_holds_the_utility_settlements_with_their_calculation(people, record):
    [settlement] = export_of(people)["contracts"][0]["settlements"]
    assert (str(settlement["from"]), str(settlement["to"])) == ("2025-01-01", "2025-12-31")
    assert settlement["amount"] == Decimal("-56.10")
    assert settlement["calculation"]["advances"] == "300.00"


def test_the_export_holds_the_logins_and_their_access_log(people, record):
    [login] = export_of(people)["logins"]
    assert login["login"] == "najemca"
    assert login["terms_accepted"] is not None
    assert login["password_changed_after_first_login"] is True
    events = [event["event"] for event in login["access_log"]]
    assert sorted(events) == ["failure", "failures_counted", "login"]


def test_the_export_holds_the_tenants_own_access_requests_only(people, record):
    requests = export_of(people)["access_requests"]
    assert [r["pesel"] for r in requests] == ["85071412341"]


def test_nothing_of_the_co_tenant_or_the_stranger_is_in_the_tenants_export(people, record):
    text = as_json(export_of(people))
    for secret in [CO_TENANT_PESEL, STRANGER_PESEL, "wspolnajemca", "obcy", "M/2021/0009"]:
        assert secret not in text
    assert str(record.stranger_charge.ledger.virtual_account) not in text


def test_the_co_tenant_sees_the_shared_contract_but_only_his_own_logins(people, record):
    data = export_of(people, "co_tenant")
    text = as_json(data)
    assert data["contracts"][0]["role"] == "co_tenant"
    assert [login["login"] for login in data["logins"]] == ["wspolnajemca"]
    assert "85071412341" not in text
    assert '"najemca"' not in text


def test_json_parses_with_amounts_as_strings_and_no_floats(people, record):
    parsed = json.loads(as_json(export_of(people)), parse_float=_refuse_float)
    ledger = parsed["contracts"][0]["ledger"]
    assert ledger["entries"][2]["amount"] == "1234.56"
    assert ledger["entries"][1]["amount"] == "-478.83"
    assert ledger["balance"] == "699.63"
    assert parsed["contracts"][0]["settlements"][0]["calculation"]["cost"] == "356.10"
    assert ledger["entries"][1]["operation_date"] == "2026-03-01"
    assert parsed["contracts"][0]["start"] == "2020-03-01"


def _refuse_float(text):
    raise AssertionError(f"a float in the export: {text}")
