"""The one-time password waiting for its letter is kept nowhere a backup
copies: the session row and every other table hold at most one half of it,
random bytes; the other half is a cookie of the clerk's browser. The letter
still prints it, once and for LETTER_MINUTES only."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from iok.access.letters import LETTER_MINUTES, letter_waiting
from tests.access.helpers import clock_moved
from tests.access.pdf_text import pdf_text


@pytest.fixture
def clerk(client, people):
    client.force_login(people.clerk)
    return client


def everything_stored() -> str:
    """Every row of every table, and every session decoded, as one text."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows.extend(repr(row) for row in cursor.fetchall())
    rows.extend(repr(session.get_decoded()) for session in Session.objects.all())
    return "\n".join(rows)


def password_on(letter: bytes) -> str:
    return next(line for line in pdf_text(letter).splitlines() if line.count("-") == 3)


def approved(clerk, access_request):
    clerk.post(reverse("office:access:approve", args=[access_request.pk]))
    access_request.refresh_from_db()
    return access_request.user.account


def letter_of(clerk, account):
    return clerk.get(reverse("office:access:letter", args=[account.pk]))


def test_an_approved_login_s_password_is_in_no_table_and_no_session_only_on_the_letter(
    clerk, access_request
):
    account = approved(clerk, access_request)
    assert letter_waiting(clerk.session, account)
    stored = everything_stored()
    password = password_on(letter_of(clerk, account).content)
    account.user.refresh_from_db()
    assert account.user.check_password(password)
    assert password not in stored and password.replace("-", "") not in stored


def test_a_new_one_time_password_is_in_no_table_and_no_session_only_on_the_letter(clerk, people):
    account = people.tenant.account
    clerk.post(reverse("office:access:new_password", args=[account.pk]))
    stored = everything_stored()
    password = password_on(letter_of(clerk, account).content)
    people.tenant.refresh_from_db()
    assert people.tenant.check_password(password)
    assert password not in stored and password.replace("-", "") not in stored


def test_the_browser_s_half_is_a_strict_http_only_cookie_for_the_letter_alone(
    clerk, access_request
):
    response = clerk.post(reverse("office:access:approve", args=[access_request.pk]))
    access_request.refresh_from_db()
    account = access_request.user.account
    cookie = response.cookies[f"iok_letter_{account.pk}"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == reverse("office:access:letter", args=[account.pk])
    assert not cookie["max-age"] and not cookie["expires"]  # gone with the browser


def test_a_downloaded_letter_cannot_be_read_again_and_its_cookie_is_deleted(clerk, access_request):
    account = approved(clerk, access_request)
    first = letter_of(clerk, account)
    assert first.status_code == 200
    assert first.cookies[f"iok_letter_{account.pk}"]["max-age"] == 0
    assert not letter_waiting(clerk.session, account)
    assert letter_of(clerk, account).status_code == 302


def test_a_letter_not_downloaded_within_its_minutes_is_gone(clerk, access_request):
    account = approved(clerk, access_request)
    with clock_moved(minutes=LETTER_MINUTES, seconds=1):
        page = clerk.get(reverse("office:access:account", args=[account.pk])).content.decode()
        assert reverse("office:access:letter", args=[account.pk]) not in page
        assert letter_of(clerk, account).status_code == 302


def test_the_session_s_half_without_the_browser_s_half_prints_nothing(clerk, access_request):
    account = approved(clerk, access_request)
    del clerk.cookies[f"iok_letter_{account.pk}"]
    assert letter_of(clerk, account).status_code == 302
    assert not letter_waiting(clerk.session, account)
