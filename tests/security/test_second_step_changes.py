"""Replacing the second step (a new phone, new recovery codes) asks for the
password and a code of the current device; the change is audited and the
login's owner is told by e-mail (issue 11)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from iok.audit.models import AuditEvent
from tests.access.helpers import said
from tests.people import PASSWORD
from tests.security.helpers import code_for

SETUP = reverse("security:setup")
NEW_CODES = reverse("security:new_recovery_codes")
WRONG_PASSWORD = "nie-moje-haslo-2026"  # noqa: S105 - a wrong one, on purpose


@pytest.fixture
def clerk(client, people):
    people.clerk.email = "pracownik@example.pl"
    people.clerk.save(update_fields=["email"])
    client.force_login(people.clerk)
    return client


def old_device(people):
    return TOTPDevice.objects.get(user=people.clerk, confirmed=True)


def new_phone(client, people, **form):
    client.get(SETUP)
    pending = TOTPDevice.objects.get(user=people.clerk, confirmed=False)
    defaults = {
        "password": PASSWORD,
        "current_code": code_for(old_device(people)),
        "code": code_for(pending),
    }
    return client.post(SETUP, defaults | form), pending


def second_step_events(user) -> list[str]:
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=user.pk
    )
    return [e.changes["two-step login"]["after"] for e in events if "two-step login" in e.changes]


def test_the_setup_page_asks_for_the_password_and_the_current_code(clerk):
    page = clerk.get(SETUP).content.decode()
    assert 'name="password"' in page and 'name="current_code"' in page and 'name="code"' in page


def test_a_new_phone_with_a_wrong_password_is_refused(
    clerk, people, django_capture_on_commit_callbacks
):
    old = old_device(people)
    with django_capture_on_commit_callbacks(execute=True):
        response, _pending = new_phone(clerk, people, password=WRONG_PASSWORD)
    assert response.status_code == 200
    assert said("This is not your password.") in response.content.decode()
    assert old_device(people) == old
    assert mail.outbox == [] and second_step_events(people.clerk) == []


def test_a_new_phone_with_a_wrong_current_code_is_refused(
    clerk, people, django_capture_on_commit_callbacks
):
    old = old_device(people)
    wrong = f"{(int(code_for(old)) + 1) % 1_000_000:06d}"
    with django_capture_on_commit_callbacks(execute=True):
        response, pending = new_phone(clerk, people, current_code=wrong)
    assert response.status_code == 200
    assert (
        said(
            "This code is not right, or it has been used already: "
            "wait for the next code from your current app."
        )
        in response.content.decode()
    )
    assert old_device(people) == old and not TOTPDevice.objects.get(pk=pending.pk).confirmed
    assert mail.outbox == []


def test_a_new_phone_replaces_the_app_is_audited_and_mailed(
    clerk, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response, pending = new_phone(clerk, people)
    assert response.url == reverse("security:recovery_codes")
    assert old_device(people) == pending
    assert "authenticator app replaced" in second_step_events(people.clerk)
    (message,) = mail.outbox
    assert message.to == ["pracownik@example.pl"]
    assert message.subject == said("Two-step login of your account has changed")
    assert "pracownik" in message.body
    assert (
        said(
            "the authenticator app was moved to a new phone: the app on the old one no longer works"
        )
        in message.body
    )
    assert code_for(pending) not in message.body


def test_a_recovery_code_counts_as_the_current_code_for_a_lost_phone(
    clerk, people, django_capture_on_commit_callbacks
):
    from iok.security.twofactor import new_recovery_codes

    codes = new_recovery_codes(people.clerk, notify=False)
    response, pending = new_phone(clerk, people, current_code=codes[0])
    assert response.status_code == 302 and old_device(people) == pending


def test_new_recovery_codes_need_the_password_and_a_current_code(
    clerk, people, django_capture_on_commit_callbacks
):
    before = set(StaticToken.objects.values_list("token", flat=True))
    code = code_for(old_device(people))
    with django_capture_on_commit_callbacks(execute=True):
        wrong_password = clerk.post(NEW_CODES, {"password": WRONG_PASSWORD, "current_code": code})
        wrong_code = clerk.post(NEW_CODES, {"password": PASSWORD, "current_code": "zly-kod"})
    assert said("This is not your password.") in wrong_password.content.decode()
    assert (
        wrong_code.status_code == 200
        and said("Type your password.") not in wrong_code.content.decode()
    )
    assert set(StaticToken.objects.values_list("token", flat=True)) == before
    assert mail.outbox == []


def test_new_recovery_codes_are_audited_and_mailed(
    clerk, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk.post(
            NEW_CODES, {"password": PASSWORD, "current_code": code_for(old_device(people))}
        )
    assert response.url == reverse("security:recovery_codes")
    codes = clerk.get(response.url).context["codes"]
    assert len(codes) == 10
    assert "new recovery codes" in second_step_events(people.clerk)
    (message,) = mail.outbox
    assert said("new recovery codes were made: the earlier ones no longer work") in message.body
    assert not any(code in message.body for code in codes)


def test_turning_it_on_asks_for_the_password_and_is_mailed(
    client, people, django_capture_on_commit_callbacks
):
    tenant = people.tenant
    tenant.email = "anna@example.pl"
    tenant.save(update_fields=["email"])
    client.force_login(tenant)
    client.get(SETUP)
    pending = TOTPDevice.objects.get(user=tenant)
    assert client.post(SETUP, {"code": code_for(pending)}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SETUP, {"password": PASSWORD, "code": code_for(pending)})
    assert TOTPDevice.objects.get(pk=pending.pk).confirmed
    assert "authenticator app set up" in second_step_events(tenant)
    (message,) = mail.outbox
    assert message.to == ["anna@example.pl"]
    assert said("two-step login was turned on with an authenticator app") in message.body


def test_a_login_without_an_address_is_changed_without_a_mail(
    client, people, django_capture_on_commit_callbacks
):
    client.force_login(people.official)
    device = TOTPDevice.objects.get(user=people.official, confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW_CODES, {"password": PASSWORD, "current_code": code_for(device)})
    assert response.status_code == 302 and mail.outbox == []
    assert "new recovery codes" in second_step_events(people.official)


def test_a_tenant_turning_it_off_is_audited_and_mailed(
    client, people, django_capture_on_commit_callbacks
):
    tenant = people.tenant
    tenant.email = "anna@example.pl"
    tenant.save(update_fields=["email"])
    client.force_login(tenant)
    client.get(SETUP)
    pending = TOTPDevice.objects.get(user=tenant)
    client.post(SETUP, {"password": PASSWORD, "code": code_for(pending)})
    codes = client.get(reverse("security:recovery_codes")).context["codes"]
    with django_capture_on_commit_callbacks(execute=True):
        form = {"off-password": PASSWORD, "off-current_code": codes[0]}
        client.post(reverse("security:disable"), form)
    assert not TOTPDevice.objects.filter(user=tenant).exists()
    assert "two-step login turned off" in second_step_events(tenant)
    (message,) = mail.outbox
    assert said("two-step login was turned off") in message.body


def test_turning_it_off_with_a_wrong_password_keeps_it_on(client, people):
    client.force_login(people.tenant)
    client.get(SETUP)
    pending = TOTPDevice.objects.get(user=people.tenant)
    client.post(SETUP, {"password": PASSWORD, "code": code_for(pending)})
    codes = client.get(reverse("security:recovery_codes")).context["codes"]
    form = {"off-password": WRONG_PASSWORD, "off-current_code": codes[0]}
    response = client.post(reverse("security:disable"), form)
    assert said("This is not your password.") in response.content.decode()
    assert TOTPDevice.objects.filter(user=people.tenant, confirmed=True).exists()
