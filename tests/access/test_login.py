"""Logging in and out: messages that do not tell whether a login exists, and
the one-time password's deadline."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.access.helpers import log_in, said, without_csrf

URL = reverse("access:login")


def test_the_login_page_has_one_heading_labels_and_the_ways_out(client, people):
    page = client.get(URL).content.decode()
    assert page.count("<h1") == 1
    assert 'for="id_username"' in page and 'for="id_password"' in page
    assert reverse("access:password_reset") in page and reverse("access:request_form") in page


def test_a_tenant_logs_in_and_reaches_the_main_panel(client, people):
    response = log_in(client, "najemca")
    assert response.status_code == 302 and response.url == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200


def test_a_wrong_password_and_an_unknown_login_read_the_same(people):
    wrong_password = log_in(Client(REMOTE_ADDR="10.0.0.1"), "najemca", "wrong-password-1")
    unknown_login = log_in(Client(REMOTE_ADDR="10.0.0.2"), "nikt-taki", "wrong-password-1")
    assert wrong_password.status_code == unknown_login.status_code == 200
    message = said(
        "The login or the password is wrong. After %(limit)d failed attempts logging "
        "in is blocked for %(minutes)d minutes.",
        limit=5,
        minutes=15,
    )
    assert message in wrong_password.content.decode()
    assert without_csrf(wrong_password.content).replace("najemca", "nikt-taki") == without_csrf(
        unknown_login.content
    )


def test_an_expired_one_time_password_refuses_login_and_sends_to_the_office(client, people):
    account = people.tenant.account
    account.must_change_password = True
    account.one_time_password_expires = timezone.now() - timezone.timedelta(minutes=1)
    account.save()
    response = log_in(client, "najemca")
    assert response.status_code == 200
    assert said("Your one-time password has expired. Please ask the office for a new one.") in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_a_one_time_password_before_its_deadline_logs_in(client, people):
    account = people.tenant.account
    account.must_change_password = True
    account.one_time_password_expires = timezone.now() + timezone.timedelta(days=1)
    account.save()
    assert log_in(client, "najemca").status_code == 302


def test_an_expired_deadline_does_not_matter_once_the_password_is_the_tenants_own(client, people):
    account = people.tenant.account
    account.one_time_password_expires = timezone.now() - timezone.timedelta(days=30)
    account.save()  # must_change_password is False: the tenant chose this password
    assert log_in(client, "najemca").status_code == 302


def test_logout_is_a_post_and_ends_the_session(client, people):
    client.force_login(people.tenant)
    assert client.get(reverse("access:logout")).status_code == 405
    response = client.post(reverse("access:logout"))
    assert response.url == reverse("access:login")
    assert client.get(reverse("portal:home")).status_code == 302


@pytest.mark.django_db
def test_the_login_form_is_protected_against_cross_site_posts(people):
    client = Client(enforce_csrf_checks=True)
    assert log_in(client, "najemca").status_code == 403
