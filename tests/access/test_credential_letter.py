"""The credential letter: the one-time password printed once, right after
approval or after staff issue a new one."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from iok.access.applications import approve
from iok.access.letters import LETTER_MINUTES
from tests.access.helpers import said
from tests.access.pdf_text import pdf_text

NOT_WAITING = (
    "No letter is waiting: it has already been downloaded, or more than "
    "%(minutes)s minutes have passed since the password was issued, or it "
    "was issued in another browser. Issue a new one-time password."
)


@pytest.fixture
def clerk(client, people):
    client.force_login(people.clerk)
    return client


def approved(clerk, access_request):
    clerk.post(reverse("office:access:approve", args=[access_request.pk]))
    access_request.refresh_from_db()
    return access_request.user.account


def test_the_letter_carries_the_login_the_password_and_the_deadline(clerk, access_request):
    account = approved(clerk, access_request)
    response = clerk.get(reverse("office:access:letter", args=[account.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Zofia Wiśniewska" in text and "ul. Mickiewicza 12/4" in text
    assert account.user.username in text
    assert "http://testserver/konto/logowanie/" in text
    deadline = timezone.localdate(account.one_time_password_expires)
    assert formats.date_format(deadline, "SHORT_DATE_FORMAT") in text
    password = next(line for line in text.splitlines() if line.count("-") == 3)
    account.user.refresh_from_db()
    assert account.user.check_password(password)


def test_the_letter_downloads_once(clerk, access_request):
    account = approved(clerk, access_request)
    url = reverse("office:access:letter", args=[account.pk])
    assert clerk.get(url).status_code == 200
    again = clerk.get(url, follow=True)
    assert again["Content-Type"].startswith("text/html")
    assert said(NOT_WAITING, minutes=LETTER_MINUTES) in again.content.decode()


def test_the_password_stays_with_the_clerk_who_approved(clerk, access_request, people):
    from django.test import Client

    account = approved(clerk, access_request)
    other = Client()
    other.force_login(people.clerk)
    response = other.get(reverse("office:access:letter", args=[account.pk]))
    assert response.status_code == 302


def test_a_new_one_time_password_yields_a_new_letter_and_ends_the_old(
    clerk, client, access_request, people
):
    user, old = approve(access_request, people.clerk)
    url = reverse("office:access:new_password", args=[user.account.pk])
    assert clerk.post(url).status_code == 302
    text = pdf_text(clerk.get(reverse("office:access:letter", args=[user.account.pk])).content)
    new = next(line for line in text.splitlines() if line.count("-") == 3)
    assert new != old
    user.refresh_from_db()
    assert user.check_password(new) and not user.check_password(old)


def test_a_new_one_time_password_logs_the_tenant_out_everywhere(clerk, people):
    from django.test import Client

    tenant = Client()
    tenant.force_login(people.tenant)
    assert tenant.get(reverse("portal:home")).status_code == 200
    clerk.post(reverse("office:access:new_password", args=[people.tenant.account.pk]))
    assert tenant.get(reverse("portal:home")).status_code == 302


def test_the_expired_password_of_a_letter_gets_a_new_one(clerk, people):
    account = people.tenant.account
    account.must_change_password = True
    account.one_time_password_expires = timezone.now() - timezone.timedelta(days=1)
    account.save()
    page = clerk.get(reverse("office:access:account", args=[account.pk])).content.decode()
    assert said("one-time password expired") in page
    clerk.post(reverse("office:access:new_password", args=[account.pk]))
    account.refresh_from_db()
    assert account.one_time_password_expires > timezone.now()
