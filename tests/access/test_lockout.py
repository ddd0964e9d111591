"""Five failed attempts lock one login from one address for 15 minutes, and
IOK_ADDRESS_FAILURE_LIMIT failures lock an address for every login; nobody
can lock a login out from another address. The lockout reads the same for
every login, existing or not."""

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


def test_the_fifth_failure_locks_the_login_from_that_address_even_for_the_right_password(
    people,
):
    assert fail("najemca").status_code == 429
    locked = log_in(Client(REMOTE_ADDR="10.0.0.1"), "najemca")
    assert locked.status_code == 429
    assert said("Logging in is blocked for a while") in locked.content.decode()


def test_failures_from_another_address_never_lock_the_owner_out(people):
    fail("najemca", address="10.0.0.1")
    assert log_in(Client(REMOTE_ADDR="10.9.9.9"), "najemca").status_code == 302


def test_an_attacker_with_many_addresses_cannot_lock_the_staff_out(people):
    for n in range(10):
        fail("urzednik", address=f"192.0.2.{n}")
    # The password is right: the next step is the second factor, not the lockout page.
    client = Client(REMOTE_ADDR="10.0.0.50")
    assert log_in(client, "urzednik").status_code == 302
    assert client.session["_auth_user_id"] == str(people.official.pk)


def test_the_lockout_reads_the_same_for_an_existing_and_an_unknown_login(people):
    existing = fail("najemca", address="10.0.0.1")
    unknown = fail("nikt-taki", address="10.0.0.2")
    assert existing.status_code == unknown.status_code == 429
    assert without_csrf(existing.content) == without_csrf(unknown.content)
    assert "najemca" not in existing.content.decode()


def test_twenty_failures_from_one_address_lock_the_address_for_every_login(people, settings):
    assert settings.IOK_ADDRESS_FAILURE_LIMIT == 20
    client = Client(REMOTE_ADDR="10.0.0.7")
    for n in range(20):
        log_in(client, f"zgadywany-{n}", WRONG)
    assert log_in(client, "wspolnajemca").status_code == 429
    assert log_in(Client(REMOTE_ADDR="10.0.0.8"), "wspolnajemca").status_code == 302


def test_nineteen_failures_from_one_address_still_let_a_right_password_in(people):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for n in range(19):
        log_in(client, f"zgadywany-{n}", WRONG)
    assert log_in(client, "wspolnajemca").status_code == 302


def test_five_failures_on_one_login_from_five_addresses_lock_none_of_them(people):
    for n in range(5):
        fail("najemca", times=1, address=f"10.0.1.{n}")
    assert log_in(Client(REMOTE_ADDR="10.0.1.99"), "najemca").status_code == 302
    assert log_in(Client(REMOTE_ADDR="10.0.1.0"), "najemca").status_code == 302


def test_the_address_lockout_ends_with_the_cool_off(people):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for n in range(20):
        log_in(client, f"zgadywany-{n}", WRONG)
    attempts_made_ago(minutes=15, seconds=1)
    assert log_in(client, "wspolnajemca").status_code == 302


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
