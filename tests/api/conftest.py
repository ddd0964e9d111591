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
