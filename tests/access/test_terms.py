"""The terms of use: public to read, accepted once by each tenant, with the
date recorded."""

from django.urls import reverse
from django.utils import timezone

from iok.access.models import Account
from tests.access.helpers import said

URL = reverse("access:terms")


def not_accepted(user) -> Account:
    account = user.account
    account.terms_accepted = None
    account.save()
    return account


def test_anyone_can_read_the_terms_in_polish(client, db):
    page = client.get(URL).content.decode()
    assert page.count("<h1") == 1
    assert "§ 1. Czym jest portal" in page
    assert 'action="' + reverse("access:accept_terms") not in page


def test_english_readers_get_a_translation_that_defers_to_the_polish(client, db):
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the Polish version is binding" in page


def test_a_tenant_who_has_not_accepted_finds_the_form(client, people):
    not_accepted(people.tenant)
    client.force_login(people.tenant)
    assert reverse("access:accept_terms") in client.get(URL).content.decode()


def test_acceptance_needs_the_box_ticked(client, people):
    account = not_accepted(people.tenant)
    client.force_login(people.tenant)
    response = client.post(reverse("access:accept_terms"), {})
    assert said("Tick the box to accept the terms of use.") in response.content.decode()
    account.refresh_from_db()
    assert account.terms_accepted is None


def test_acceptance_is_recorded_with_its_date_and_leads_home(client, people):
    account = not_accepted(people.tenant)
    client.force_login(people.tenant)
    before = timezone.now()
    response = client.post(reverse("access:accept_terms"), {"accept": "on"})
    assert response.url == reverse("portal:home")
    account.refresh_from_db()
    assert before <= account.terms_accepted <= timezone.now()


def test_staff_are_not_asked_to_accept_the_tenants_terms(client, people):
    not_accepted(people.clerk)
    client.force_login(people.clerk)
    assert client.get(reverse("office:access:requests")).status_code == 200


def test_acceptance_is_a_post(client, people):
    client.force_login(people.tenant)
    assert client.get(reverse("access:accept_terms")).status_code == 405
