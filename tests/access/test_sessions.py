"""A session ends after 30 minutes without a request, and 12 hours after
login however busy."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.access.helpers import clock_moved, said

HOME = reverse("portal:home")


def test_the_settings_say_30_minutes_idle_and_12_hours_at_most(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.IOK_SESSION_MAX_AGE.total_seconds() == 12 * 60 * 60


def session_writes(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return sum("django_session" in q["sql"] and "SELECT" not in q["sql"] for q in queries)


def test_pages_read_within_a_minute_write_no_session(client, people):
    client.force_login(people.tenant)
    session_writes(client)
    with clock_moved(seconds=59):
        assert session_writes(client) == 0


def test_a_page_read_a_minute_later_moves_the_idle_expiry_on(client, people):
    client.force_login(people.tenant)
    session_writes(client)
    with clock_moved(minutes=1):
        assert session_writes(client) == 1
    with clock_moved(minutes=30, seconds=30):
        assert client.get(HOME).status_code == 200


def test_29_minutes_without_a_request_keep_the_session(client, people):
    client.force_login(people.tenant)
    with clock_moved(minutes=29):
        assert client.get(HOME).status_code == 200


def test_31_minutes_without_a_request_end_the_session(client, people):
    client.force_login(people.tenant)
    with clock_moved(minutes=31):
        response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(reverse("access:login"))


def test_every_request_starts_the_30_minutes_again(client, people):
    client.force_login(people.tenant)
    for minutes in (20, 40, 60):
        with clock_moved(minutes=minutes):
            assert client.get(HOME).status_code == 200


def test_a_busy_session_ends_12_hours_after_login(client, people):
    client.force_login(people.tenant)
    for minutes in range(20, 12 * 60, 20):
        with clock_moved(minutes=minutes):
            assert client.get(HOME).status_code == 200, minutes
    with clock_moved(hours=12, minutes=1):
        response = client.get(HOME, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("access:login"))
    assert said("Your session has ended: please log in again.") in response.content.decode()
    with clock_moved(hours=12, minutes=2):
        assert client.get(HOME).status_code == 302


def test_the_login_time_is_taken_at_login(client, people):
    from iok.access.middleware import LOGIN_TIME

    client.force_login(people.tenant)
    assert LOGIN_TIME in client.session
