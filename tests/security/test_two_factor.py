"""Two-step login: staff and City Hall give a code from their app after the
password on every login, before any page (the admin too); a tenant may turn
it on and off; recovery codes work once each."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.access.helpers import log_in, said
from tests.people import PASSWORD
from tests.security.helpers import code_for

VERIFY = reverse("security:verify")
WRONG = (
    "This code is not right, or it has been used already. "
    "Wait for the next code from the app and try again."
)
SETUP = reverse("security:setup")

SWEPT = {
    "security:settings",
    "security:setup",
    "security:verify",
    "security:recovery_codes",
    "security:new_recovery_codes",
    "security:disable",
}
LOGGED_IN = ["tenant", "co_tenant", "stranger", "clerk", "official"]
# name: status of a GET by each verified login (anonymous goes to log in)
EXPECTED = {
    "security:settings": 200,
    "security:setup": 200,
    # Nothing to verify (tenants) or verified already (staff): on to the portal.
    "security:verify": 302,
    "security:recovery_codes": 200,
    "security:new_recovery_codes": 405,  # POST only
    "security:disable": 405,  # POST only
}


def password_step(username, client=None):
    """Log in with the password only, as the login form does."""
    client = client or Client()
    assert log_in(client, username).status_code == 302
    return client


def device_of(user):
    return TOTPDevice.objects.get(user=user, confirmed=True)


@pytest.mark.parametrize("who", [*LOGGED_IN, None])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_two_step_page_answers_each_person_as_it_should(client, people, name, who):
    user = getattr(people, who) if who else None
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name))
    if user is None:
        assert response.status_code == 302 and response.url.startswith(reverse("access:login"))
    else:
        assert response.status_code == EXPECTED[name]


@pytest.mark.parametrize("who", ["clerk", "official"])
def test_after_the_password_staff_and_city_hall_are_sent_to_the_second_step(people, who):
    client = password_step(getattr(people, who).username)
    for url in ["/", reverse("office:access:requests"), "/admin/", reverse("access:settings")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(VERIFY), url


def test_a_code_from_the_app_opens_the_office_and_the_next_page(people):
    client = password_step("pracownik")
    target = reverse("office:access:requests")
    page = client.get(VERIFY, {"next": target})
    assert said("Second step of the login") in page.content.decode()
    response = client.post(VERIFY, {"code": code_for(device_of(people.clerk)), "next": target})
    assert response.status_code == 302 and response.url == target
    assert client.get(target).status_code == 200


def test_the_session_key_changes_when_the_second_step_is_done(people):
    client = password_step("pracownik")
    before = client.cookies["sessionid"].value
    client.post(VERIFY, {"code": code_for(device_of(people.clerk))})
    assert client.cookies["sessionid"].value != before


def test_a_wrong_code_keeps_the_office_closed(people):
    client = password_step("pracownik")
    code = code_for(device_of(people.clerk))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert said(WRONG) in response.content.decode()
    assert client.get(reverse("office:access:requests")).url.startswith(VERIFY)


def test_a_code_once_used_does_not_open_a_second_session(people):
    code = code_for(device_of(people.clerk))
    first = password_step("pracownik")
    assert first.post(VERIFY, {"code": code}).status_code == 302
    second = password_step("pracownik")
    assert second.post(VERIFY, {"code": code}).status_code == 200
    assert second.get("/admin/").url.startswith(VERIFY)


def test_the_admin_opens_only_after_the_second_step(people):
    client = password_step("pracownik")
    assert client.get("/admin/").url.startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(device_of(people.clerk))})
    assert client.get("/admin/").status_code == 200


def test_the_admins_own_login_page_is_iok_s_login_with_its_second_step(people):
    client = Client()
    assert client.get("/admin/login/").status_code == 200
    client.post("/admin/login/?next=/admin/", {"username": "pracownik", "password": "x"})
    assert "_auth_user_id" not in client.session
    client.post("/admin/login/?next=/admin/", {"username": "pracownik", "password": PASSWORD})
    assert client.get("/admin/").url.startswith(VERIFY)


def test_a_tenant_is_not_let_into_the_admin(client, people):
    client.force_login(people.tenant)
    assert client.get("/admin/login/").status_code == 404


def test_staff_without_a_device_must_set_one_up_before_anything_else(people):
    TOTPDevice.objects.filter(user=people.official).delete()
    client = password_step("urzednik")
    for url in ["/", reverse("office:access:requests"), "/admin/", VERIFY]:
        assert client.get(url).url.startswith(SETUP), url
    page = client.get(SETUP).content.decode()
    assert "<svg" in page and said("Set up two-step login") in page
    pending = TOTPDevice.objects.get(user=people.official, confirmed=False)
    response = client.post(SETUP, {"password": PASSWORD, "code": code_for(pending)})
    assert response.url == reverse("security:recovery_codes")
    codes = client.get(response.url).context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200


def test_the_setup_page_shows_the_same_key_until_it_is_confirmed(client, people):
    client.force_login(people.tenant)
    first = client.get(SETUP).context["key"]
    assert client.get(SETUP).context["key"] == first
    assert len(first.replace(" ", "")) == 32 and all(len(g) == 4 for g in first.split())


def test_a_wrong_code_does_not_confirm_the_device(client, people):
    client.force_login(people.tenant)
    client.get(SETUP)
    pending = TOTPDevice.objects.get(user=people.tenant)
    wrong = f"{(int(code_for(pending)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"password": PASSWORD, "code": wrong})
    assert (
        said(
            "This code is not right. Check that the time on your phone is set automatically "
            "and type the code the app shows now."
        )
        in response.content.decode()
    )
    assert not TOTPDevice.objects.filter(user=people.tenant, confirmed=True).exists()


def turned_on(client, user):
    client.force_login(user)
    client.get(SETUP)
    client.post(SETUP, {"password": PASSWORD, "code": code_for(TOTPDevice.objects.get(user=user))})
    return client.get(reverse("security:recovery_codes")).context["codes"]


def test_a_tenant_who_turned_it_on_gives_a_code_at_the_next_login(client, people):
    turned_on(client, people.tenant)
    other = password_step("najemca")
    assert other.get("/").url.startswith(VERIFY)


def test_a_tenant_without_it_goes_straight_in(people):
    client = password_step("najemca")
    assert client.get("/").status_code == 200


def test_recovery_codes_are_shown_once(client, people):
    codes = turned_on(client, people.tenant)
    assert codes
    again = client.get(reverse("security:recovery_codes"))
    assert again.context["codes"] is None
    assert codes[0] not in again.content.decode()


def test_each_recovery_code_logs_in_once(client, people):
    codes = turned_on(client, people.tenant)
    first = password_step("najemca")
    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get("/").status_code == 200
    second = password_step("najemca")
    assert second.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert StaticToken.objects.filter(device__user=people.tenant).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, people):
    old = turned_on(client, people.tenant)
    client.post(
        reverse("security:new_recovery_codes"), {"password": PASSWORD, "current_code": old[0]}
    )
    new = client.get(reverse("security:recovery_codes")).context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    later = password_step("najemca")
    assert later.post(VERIFY, {"code": old[1]}).status_code == 200


def test_a_tenant_turns_it_off_with_the_password_and_a_code(client, people):
    codes = turned_on(client, people.tenant)
    client.post(
        reverse("security:disable"), {"off-password": PASSWORD, "off-current_code": codes[2]}
    )
    assert not TOTPDevice.objects.filter(user=people.tenant).exists()
    assert client.get("/").status_code == 200
    assert password_step("najemca").get("/").status_code == 200


def test_a_wrong_code_does_not_turn_it_off(client, people):
    turned_on(client, people.tenant)
    form = {"off-password": PASSWORD, "off-current_code": "zly-kod"}
    response = client.post(reverse("security:disable"), form)
    assert (
        said(
            "This code is not right, or it has been used already: "
            "wait for the next code from your current app."
        )
        in response.content.decode()
    )
    assert TOTPDevice.objects.filter(user=people.tenant, confirmed=True).exists()


@pytest.mark.parametrize("who", ["clerk", "official"])
def test_staff_and_city_hall_cannot_turn_it_off(client, people, who):
    user = getattr(people, who)
    client.force_login(user)
    code = code_for(device_of(user))
    assert client.post(reverse("security:disable"), {"code": code}).status_code == 404
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    page = client.get(reverse("security:settings")).content.decode()
    assert reverse("security:disable") not in page


def test_a_new_phone_replaces_the_old_device(client, people):
    client.force_login(people.clerk)
    old = device_of(people.clerk)
    client.get(SETUP)
    pending = TOTPDevice.objects.get(user=people.clerk, confirmed=False)
    form = {"password": PASSWORD, "current_code": code_for(old), "code": code_for(pending)}
    client.post(SETUP, form)
    assert list(TOTPDevice.objects.filter(user=people.clerk)) == [pending]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_a_deleted_device_ends_the_verified_session(client, people):
    client.force_login(people.clerk)
    assert client.get(reverse("office:access:requests")).status_code == 200
    TOTPDevice.objects.filter(user=people.clerk).delete()
    assert client.get(reverse("office:access:requests")).url.startswith(SETUP)


def test_the_account_settings_link_to_two_step_login(client, people):
    client.force_login(people.tenant)
    page = client.get(reverse("access:settings")).content.decode()
    assert reverse("security:settings") in page


def test_the_test_clients_force_login_counts_as_a_whole_login(client, people):
    """The one place existing tests rely on (tests/conftest.py)."""
    client.force_login(people.official)
    assert DEVICE_ID_SESSION_KEY in client.session
    admin = get_user_model().objects.create_superuser("root", "", "x" * 12)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200


def test_after_a_wrong_code_even_the_right_one_waits(people):
    """django-otp's throttling: each failure doubles the wait, so six digits
    cannot be guessed in the minutes a session lasts."""
    client = password_step("pracownik")
    code = code_for(device_of(people.clerk))
    client.post(VERIFY, {"code": f"{(int(code) + 1) % 1_000_000:06d}"})
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert device_of(people.clerk).throttling_failure_count == 1


@pytest.mark.parametrize("who", ["pracownik", "urzednik"])
def test_every_url_of_the_project_waits_for_the_second_step(people, who):
    """Office, admin, portal, audit, everything: only the second step itself,
    logging out and the language switch open before the code is given."""
    from tests.security.test_csrf import PATHS

    open_before = {"security:verify", "access:logout", "set_language"}
    client = password_step(who)
    opened = []
    for name, path in PATHS:
        if name in open_before:
            continue
        response = client.get(path)
        if not (response.status_code == 302 and response.url.startswith(VERIFY)):
            opened.append((name, path, response.status_code))
    assert opened == []
    assert any(name.startswith("admin:") for name, _ in PATHS)
    assert any(name.startswith("office:") for name, _ in PATHS)
