"""Login management, role × target × action: every action that manages a
login (the office's logins pages, the admin's accounts, logins and
second-step devices), by each person (anonymous, tenant, co-tenant,
stranger, clerk, City Hall official, the administrator), against each kind
of login (a tenant's, a clerk's, an official's, a superuser's).

Staff manage tenants' logins only; only the administrator manages the
others, and the office's tenant pages open on tenants' logins only, for
everybody (iok.access.logins.may_manage, docs/access.md). The logins of
the office, City Hall and the superuser are linked to a contractor here,
as the attack of issue 11 left them: only the rule stands in the way."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from iok.access.models import Account
from iok.registry.models import Contractor
from tests.people import PASSWORD, with_authenticator

ACTORS = ("anonymous", "tenant", "co_tenant", "stranger", "clerk", "official", "admin")
TARGETS = ("tenant", "clerk", "official", "superuser")
PROTECTED = ("clerk", "official", "superuser")

# How a response reads.
LOGIN = "login"  # to IOK's login page
ADMIN_LOGIN = "admin login"  # the admin's login, which is IOK's (404 to a signed-in tenant)
MISSING = "missing"  # the admin's answer for an object not in its list: back to its index
REFUSED = frozenset({LOGIN, ADMIN_LOGIN, MISSING, 403, 404})


@dataclass(frozen=True)
class Action:
    method: str
    url: object  # account -> URL
    office: bool = False  # an office page, not the admin

    def data(self, account) -> dict:
        if self.method == "post" and not self.office:
            return {"must_change_password": "on", "email_confirmed": "on"}
        return {}


def admin_url(name):
    return lambda account: reverse(f"admin:{name}", args=[account.pk])


def user_url(name):
    return lambda account: reverse(f"admin:{name}", args=[account.user_id])


def device_url(name):
    def url(account):
        return reverse(f"admin:{name}", args=[TOTPDevice.objects.get(user=account.user).pk])

    return url


ACTIONS = {
    "office: login page": Action("get", admin_url("access_account_change"), office=True),
    "office: new one-time password": Action("post", None, office=True),
    "office: credential letter": Action("get", None, office=True),
    "admin: account change page": Action("get", admin_url("access_account_change")),
    "admin: account change (expire the password)": Action(
        "post", admin_url("access_account_change")
    ),
    "admin: account delete": Action("get", admin_url("access_account_delete")),
    "admin: login change page": Action("get", user_url("auth_user_change")),
    "admin: login's password": Action("get", user_url("auth_user_password_change")),
    "admin: login delete": Action("get", user_url("auth_user_delete")),
    "admin: authenticator device": Action("get", device_url("otp_totp_totpdevice_change")),
    "admin: authenticator device delete": Action("get", device_url("otp_totp_totpdevice_delete")),
}
OFFICE_URLS = {
    "office: login page": "office:access:account",
    "office: new one-time password": "office:access:new_password",
    "office: credential letter": "office:access:letter",
}


def url_of(name, account):
    if name in OFFICE_URLS:
        return reverse(OFFICE_URLS[name], args=[account.pk])
    return ACTIONS[name].url(account)


# What the allowed get, by action: the clerk and the administrator on a
# tenant's login, the administrator on every login in the admin.
DONE = {
    "office: login page": 200,
    "office: new one-time password": 302,  # back to the login page, the letter waiting
    "office: credential letter": 302,  # no letter waiting in this session: back
    "admin: account change page": 200,
    "admin: account change (expire the password)": 302,
}


def expected(name: str, actor: str, target: str):
    action = ACTIONS[name]
    if actor == "anonymous":
        return LOGIN if action.office else ADMIN_LOGIN
    if actor in ("tenant", "co_tenant", "stranger"):
        return 404 if action.office else ADMIN_LOGIN
    if action.office:
        # Tenants' logins only, for everybody; staff work, not City Hall's.
        return DONE[name] if target == "tenant" and actor in ("clerk", "admin") else 404
    if actor == "admin":
        return DONE.get(name, 200)
    if not name.startswith("admin: account change"):
        return 403  # staff hold no delete, login or device permission
    if actor == "official" and action.method == "post":
        return 403  # City Hall reads accounts, changes none
    if target in PROTECTED:
        return MISSING  # not in their list
    return DONE[name]


@dataclass
class Cast:
    actors: dict
    targets: dict


@pytest.fixture(scope="module")
def cast(module_world, django_db_blocker) -> Cast:
    """The administrator and a second superuser; the protected logins linked
    to a contractor behind the rule's back, as the attack left them."""
    people = module_world.people
    with django_db_blocker.unblock():
        User = get_user_model()
        admin = with_authenticator(User.objects.create_superuser("admin", "a@example.pl", PASSWORD))
        root = with_authenticator(User.objects.create_superuser("root", "r@example.pl", PASSWORD))
        with_authenticator(people.tenant)
        for user in (admin, root):
            Account.for_user(user)
        contractor = Contractor.objects.get(pesel="72050945620")
        Account.objects.filter(user__in=[people.clerk, people.official, root]).update(
            contractor=contractor
        )
    actors = people.all() | {"admin": admin}
    targets = {"tenant": people.tenant, "clerk": people.clerk, "official": people.official}
    return Cast(actors, targets | {"superuser": root})


def outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("access:login") + "?next="):
            return LOGIN
        if location.startswith(reverse("admin:login") + "?next="):
            return ADMIN_LOGIN
        if location == reverse("admin:index"):
            return MISSING
    return response.status_code


def attempt(client, actor, name, target_user):
    """The answer, and whether the target's password or account changed;
    whatever the request changed is undone for the next attempt."""
    if actor is None:
        client.logout()
    else:
        client.force_login(actor)
    account = Account.objects.get(user=target_user)
    before = (target_user.password, account.must_change_password)
    with transaction.atomic():
        action = ACTIONS[name]
        response = getattr(client, action.method)(url_of(name, account), action.data(account))
        target_user.refresh_from_db()
        account.refresh_from_db()
        changed = (target_user.password, account.must_change_password) != before
        transaction.set_rollback(True)
    target_user.refresh_from_db()
    return outcome(response), changed


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("actor", ACTORS)
def test_each_person_manages_only_the_logins_the_policy_gives_them(
    client, world, cast, actor, target
):
    wrong = []
    for name in ACTIONS:
        got, changed = attempt(client, cast.actors[actor], name, cast.targets[target])
        want = expected(name, actor, target)
        if got != want:
            wrong.append(f"{actor} → {target}, {name}: {got}, expected {want}")
        if changed and want in REFUSED:
            wrong.append(f"{actor} → {target}, {name}: refused, but the login changed")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("target", TARGETS)
def test_staff_given_the_logins_permissions_by_mistake_still_touch_no_protected_login(
    client, world, cast, target
):
    """Should the staff group ever hold permissions on logins and devices,
    the admin still keeps protected logins from them, and the rights that
    make a login protected stay read only."""
    codenames = ["view_user", "change_user", "delete_user", "view_totpdevice", "change_totpdevice"]
    Group.objects.get(name="staff").permissions.add(
        *Permission.objects.filter(codename__in=codenames)
    )
    clerk = get_user_model().objects.get(pk=cast.actors["clerk"].pk)  # no cached permissions
    client.force_login(clerk)
    account = Account.objects.get(user=cast.targets[target])
    for name in ["admin: login change page", "admin: authenticator device"]:
        got = outcome(client.get(url_of(name, account)))
        assert got == (200 if target == "tenant" else MISSING), name
    if target == "tenant":
        page = client.get(url_of("admin: login change page", account)).content.decode()
        assert 'name="is_superuser"' not in page and 'name="groups"' not in page
        assert 'name="is_staff"' not in page


@pytest.mark.parametrize("who", ["clerk", "official"])
def test_only_the_administrator_changes_a_group(client, world, cast, who):
    Group.objects.get(name="staff").permissions.add(
        *Permission.objects.filter(codename__in=["view_group", "change_group", "add_group"])
    )
    user = get_user_model().objects.get(pk=cast.actors[who].pk)
    client.force_login(user)
    staff = Group.objects.get(name="staff")
    url = reverse("admin:auth_group_change", args=[staff.pk])
    if who == "clerk":
        page = client.get(url).content.decode()
        assert 'name="_save"' not in page  # view only
    assert client.post(url, {"name": "staff"}).status_code == 403
    assert client.get(reverse("admin:auth_group_add")).status_code == 403
    client.force_login(cast.actors["admin"])
    assert 'name="_save"' in client.get(url).content.decode()
