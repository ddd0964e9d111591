"""Changing a password: the policy, a new password that differs from the
old, and every other session of the login ended."""

from django.test import Client
from django.urls import reverse

from tests.access.helpers import said
from tests.people import PASSWORD

URL = reverse("access:password_change")


def change(client, new, old=PASSWORD, again=None):
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post(URL, data)


def test_the_new_password_must_differ_from_the_current_one(client, people):
    client.force_login(people.tenant)
    response = change(client, PASSWORD)
    assert said("The new password must differ from the current one.") in (response.content.decode())
    people.tenant.refresh_from_db()
    assert people.tenant.check_password(PASSWORD)


def test_a_common_password_is_refused(client, people):
    client.force_login(people.tenant)
    response = change(client, "password1234")
    assert "new_password2" in response.context["form"].errors


def test_a_password_shorter_than_12_characters_is_refused(client, people):
    client.force_login(people.tenant)
    response = change(client, "Kr0tkie-h4s")
    assert "new_password2" in response.context["form"].errors


def test_a_password_longer_than_128_characters_is_refused(client, people):
    client.force_login(people.tenant)
    response = change(client, "Bardzo-dlugie-haslo-" * 7)
    assert (
        said(
            "Your password must contain at most %(max_length)d character.",
            "Your password must contain at most %(max_length)d characters.",
            128,
            max_length=128,
        )
        in response.content.decode()
    )


def test_the_policy_is_explained_next_to_the_field(client, people):
    client.force_login(people.tenant)
    page = client.get(URL).content.decode()
    assert 'aria-describedby="id_new_password1_helptext"' in page
    assert "128" in page


def test_a_changed_password_ends_the_other_sessions_and_keeps_this_one(people):
    phone, laptop = Client(), Client()
    phone.force_login(people.tenant)
    laptop.force_login(people.tenant)
    assert phone.get(reverse("portal:home")).status_code == 200
    response = change(laptop, "Nowe-haslo-do-portalu-7")
    assert response.status_code == 302 and response.url == reverse("access:settings")
    assert laptop.get(reverse("portal:home")).status_code == 200
    assert phone.get(reverse("portal:home")).status_code == 302


def test_the_form_needs_the_current_password(client, people):
    client.force_login(people.tenant)
    response = change(client, "Nowe-haslo-do-portalu-7", old="not-the-password")
    assert "old_password" in response.context["form"].errors
