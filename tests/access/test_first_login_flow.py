"""The tenant's whole path: an application sent online, approved by a
clerk, the credential letter printed, the first login with the one-time
password, the forced password change, the terms of use, the main panel."""

import pytest
from django.test import Client
from django.urls import reverse

from iok.access.models import AccessRequest
from tests.access.helpers import log_in
from tests.access.pdf_text import pdf_text
from tests.access.test_access_request_form import FILLED

NEW_PASSWORD = "Moje-wlasne-haslo-2026"  # noqa: S105 - a test login's password

# Pages a half-finished login must not reach, and one that does not exist.
ELSEWHERE = [
    reverse("portal:home"),
    reverse("portal:accessibility"),
    reverse("access:settings"),
    reverse("office:access:requests"),
    reverse("access:request_form"),
    "/admin/",
    "/no-such-page/",
]


def letter_for(access_request, clerk) -> tuple[str, str]:
    """Approve as the clerk and read the login and password off the letter."""
    clerk.post(reverse("office:access:approve", args=[access_request.pk]))
    access_request.refresh_from_db()
    account = access_request.user.account
    text = pdf_text(clerk.get(reverse("office:access:letter", args=[account.pk])).content)
    lines = text.splitlines()
    login = lines[lines.index(account.user.username)]
    password = next(line for line in lines if line.count("-") == 3)
    return login, password


@pytest.fixture
def clerk(people):
    client = Client()
    client.force_login(people.clerk)
    return client


def test_from_the_application_to_the_main_panel(applicant, clerk):
    anonymous = Client()
    anonymous.post(reverse("access:request_form"), FILLED)
    login, password = letter_for(AccessRequest.objects.get(), clerk)

    tenant = Client()
    assert log_in(tenant, login, password).status_code == 302
    for url in [*ELSEWHERE, reverse("access:terms")]:
        response = tenant.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("access:password_change"), url

    same = {"old_password": password, "new_password1": password, "new_password2": password}
    assert tenant.post(reverse("access:password_change"), same).status_code == 200
    changed = tenant.post(
        reverse("access:password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302

    for url in ELSEWHERE:
        response = tenant.get(url)
        assert response.status_code == 302 and response.url == reverse("access:terms"), url
    assert tenant.get(reverse("access:terms")).status_code == 200
    tenant.post(reverse("access:accept_terms"), {"accept": "on"})

    assert tenant.get(reverse("portal:home")).status_code == 200
    account = AccessRequest.objects.get().user.account
    assert not account.must_change_password and account.one_time_password_expires is None
    assert account.terms_accepted is not None


def test_the_one_time_password_no_longer_works_after_the_change(applicant, access_request, clerk):
    login, password = letter_for(access_request, clerk)
    tenant = Client()
    log_in(tenant, login, password)
    tenant.post(
        reverse("access:password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert log_in(Client(), login, password).status_code == 200
    assert log_in(Client(), login, NEW_PASSWORD).status_code == 302


def test_a_half_finished_login_can_still_log_out_and_switch_language(
    applicant, access_request, clerk
):
    login, password = letter_for(access_request, clerk)
    tenant = Client()
    log_in(tenant, login, password)
    language = tenant.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert language.status_code == 302 and language.url == "/"
    assert tenant.get("/static/iok.css").status_code != 302
    assert tenant.post(reverse("access:logout")).url == reverse("access:login")
