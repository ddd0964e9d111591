"""POST /api/v1/billing/documents: an external billing's charges and
corrections, booked once by their document numbers; the same key replays,
another body is a 409, a bad field is a 422 naming it and books nothing."""

import datetime
import json
from decimal import Decimal

import pytest

from iok.api.scopes import Scope
from iok.audit.models import AuditEvent
from iok.ledger.models import Closing, Entry

URL = "/api/v1/billing/documents"
CHARGE = {
    "document": "FK/2026/11/1",
    "contract": "M/2020/0001",
    "period": "2026-11",
    "due_date": "2026-11-10",
    "lines": [
        {"component": "rent", "amount": "-443.83"},
        {"component": "cold_water", "amount": "-82.60"},
    ],
}
CORRECTION = {
    "document": "FK/2026/11/1/K",
    "corrects": "FK/2026/11/1",
    "operation_date": "2026-11-20",
    "reason": "błędna powierzchnia",
    "lines": [{"component": "rent", "amount": "100.00"}],
}


def post(client, body, key="post-1"):
    return client.post(
        URL, data=json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def balance(ledger):
    ledger.refresh_from_db()
    return ledger.balance


@pytest.fixture
def billing(api_client, ledger):
    return api_client(Scope.POST_ENTRIES, system="billing")


def test_a_charge_and_its_correction_are_booked_in_one_call(billing, ledger):
    response = post(billing, {"charges": [CHARGE], "corrections": [CORRECTION]})
    assert response.status_code == 200
    answer = response.json()
    [charged], [corrected] = answer["charges"], answer["corrections"]
    assert (charged["document"], charged["status"]) == ("FK/2026/11/1", "created")
    entry = Entry.objects.get(pk=charged["entry_id"])
    assert (entry.kind, entry.amount, entry.document) == (
        "charge",
        Decimal("-526.43"),
        "FK/2026/11/1",
    )
    assert Entry.objects.get(pk=corrected["entry_id"]).corrects == entry
    assert balance(ledger) == Decimal("-426.43")


def test_the_same_key_and_body_replay_the_answer_without_booking_again(billing, ledger):
    first = post(billing, {"charges": [CHARGE]})
    again = post(billing, {"charges": [CHARGE]})
    assert (again.status_code, again.json()) == (200, first.json())
    assert again["Idempotent-Replayed"] == "true"
    assert Entry.objects.count() == 1


def test_the_same_document_under_a_new_key_books_nothing_and_says_unchanged(billing, ledger):
    first = post(billing, {"charges": [CHARGE]})
    again = post(billing, {"charges": [CHARGE]}, key="post-2")
    assert again.json()["charges"] == [{**first.json()["charges"][0], "status": "unchanged"}]
    assert balance(ledger) == Decimal("-526.43")


def test_the_same_key_with_another_body_is_a_409(billing, ledger):
    post(billing, {"charges": [CHARGE]})
    response = post(billing, {"charges": [{**CHARGE, "due_date": "2026-11-15"}]})
    assert response.status_code == 409
    assert Entry.objects.get().due_date == datetime.date(2026, 11, 10)


def test_the_same_document_with_other_content_is_a_422_on_its_number(billing, ledger):
    post(billing, {"charges": [CHARGE]})
    response = post(billing, {"charges": [{**CHARGE, "due_date": "2026-11-15"}]}, key="post-2")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["charges.0.document"]


def line(**changes):
    return {**CHARGE, "lines": [{"component": "rent", "amount": "-1.00", **changes}]}


BAD = [
    ({"charges": [{**CHARGE, "contract": "X/1"}]}, "charges.0.contract"),
    ({"charges": [{**CHARGE, "period": "2026-13"}]}, "charges.0.period"),
    ({"charges": [{**CHARGE, "lines": []}]}, "charges.0.lines"),
    ({"charges": [line(component="beer")]}, "charges.0.lines.0.component"),
    ({"charges": [line(amount=-1)]}, "charges.0.lines.0.amount"),
    ({"charges": [line(amount="-1.005")]}, "charges.0.lines.0.amount"),
    ({"charges": [line(amount="1.00")]}, "charges.0.lines"),
    ({"charges": [line(vat="-0.19")]}, "charges.0.lines.0.vat_rate"),
    (
        {"charges": [CHARGE], "corrections": [{**CORRECTION, "corrects": "FK/X"}]},
        "corrections.0.corrects",
    ),
    (
        {"charges": [CHARGE], "corrections": [{**CORRECTION, "operation_date": "2026-10-31"}]},
        "corrections.0.operation_date",
    ),
    (
        {
            "charges": [CHARGE],
            "corrections": [{**CORRECTION, "lines": [{"component": "rent", "amount": "500.00"}]}],
        },
        "corrections.0.lines.0.amount",
    ),
]


@pytest.mark.parametrize(("body", "field"), BAD)
def test_a_bad_field_is_a_422_naming_it_and_nothing_is_booked(billing, ledger, body, field):
    body = {
        **body,
        "charges": [{**CHARGE, "document": "FK/OK", "period": "2026-12"}, *body["charges"]],
    }
    response = post(billing, body)
    assert response.status_code == 422
    fields = [error["field"] for error in response.json()["errors"]]
    assert field.replace("charges.0", "charges.1") in fields
    assert not Entry.objects.exists()
    assert balance(ledger) == 0


def test_a_charge_inside_a_closed_period_is_refused_naming_the_closing(billing, ledger):
    Closing.objects.create(closed_until=datetime.date(2026, 11, 30))
    response = post(billing, {"charges": [CHARGE]})
    [error] = response.json()["errors"]
    assert error["field"] == "charges.0.operation_date"
    assert "30.11.2026" in error["message"]


def test_the_booking_is_audited_as_the_billing_systems(billing, ledger):
    post(billing, {"charges": [CHARGE], "corrections": [CORRECTION]})
    events = AuditEvent.objects.filter(actor_username="api:billing")
    assert {"ledger", "entry", "correctionreason", "externaldocument"} <= {
        event.content_type.model for event in events
    }


def test_a_token_without_post_entries_is_refused(api_client, ledger):
    response = post(api_client(Scope.READ_LEDGER, Scope.WRITE_REGISTRY), {"charges": [CHARGE]})
    assert response.status_code == 403
    assert not Entry.objects.exists()
