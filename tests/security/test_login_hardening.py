"""What tests/access (test_lockout.py, test_login.py, test_sessions.py) does
not prove already: the lockout also guards the admin's login and the
second step; a one-time password from the office expires on the day, to the
minute; the session key changes at login and dies at logout; the session
cookie is out of reach of scripts and other sites."""

import datetime

from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from iok.access.logins import new_one_time_password
from tests.access.helpers import clock_moved, log_in

WRONG = "certainly-not-the-password"


def test_failures_at_the_admins_login_count_towards_the_same_lockout(people):
    client = Client(REMOTE_ADDR="10.0.2.1")
    for _ in range(5):
        client.post("/admin/login/", {"username": "pracownik", "password": WRONG})
    assert log_in(Client(REMOTE_ADDR="10.0.2.1"), "pracownik").status_code == 429
    assert log_in(Client(REMOTE_ADDR="10.0.2.2"), "pracownik").status_code == 302


def test_a_locked_login_does_not_reach_the_second_step(people):
    for _ in range(5):
        log_in(Client(REMOTE_ADDR="10.0.2.3"), "pracownik", WRONG)
    client = Client(REMOTE_ADDR="10.0.2.3")
    assert log_in(client, "pracownik").status_code == 429
    assert client.get(reverse("security:verify")).status_code == 302
    assert "_auth_user_id" not in client.session


def office_password(user) -> str:
    return new_one_time_password(user)


def test_an_office_one_time_password_works_until_a_minute_before_14_days(people):
    password = office_password(people.tenant)
    with clock_moved(days=14, minutes=-1):
        assert log_in(Client(), "najemca", password).status_code == 302


def test_an_office_one_time_password_is_refused_a_minute_after_14_days(people):
    password = office_password(people.tenant)
    with clock_moved(days=14, minutes=1):
        response = log_in(Client(), "najemca", password)
    assert response.status_code == 200


def test_a_new_one_time_password_ends_the_old_one_at_once(people):
    first = office_password(people.tenant)
    office_password(people.tenant)
    assert log_in(Client(), "najemca", first).status_code == 200


def test_the_session_key_changes_at_login(people):
    client = Client()
    client.get(reverse("access:login"))
    session = client.session
    session["before"] = "login"
    session.save()
    before = session.session_key
    assert log_in(client, "najemca").status_code == 302
    assert client.cookies["sessionid"].value != before
    assert not SessionStore().exists(before)


def test_a_session_key_ends_with_logout_even_if_kept(people):
    client = Client()
    log_in(client, "najemca")
    stolen = client.cookies["sessionid"].value
    client.post(reverse("access:logout"))
    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert thief.get(reverse("portal:home")).status_code == 302


def test_the_session_cookie_is_http_only_and_same_site(people):
    client = Client()
    log_in(client, "najemca")
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 30 * 60


def test_an_idle_unverified_staff_session_ends_like_any_other(people):
    client = Client()
    log_in(client, "pracownik")
    with clock_moved(minutes=31):
        response = client.get(reverse("security:verify"))
    assert response.url.startswith(reverse("access:login"))


def test_the_deadline_is_stored_14_days_ahead(people):
    office_password(people.tenant)
    people.tenant.account.refresh_from_db()
    left = people.tenant.account.one_time_password_expires - timezone.now()
    assert datetime.timedelta(days=13, hours=23) < left <= datetime.timedelta(days=14)
