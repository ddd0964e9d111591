"""Every endpoint by every scope and without a token: the right scope opens
it, any other gets 403, no token, a wrong, expired or revoked one gets 401,
and a logged-in person's session opens nothing. Generated from the
registered operations, so a new endpoint is covered by being declared."""

import datetime

import pytest

from iok import clock
from iok.api import tokens
from iok.api.scopes import Scope
from tests.api.conftest import ApiClient
from tests.api.operations import OPEN, OPERATIONS, call, ident
from tests.test_url_sweep import all_url_names


def error_shape(response):
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    return body["code"]


def test_every_operation_needs_a_scope_of_the_list():
    assert OPERATIONS, "the API has no operations"
    assert all(op.scope in Scope.values for op in OPERATIONS), "auth=needs(Scope.…) on each"


def test_every_url_of_the_api_is_an_operation_or_its_document():
    names = {name for name in all_url_names() if name.startswith("api:")}
    assert names == {op.url_name for op in OPERATIONS} | OPEN


def test_every_write_is_idempotent():
    writes = [op for op in OPERATIONS if op.method in {"POST", "PUT", "PATCH", "DELETE"}]
    assert [ident(op) for op in writes if not op.idempotent] == [], "@idempotent on each"


@pytest.mark.parametrize("op", OPERATIONS, ids=ident)
@pytest.mark.parametrize("scope", Scope.values)
def test_a_token_opens_an_operation_with_its_scope_only(api_client, op, scope):
    response = call(api_client(scope), op)
    if scope == op.scope:
        assert response.status_code in {200, 201, 404, 422}, response.content
    else:
        assert response.status_code == 403, response.content
        assert error_shape(response) == "forbidden"


@pytest.mark.parametrize("op", OPERATIONS, ids=ident)
def test_an_operation_without_a_token_answers_401(db, client, op):
    response = call(client, op)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert error_shape(response) == "unauthenticated"


@pytest.mark.parametrize("op", OPERATIONS, ids=ident)
@pytest.mark.parametrize(
    "header",
    ["Bearer iok_00000000_unknown", "Bearer ", "Basic dXNlcjpwYXNz", "iok_x_y", "Bearer nonsense"],
)
def test_an_unknown_or_malformed_token_answers_401(db, client, op, header):
    response = call(client, op, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


@pytest.mark.parametrize("op", OPERATIONS, ids=ident)
def test_an_expired_or_revoked_token_answers_401(db, op, time_machine):
    row, token = tokens.issue(
        "finance", [op.scope], expires=clock.now() + datetime.timedelta(days=1)
    )
    client = ApiClient(token)
    assert call(client, op).status_code != 401
    time_machine.move_to(clock.now() + datetime.timedelta(days=1, seconds=1), tick=False)
    assert call(client, op).status_code == 401
    row.refresh_from_db()
    tokens.revoke(row)
    time_machine.move_to(clock.now() - datetime.timedelta(days=2), tick=False)
    assert call(client, op).status_code == 401


@pytest.mark.parametrize("op", OPERATIONS, ids=ident)
@pytest.mark.parametrize("who", ["tenant", "clerk", "official"])
def test_a_logged_in_session_opens_no_operation(client, people, op, who):
    client.force_login(getattr(people, who))
    assert call(client, op).status_code == 401


def test_a_token_stops_working_when_it_is_revoked(api_client):
    finance = api_client(Scope.READ_LEDGER)
    assert finance.get("/api/v1/ledgers").status_code == 200
    tokens.revoke(finance.row)
    assert finance.get("/api/v1/ledgers").status_code == 401


def test_a_token_is_kept_as_a_digest_only(api_client):
    finance = api_client(Scope.READ_LEDGER)
    row = finance.row
    assert finance.token not in (row.token_hash, row.token_prefix)
    assert row.token_hash == tokens.digest(finance.token)


def test_a_call_records_when_the_token_was_last_used(api_client):
    finance = api_client(Scope.READ_LEDGER)
    finance.get("/api/v1/ledgers")
    finance.row.refresh_from_db()
    assert finance.row.last_used == clock.now()


def test_a_method_an_address_does_not_take_is_a_405_in_the_api_shape(finance, db):
    response = finance.delete("/api/v1/ledgers")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert error_shape(response) == "method_not_allowed"


def test_head_answers_as_get(finance, db):
    assert finance.head("/api/v1/ledgers").status_code == 200
