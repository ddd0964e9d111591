"""Writes with an Idempotency-Key: the same key and body answer the first
result again, another body 409, a failed write leaves nothing behind."""

import json
import threading

import pytest
from django.db import connection, connections

from iok.api.models import IdempotentResult
from iok.api.scopes import Scope
from iok.audit.models import AuditEvent
from iok.registry.models import Building

pytestmark = pytest.mark.urls("tests.api.write_api")
URL = "/api/test/buildings"
BODY = {"city": "Białystok", "street": "ul. Lipowa", "number": "3", "postal_code": "15-001"}


def post(client, body, key="key-1"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(URL, data=json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def writer(api_client):
    return api_client(Scope.WRITE_REGISTRY)


def test_a_write_answers_its_result(writer):
    response = post(writer, BODY)
    assert response.status_code == 201
    assert Building.objects.get(pk=response.json()["id"]).street == "ul. Lipowa"


def test_the_same_key_and_body_answer_the_first_result_without_writing_again(writer):
    first = post(writer, BODY)
    again = post(writer, dict(reversed(BODY.items())))  # the same body, keys reordered
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again["Idempotent-Replayed"] == "true"
    assert Building.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_with_409(writer):
    post(writer, BODY)
    response = post(writer, BODY | {"number": "5"})
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Building.objects.count() == 1


def test_keys_belong_to_their_token(writer, api_client):
    post(writer, BODY)
    other = post(api_client(Scope.WRITE_REGISTRY, system="billing"), BODY | {"number": "5"})
    assert other.status_code == 201
    assert Building.objects.count() == 2


def test_a_write_without_a_key_is_a_422_naming_the_header(writer):
    response = post(writer, BODY, key=None)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["Idempotency-Key"]


def test_a_validation_error_names_the_field_and_writes_nothing(writer):
    response = post(writer, BODY | {"postal_code": "1234567"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["postal_code"]
    assert not Building.objects.exists()


def test_a_model_validation_error_names_the_models_field(writer):
    response = post(writer, BODY | {"city": ""})
    assert response.status_code == 422
    assert "city" in [e["field"] for e in response.json()["errors"]]


def test_an_amount_as_a_json_number_is_refused(writer):
    response = post(writer, BODY | {"price": 12.3})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["price"]


def test_a_write_that_fails_halfway_leaves_nothing_and_frees_its_key(writer):
    response = post(writer, BODY | {"fail_after_saving": True})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["fail_after_saving"]
    assert not Building.objects.exists()
    assert not IdempotentResult.objects.exists()
    assert post(writer, BODY).status_code == 201  # the same key, corrected


def test_a_write_is_audited_as_done_by_the_tokens_system(writer):
    building = Building.objects.get(pk=post(writer, BODY).json()["id"])
    event = AuditEvent.objects.get(
        object_id=building.pk, action="create", content_type__model="building"
    )
    assert (event.actor_username, event.context, event.method) == ("api:finance", "api", "POST")
    assert event.path == URL


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep the data migrations' rows
def test_duplicates_sent_at_once_write_once_and_answer_alike(api_client):
    writer = api_client(Scope.WRITE_REGISTRY)
    answers, start = [], threading.Barrier(4)

    def send():
        start.wait()
        try:
            answers.append(post(writer, BODY, key="same"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {(r.status_code, json.dumps(r.json())) for r in answers} == {
        (201, json.dumps(answers[0].json()))
    }
    assert Building.objects.count() == 1


def test_a_write_needs_no_csrf_token_the_api_has_no_session(api_client):
    writer = api_client(Scope.WRITE_REGISTRY)
    writer.handler.enforce_csrf_checks = True
    assert post(writer, BODY).status_code == 201
