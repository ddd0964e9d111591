"""Five failed attempts lock a login, and separately an address, for 15
minutes; the lockout reads the same for every login, existing or not."""

import datetime

from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client

from tests.access.helpers import log_in, said, without_csrf

WRONG = "certainly-not-the-password"


def fail(login, times=5, address="10.0.0.1"):
    client = Client(REMOTE_ADDR=address)
    for _ in range(times):
        response = log_in(client, login, WRONG)
    return response


def attempts_made_ago(minutes, seconds=0):
    """As if every failed attempt so far had been made that long ago."""
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes, seconds=seconds)
    )


def test_four_failures_still_let_the_right_password_in(people):
    fail("najemca", times=4)
    assert log_in(Client(REMOTE_ADDR="10.0.0.1"), "najemca").status_code == 302


def test_the_fifth_failure_locks_the_login_even_for_the_right_password(people):
    assert fail("najemca").status_code == 429
    locked = log_in(Client(REMOTE_ADDR="10.9.9.9"), "najemca")
    assert locked.status_code == 429
    assert said("Logging in is blocked for a while") in locked.content.decode()
    assert "_auth_user_id" not in Client().session


def test_the_lockout_reads_the_same_for_an_existing_and_an_unknown_login(people):
    existing = fail("najemca", address="10.0.0.1")
    unknown = fail("nikt-taki", address="10.0.0.2")
    assert existing.status_code == unknown.status_code == 429
    assert without_csrf(existing.content) == without_csrf(unknown.content)
    assert "najemca" not in existing.content.decode()


def test_five_failures_from_one_address_lock_the_address_for_every_login(people):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for login in ["a1", "b2", "c3", "d4", "e5"]:
        log_in(client, login, WRONG)
    assert log_in(client, "wspolnajemca").status_code == 429
    assert log_in(Client(REMOTE_ADDR="10.0.0.8"), "wspolnajemca").status_code == 302


def test_five_failures_on_one_login_from_five_addresses_lock_the_login(people):
    for n in range(5):
        fail("najemca", times=1, address=f"10.0.1.{n}")
    assert log_in(Client(REMOTE_ADDR="10.0.1.99"), "najemca").status_code == 429


def test_the_lockout_still_holds_after_14_minutes(people):
    fail("najemca")
    attempts_made_ago(minutes=14)
    assert log_in(Client(REMOTE_ADDR="10.0.0.1"), "najemca").status_code == 429


def test_the_lockout_ends_15_minutes_after_the_fifth_failure(people):
    fail("najemca")
    attempts_made_ago(minutes=15, seconds=1)
    assert log_in(Client(REMOTE_ADDR="10.0.0.1"), "najemca").status_code == 302


def test_knocking_during_the_lockout_does_not_extend_it(people):
    fail("najemca")
    attempts_made_ago(minutes=10)
    fail("najemca", times=3)  # refused by the lockout, not counted
    attempts_made_ago(minutes=5, seconds=1)
    assert log_in(Client(REMOTE_ADDR="10.0.0.1"), "najemca").status_code == 302
