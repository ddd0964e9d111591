"""POST /api/v1/meters/readings: readings under a collector import's
rules; the same key replays, another body is a 409, a bad reading is a 422
naming its field and adds nothing, a repeat adds nothing."""

import json
from decimal import Decimal

import pytest

from iok.api.scopes import Scope
from iok.audit.models import AuditEvent
from iok.meters.models import Reading
from tests.meters.conftest import make_meter

URL = "/api/v1/meters/readings"
READINGS = [
    {"meter": "ZW-0001", "date": "2026-03-31", "value": "112.500"},
    {"meter": "ZW-0001", "date": "2026-06-30", "value": "125"},
]


def post(client, readings, key="read-1"):
    return client.post(
        URL,
        data=json.dumps({"readings": readings}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


@pytest.fixture
def meter(flat):
    return make_meter(flat, "ZW-0001")


@pytest.fixture
def collector(api_client, meter):
    return api_client(Scope.POST_ENTRIES, system="collectors")


def collected():
    return list(Reading.objects.filter(source="collector").values_list("value", flat=True))


def test_readings_are_added_as_a_collectors(collector):
    response = post(collector, READINGS)
    assert response.status_code == 200
    answer = response.json()
    assert (answer["added"], answer["skipped"]) == (2, 0)
    assert [r["outcome"] for r in answer["readings"]] == ["added", "added"]
    assert collected() == [Decimal("112.500"), Decimal("125.000")]


def test_the_same_key_and_body_replay_the_answer(collector):
    first = post(collector, READINGS)
    again = post(collector, READINGS)
    assert (again.status_code, again.json()) == (200, first.json())
    assert again["Idempotent-Replayed"] == "true"


def test_the_same_readings_under_a_new_key_are_skipped(collector):
    post(collector, READINGS)
    response = post(collector, READINGS, key="read-2")
    assert response.json()["skipped"] == 2
    assert len(collected()) == 2


def test_the_same_key_with_other_readings_is_a_409(collector):
    post(collector, READINGS)
    response = post(collector, READINGS[:1])
    assert response.status_code == 409


BAD = [
    ({"meter": "XX-9"}, "readings.1.meter"),
    ({"date": "2026-02-30"}, "readings.1.date"),
    ({"date": "2025-12-31"}, "readings.1.date"),
    ({"date": "2027-01-01"}, "readings.1.date"),
    ({"value": "99"}, "readings.1.value"),
    ({"value": 125}, "readings.1.value"),
    ({"value": "1.0001"}, "readings.1.value"),
]


@pytest.mark.parametrize(("changes", "field"), BAD)
def test_a_bad_reading_is_a_422_naming_its_field_and_nothing_is_added(collector, changes, field):
    response = post(collector, [READINGS[0], {**READINGS[1], **changes}])
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]
    assert collected() == []


def test_every_reading_is_audited_as_the_collectors_system(collector):
    post(collector, READINGS)
    events = AuditEvent.objects.filter(
        actor_username="api:collectors", content_type__model="reading"
    )
    assert events.count() == 2


def test_a_token_without_post_entries_is_refused(api_client, meter):
    response = post(api_client(Scope.WRITE_REGISTRY, Scope.READ_LEDGER), READINGS)
    assert response.status_code == 403
    assert collected() == []
