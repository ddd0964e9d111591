"""Tokens made by the administrator, in the admin or with `iok api-token`:
shown once, kept as a digest, with scopes, expiry and revocation."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from iok import clock
from iok.api import tokens
from iok.api.models import ApiToken
from iok.api.scopes import Scope
from tests.api.conftest import ApiClient


def run(*args) -> str:
    out = io.StringIO()
    call_command("api-token", *args, stdout=out)
    return out.getvalue()


def test_the_command_makes_a_token_shown_once_and_kept_as_a_digest(db):
    printed = run("create", "Finanse-KSIĘGI", "--scope", "read_ledger", "--days", "30")
    token = printed.strip().splitlines()[-1]
    row = ApiToken.objects.get()
    assert row.token_hash == tokens.digest(token) and token not in str(row.__dict__)
    assert row.scopes == ["read_ledger"]
    assert row.expires == clock.now() + datetime.timedelta(days=30)
    assert ApiClient(token).get("/api/v1/ledgers").status_code == 200


def test_the_command_lists_tokens_without_their_secret_and_revokes_one(db):
    token = run("create", "finance", "--scope", "read_payments").strip().splitlines()[-1]
    row = ApiToken.objects.get()
    listed = run("list")
    assert row.token_prefix in listed and "finance" in listed and token not in listed
    run("revoke", row.token_prefix)
    assert ApiClient(token).get("/api/v1/payments").status_code == 401
    assert "revoked" in run("revoke", row.token_prefix) or ApiToken.objects.get().revoked


def test_the_command_refuses_an_unknown_prefix(db):
    with pytest.raises(CommandError):
        run("revoke", "nothere")


def test_a_token_may_not_expire_in_the_past(db):
    with pytest.raises(Exception, match=r"future|przyszło"):
        tokens.issue("finance", [Scope.READ_LEDGER], expires=clock.now())


def test_an_unknown_scope_is_refused(db):
    with pytest.raises(Exception, match="read_everything"):
        tokens.issue("finance", ["read_everything"])


@pytest.fixture
def administrator(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return get_user_model().objects.create_superuser("admin", "admin@example.pl", "x" * 12)


def test_the_admin_makes_a_token_and_shows_it_once(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/api/apitoken/add/",
        {
            "system": "finance",
            "scopes": ["read_ledger", "read_payments"],
            "expires_0": "",
            "expires_1": "",
        },
        follow=True,
    )
    row = ApiToken.objects.get()
    [message] = [str(m) for m in response.context["messages"] if "iok_" in str(m)]
    token = message.split()[-1]
    assert token.startswith("iok_") and row.token_hash == tokens.digest(token)
    assert (row.created_by, row.scopes) == ("admin", ["read_ledger", "read_payments"])
    assert token not in client.get(f"/admin/api/apitoken/{row.pk}/change/").content.decode()


def test_the_admin_revokes_tokens_and_never_deletes_them(client, administrator):
    row, _token = tokens.issue("finance", [Scope.READ_LEDGER])
    client.force_login(administrator)
    client.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [row.pk]}, follow=True
    )
    row.refresh_from_db()
    assert row.revoked == clock.now()
    assert client.get(f"/admin/api/apitoken/{row.pk}/delete/").status_code == 403
