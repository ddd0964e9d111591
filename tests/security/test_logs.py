"""Nothing IOK or its libraries log, at any level, holds a password, a
PESEL, a session key or a second-step code: logs travel to places (files,
mail, monitoring) that personal data and secrets must not reach."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from tests.access.helpers import log_in
from tests.people import PASSWORD
from tests.security.helpers import code_for

NEW_PASSWORD = "Nowe-haslo-do-logow-2026"  # noqa: S105 - a test login's password
WRONG_PASSWORD = "Zle-haslo-w-logach-77"  # noqa: S105 - a test login's password
PESEL = "72050945620"
APPLICATION = {
    "first_name": "Zofia",
    "last_name": "Wiśniewska",
    "pesel": PESEL,
    "premises_address": "ul. Mickiewicza 12, garaż G3, Białystok",
    "contract_number": "G/2024/0003",
    "email": "zofia@example.pl",
    "phone": "600 100 200",
    "consents_to_electronic_correspondence": "on",
}


@pytest.fixture
def everything_logged(caplog):
    """Every record of every logger, from DEBUG up, and the session keys and
    codes seen on the way."""
    caplog.set_level(logging.DEBUG)
    for name in ["django", "django.request", "django.security", "axes", "django_otp", "iok"]:
        logging.getLogger(name).setLevel(logging.DEBUG)
    secrets = []
    yield caplog, secrets
    for name in ["django", "django.request", "django.security", "axes", "django_otp", "iok"]:
        logging.getLogger(name).setLevel(logging.NOTSET)


def logged_text(caplog) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        lines.extend(str(value) for value in record.__dict__.values())
    return "\n".join(lines)


def test_logins_applications_and_password_changes_log_no_secret(people, everything_logged):
    caplog, seen = everything_logged
    # A failed login, then five more to reach the lockout (which axes logs).
    for _ in range(6):
        log_in(Client(REMOTE_ADDR="10.0.0.9"), "wspolnajemca", WRONG_PASSWORD)
    # A tenant's login and password change.
    tenant = Client()
    assert log_in(tenant, "najemca").status_code == 302
    seen.append(tenant.cookies["sessionid"].value)
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert tenant.post(reverse("access:password_change"), data).status_code == 302
    seen.append(tenant.cookies["sessionid"].value)
    # A clerk's login with the second step.
    clerk = Client()
    log_in(clerk, "pracownik")
    seen.append(clerk.cookies["sessionid"].value)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    code = code_for(TOTPDevice.objects.get(user=people.clerk))
    assert clerk.post(reverse("security:verify"), {"code": code}).status_code == 302
    seen.append(clerk.cookies["sessionid"].value)
    # An application for access with a PESEL, and one with an error.
    Client().post(reverse("access:request_form"), APPLICATION)
    Client().post(reverse("access:request_form"), {**APPLICATION, "email": "zly"})
    # A page that is not there, and a refused cross-site post: Django logs both.
    clerk.get("/biuro/nie-ma-takiej-strony/")
    Client(enforce_csrf_checks=True).post(reverse("access:login"), {"password": PASSWORD})

    text = logged_text(caplog)
    assert len(caplog.records) >= 3, "the scenario should have logged something to check"
    for secret in [PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, PESEL, code, *seen]:
        assert secret not in text
