"""The attack of issue 11: a clerk linked the administrator's account to a
contractor in the admin, issued it a one-time password on the office's
logins page and read it in the credential letter. Staff manage tenants'
logins only; a login of the office, City Hall or the administrator is the
administrator's alone (iok.access.logins.may_manage)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from iok.access.models import Account
from tests.people import PASSWORD


@pytest.fixture
def administrator(db):
    """A superuser made by createsuperuser: an account with nothing to do."""
    user = get_user_model().objects.create_superuser("admin", "admin@example.pl", PASSWORD)
    Account.for_user(user)
    return user


def account_form(account, **changes) -> dict:
    """The admin's change form of `account` as a browser posts it."""
    data = {
        "user": account.user_id,
        "contractor": account.contractor_id or "",
        "must_change_password": "on" if account.must_change_password else "",
        "one_time_password_expires_0": "",
        "one_time_password_expires_1": "",
        "terms_accepted_0": "",
        "terms_accepted_1": "",
        "email_confirmed": "",
    }
    return {key: value for key, value in (data | changes).items() if value != ""}


def change_url(account):
    return reverse("admin:access_account_change", args=[account.pk])


@pytest.fixture
def clerk(client, people):
    client.force_login(people.clerk)
    return client


def test_a_clerk_cannot_take_over_the_administrator_through_the_admin_and_a_letter(
    clerk, people, administrator
):
    account = administrator.account
    contractor = people.tenant.account.contractor
    clerk.post(change_url(account), account_form(account, contractor=contractor.pk))
    account.refresh_from_db()
    assert account.contractor_id is None
    new_password = reverse("office:access:new_password", args=[account.pk])
    assert clerk.post(new_password).status_code == 404
    assert clerk.get(reverse("office:access:letter", args=[account.pk])).status_code == 404
    administrator.refresh_from_db()
    assert administrator.check_password(PASSWORD)


def test_a_clerk_cannot_expire_the_administrators_password_in_the_admin(clerk, administrator):
    account = administrator.account
    expired = {
        "must_change_password": "on",
        "one_time_password_expires_0": "01.01.2026",
        "one_time_password_expires_1": "10:00",
    }
    form = account_form(account, **expired)
    clerk.post(change_url(account), form)
    account.refresh_from_db()
    assert not account.must_change_password and account.one_time_password_expires is None


@pytest.mark.parametrize("who", ["admin", "clerk", "official"])
def test_the_admin_does_not_open_a_protected_account_to_a_clerk(clerk, people, administrator, who):
    target = administrator if who == "admin" else getattr(people, who)
    response = clerk.get(change_url(Account.for_user(target)))
    assert response.status_code == 302 and response.url == reverse("admin:index")


def test_the_admins_account_list_shows_a_clerk_tenants_logins_only(clerk, people, administrator):
    page = clerk.get(reverse("admin:access_account_changelist")).content.decode()
    listed = page.split("<tbody>", 1)[1]
    assert "najemca" in listed and "obcy" in listed
    assert "pracownik" not in listed and "urzednik" not in listed and ">admin<" not in listed


def test_a_clerk_cannot_make_an_account_for_the_administrator(clerk, administrator):
    administrator.account.delete()
    form = account_form(Account(user=administrator, must_change_password=True))
    response = clerk.post(reverse("admin:access_account_add"), form)
    assert response.status_code == 200
    assert not Account.objects.filter(user=administrator).exists()


def test_a_clerk_cannot_move_a_tenants_account_to_the_administrator(clerk, people, administrator):
    administrator.account.delete()
    account = people.tenant.account
    clerk.post(change_url(account), account_form(account, user=administrator.pk))
    account.refresh_from_db()
    assert account.user == people.tenant


def test_a_clerk_still_changes_a_tenants_account_in_the_admin(clerk, people):
    account = people.tenant.account
    response = clerk.post(change_url(account), account_form(account, email_confirmed="on"))
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.email_confirmed


@pytest.mark.parametrize("who", ["admin", "clerk", "official"])
def test_nobody_gives_a_contractor_to_a_login_that_is_not_a_tenants(
    client, people, administrator, who
):
    """Not even the administrator: a staff login with a contractor would be
    opened by the office's tenant pages."""
    client.force_login(administrator)
    target = administrator if who == "admin" else getattr(people, who)
    account = Account.for_user(target)
    contractor = people.stranger.account.contractor
    response = client.post(change_url(account), account_form(account, contractor=contractor.pk))
    assert response.status_code == 200  # the form again, with the error
    account.refresh_from_db()
    assert account.contractor_id is None


@pytest.mark.parametrize("group", ["staff", "city_hall"])
def test_a_login_already_linked_to_a_contractor_is_still_refused_on_the_office_pages(
    clerk, people, administrator, group
):
    """Data made before the rule (or by hand): the office pages ask the rule
    again, not only whether there is a contractor."""
    tenant = people.tenant
    tenant.groups.add(Group.objects.get(name=group))
    account = tenant.account
    for url in [
        reverse("office:access:account", args=[account.pk]),
        reverse("office:access:letter", args=[account.pk]),
    ]:
        assert clerk.get(url).status_code == 404, url
    assert clerk.post(reverse("office:access:new_password", args=[account.pk])).status_code == 404
    assert ">najemca<" not in clerk.get(reverse("office:access:accounts")).content.decode()


def test_a_refused_attempt_is_logged_without_a_password(clerk, people, caplog):
    tenant = people.tenant
    tenant.groups.add(Group.objects.get(name="staff"))
    with caplog.at_level("WARNING", logger="iok.access.logins"):
        clerk.post(reverse("office:access:new_password", args=[tenant.account.pk]))
    assert "Login pracownik was refused a new one-time password of login najemca" in caplog.text
    assert PASSWORD not in caplog.text


def test_may_manage_gives_staff_tenants_logins_only(people, administrator):
    from iok.access.logins import may_manage

    clerk, official, tenant = people.clerk, people.official, people.tenant
    assert may_manage(clerk, tenant)
    assert not any(may_manage(clerk, target) for target in [clerk, official, administrator])
    assert not any(may_manage(official, target) for target in [tenant, clerk, administrator])
    assert not may_manage(tenant, people.stranger)
    assert all(may_manage(administrator, target) for target in [tenant, clerk, official])
