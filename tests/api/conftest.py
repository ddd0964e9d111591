"""Tokens for the API tests: `api_client(*scopes)` is a test client whose
every request carries a fresh token holding those scopes."""

import pytest
from django.test import Client

from iok.api import tokens
from iok.api.scopes import Scope

ALL_SCOPES = tuple(Scope.values)


class ApiClient(Client):
    def __init__(self, token: str, **kwargs):
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {token}", **kwargs)
        self.token = token


def pytest_collection_modifyitems(items):
    """Schemathesis names each operation's test `test_…[GET /api/v1/…]` but
    gives them all the function's node id; pytest-xdist (`make test`) sends
    tests to its workers by node id, so it would run one operation of the
    twelve. The operation goes into the id too."""
    for item in items:
        label = getattr(item, "operation_label", None)
        if label and not item.nodeid.endswith("]"):
            item._nodeid = f"{item.nodeid}[{label}]"


@pytest.fixture
def api_client(db):
    def make(*scopes, system="finance"):
        row, token = tokens.issue(system, list(scopes))
        client = ApiClient(token)
        client.row = row
        return client

    return make


@pytest.fixture
def finance(api_client):
    """The finance system, holding every scope."""
    return api_client(*ALL_SCOPES)
