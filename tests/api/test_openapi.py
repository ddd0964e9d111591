"""The OpenAPI document checked against the answers, driven by the document
itself (schemathesis): every operation, called with generated parameters and
a token holding every scope, answers only what it describes (status, content
type, body schema) and never a 500. Examples are bounded so that the whole
run stays under a minute."""

import json

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from schemathesis.specs.openapi.checks import positive_data_acceptance

from iok.api.api import api
from tests.api.conftest import ALL_SCOPES
from tests.api.town import booked


# The document as /api/v1/openapi.json serves it (the test below checks
# that), read when the tests are collected; the calls go to IOK's WSGI app.
def served_document() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema()))


schema = schemathesis.openapi.from_dict(served_document())
schema.app = get_wsgi_application()
# Negative cases too (each must be refused with a 4xx), except the two IOK
# means to allow: unknown query parameters are ignored, and the token is the
# test's own, so no case leaves it out.
schema.config.generation.update(allow_extra_parameters=True, with_security_parameters=False)


@pytest.fixture
def in_the_tests_transaction():
    """Calls through the WSGI app stay in the test's transaction: Django's
    own test client likewise keeps a request's end from closing the
    connection (which PostgreSQL's CONN_MAX_AGE would otherwise do)."""
    hooks = (signals.request_started, signals.request_finished)
    for hook in hooks:
        hook.disconnect(close_old_connections)
    yield
    for hook in hooks:
        hook.connect(close_old_connections)


@pytest.fixture
def finance_token(api_client, ledger, settings, in_the_tests_transaction):
    settings.ALLOWED_HOSTS = ["localhost"]  # schemathesis's WSGI client calls itself so
    booked(ledger)
    return api_client(*ALL_SCOPES).token


@schema.parametrize()
@hypothesis.settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_the_document_describes(case, finance_token):
    # A write's body can be valid by the document and still be refused by the
    # domain with a 422 naming the field (a contract number no contract has).
    writes = [positive_data_acceptance] if case.method != "GET" else []
    case.call_and_validate(
        headers={"Authorization": f"Bearer {finance_token}"}, excluded_checks=writes
    )


def test_the_document_tested_is_the_one_served(client, db):
    assert client.get("/api/v1/openapi.json").json() == served_document()


def test_the_document_is_openapi_3_and_names_each_operations_scope(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    scheme = document["components"]["securitySchemes"]["BearerToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for methods in document["paths"].values():
        for operation in methods.values():
            [requirement] = operation["security"]
            [scope] = requirement["BearerToken"]
            assert f"Scope: `{scope}`." in operation["description"]


def test_the_docs_page_loads_its_scripts_and_styles_from_the_site(client, db):
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "/static/ninja/swagger-ui.css" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
