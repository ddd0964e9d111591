"""The account settings: an e-mail address set by the tenant and confirmed
by a signed link, and the way to change the password."""

import re

from django.core import signing
from django.test import Client
from django.urls import reverse

from tests.access.helpers import clock_moved, said

URL = reverse("access:settings")


def set_address(client, address):
    return client.post(reverse("access:change_email"), {"email": address})


def link_in(message) -> str:
    return re.search(r"http://testserver(/konto/email/\S+/)", message.body).group(1)


def test_the_settings_page_shows_the_login_and_links_to_the_password_change(client, people):
    client.force_login(people.tenant)
    page = client.get(URL).content.decode()
    assert page.count("<h1") == 1 and "najemca" in page
    assert reverse("access:password_change") in page
    assert 'for="id_email"' in page


def test_a_new_address_is_unconfirmed_until_its_link_is_opened(client, people, mailoutbox):
    client.force_login(people.tenant)
    response = set_address(client, "anna@example.pl")
    assert response.url == URL
    people.tenant.refresh_from_db()
    assert people.tenant.email == "anna@example.pl"
    assert not people.tenant.account.email_confirmed
    [message] = mailoutbox
    assert message.to == ["anna@example.pl"] and message.alternatives[0][1] == "text/html"
    page = Client().get(link_in(message))  # works from any browser, logged in or not
    assert said("E-mail address confirmed") in page.content.decode()
    people.tenant.account.refresh_from_db()
    assert people.tenant.account.email_confirmed


def test_changing_the_address_takes_back_the_confirmation(client, people, mailoutbox):
    client.force_login(people.tenant)
    set_address(client, "anna@example.pl")
    client.get(link_in(mailoutbox[0]))
    set_address(client, "anna.nowa@example.pl")
    people.tenant.account.refresh_from_db()
    assert not people.tenant.account.email_confirmed


def test_a_link_to_an_address_no_longer_on_the_login_confirms_nothing(client, people, mailoutbox):
    client.force_login(people.tenant)
    set_address(client, "stary@example.pl")
    set_address(client, "nowy@example.pl")
    page = client.get(link_in(mailoutbox[0]))
    assert said("The link does not work") in page.content.decode()
    people.tenant.account.refresh_from_db()
    assert not people.tenant.account.email_confirmed


def test_a_forged_link_confirms_nothing(client, people):
    forged = signing.dumps({"user": people.tenant.pk, "email": "x@example.pl"}, salt="other")
    client.get(reverse("access:confirm_email", args=[forged]))
    client.get(reverse("access:confirm_email", args=["nonsense"]))
    people.tenant.account.refresh_from_db()
    assert not people.tenant.account.email_confirmed


def test_a_link_older_than_three_days_confirms_nothing(client, people, mailoutbox):
    client.force_login(people.tenant)
    set_address(client, "anna@example.pl")
    with clock_moved(days=3, minutes=1):
        Client().get(link_in(mailoutbox[0]))
    people.tenant.account.refresh_from_db()
    assert not people.tenant.account.email_confirmed


def test_a_bad_address_is_named(client, people):
    client.force_login(people.tenant)
    response = set_address(client, "not-an-address")
    assert response.status_code == 200 and "email" in response.context["form"].errors
