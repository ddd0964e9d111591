"""issue_login and new_one_time_password: what a new login is made of."""

import datetime

from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone

from iok.access.logins import issue_login, new_one_time_password
from tests.access.helpers import log_in


def test_a_new_login_is_an_8_digit_number_not_the_pesel(applicant):
    user, _password = issue_login(applicant)
    assert user.username.isdigit() and len(user.username) == 8
    assert user.username not in applicant.pesel


def test_the_one_time_password_meets_the_password_policy_and_is_readable(applicant):
    user, password = issue_login(applicant)
    validate_password(password, user)
    groups = password.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4]
    assert not set("01ilo") & set(password)
    assert user.check_password(password)


def test_the_login_must_change_its_password_within_14_days_and_is_a_tenant(applicant):
    user, _password = issue_login(applicant, email="zofia@example.pl")
    account = user.account
    assert account.contractor == applicant and account.must_change_password
    expected = timezone.now() + datetime.timedelta(days=14)
    assert abs(account.one_time_password_expires - expected) < datetime.timedelta(minutes=1)
    assert user.groups.filter(name="tenant").exists()
    assert user.email == "zofia@example.pl" and not account.email_confirmed
    assert account.terms_accepted is None


def test_two_logins_never_share_a_number(applicant, tenant):
    first, _ = issue_login(applicant)
    second, _ = issue_login(tenant)
    assert first.username != second.username


def test_passwords_are_drawn_at_random(applicant):
    user, first = issue_login(applicant)
    assert new_one_time_password(user) != first


def test_a_new_one_time_password_replaces_the_old_and_lifts_a_lockout(client, applicant):
    user, old = issue_login(applicant)
    for _ in range(5):
        log_in(client, user.username, "wrong-password-123")
    assert AccessAttempt.objects.filter(username=user.username).exists()
    new = new_one_time_password(user)
    user.refresh_from_db()
    assert not user.check_password(old) and user.check_password(new)
    assert not AccessAttempt.objects.filter(username=user.username).exists()


def test_a_new_one_time_password_must_be_changed_again(people):
    user = people.tenant
    new_one_time_password(user)
    user.account.refresh_from_db()
    assert user.account.must_change_password
    assert user.account.one_time_password_expires > timezone.now()
