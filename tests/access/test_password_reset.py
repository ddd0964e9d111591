"""Password reset by e-mail, for a login whose address is confirmed; the
form does not tell whether an address is known."""

import re

from django.test import Client
from django.urls import reverse

from tests.access.helpers import log_in, without_csrf

URL = reverse("access:password_reset")
NEW = "Zapomniane-i-odzyskane-5"


def ask(address, client=None):
    client = client or Client()
    return client.post(URL, {"email": address}, follow=True)


def link_in(message) -> str:
    return re.search(r"http://testserver(/konto/haslo/reset/\S+/)", message.body).group(1)


def test_a_confirmed_address_gets_a_link_in_text_and_html(confirmed, mailoutbox):
    ask("Anna@Example.pl")
    [message] = mailoutbox
    assert message.to == ["anna@example.pl"]
    assert "najemca" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and link_in(message) in html


def test_an_unconfirmed_address_gets_nothing(confirmed, mailoutbox):
    confirmed.account.email_confirmed = False
    confirmed.account.save()
    ask("anna@example.pl")
    assert mailoutbox == []


def test_the_answer_is_the_same_for_a_known_an_unconfirmed_and_an_unknown_address(
    confirmed, people
):
    people.co_tenant.email = "piotr@example.pl"
    people.co_tenant.save()  # not confirmed
    pages = [ask(address) for address in ["anna@example.pl", "piotr@example.pl", "x@example.pl"]]
    assert {page.redirect_chain[-1][0] for page in pages} == {reverse("access:password_reset_sent")}
    assert len({without_csrf(page.content) for page in pages}) == 1


def test_the_link_sets_a_new_password_once_and_logs_out_elsewhere(confirmed, mailoutbox):
    elsewhere = Client()
    elsewhere.force_login(confirmed)
    ask("anna@example.pl")
    client = Client()
    form = client.get(link_in(mailoutbox[0]), follow=True)
    target = form.redirect_chain[-1][0]
    done = client.post(target, {"new_password1": NEW, "new_password2": NEW})
    assert done.url == reverse("access:password_reset_complete")
    assert log_in(Client(), "najemca", NEW).status_code == 302
    assert elsewhere.get(reverse("portal:home")).status_code == 302
    assert not client.get(link_in(mailoutbox[0]), follow=True).context["validlink"]


def test_a_reset_password_replaces_a_pending_one_time_password(confirmed, mailoutbox):
    from iok.access.logins import new_one_time_password

    new_one_time_password(confirmed)
    ask("anna@example.pl")
    client = Client()
    target = client.get(link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    client.post(target, {"new_password1": NEW, "new_password2": NEW})
    confirmed.account.refresh_from_db()
    assert not confirmed.account.must_change_password


def test_the_new_password_follows_the_policy(confirmed, mailoutbox):
    ask("anna@example.pl")
    client = Client()
    target = client.get(link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    response = client.post(target, {"new_password1": "qwerty", "new_password2": "qwerty"})
    assert response.status_code == 200 and "new_password2" in response.context["form"].errors
