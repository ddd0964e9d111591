"""The named people every view is tried by: tenant, co-tenant, stranger,
clerk, city-hall official and anonymous. Built once per test, fixed data."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from iok.access.models import Account
from iok.registry.models import Premises
from iok.registry.properties import set_property

PASSWORD = "Kartoteka-testowa-2026"  # noqa: S105 - test logins only
# The clerk's and the official's authenticator key (hex, as django-otp keeps it).
TOTP_KEY = "3132333435363738393031323334353637383930"


@dataclass
class People:
    tenant: object
    co_tenant: object
    stranger: object
    clerk: object
    official: object
    anonymous: None = None

    def all(self) -> dict:
        return {
            "tenant": self.tenant,
            "co_tenant": self.co_tenant,
            "stranger": self.stranger,
            "clerk": self.clerk,
            "official": self.official,
            "anonymous": None,
        }


def make_user(username, *, contractor=None, group=None, staff=False):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=staff)
    Account.objects.create(
        user=user,
        contractor=contractor,
        must_change_password=False,
        terms_accepted=timezone.now(),
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def build_people(contract, tenant, co_tenant, building) -> People:
    from tests.conftest import make_contract, person

    stranger = person("Jerzy", "Obcy", "90010112349")
    flat = Premises.objects.create(building=building, kind="residential", number="9")
    set_property("usable_area", flat, Decimal("38.00"), datetime.date(2026, 1, 1))
    make_contract("M/2021/0009", flat, datetime.date(2021, 6, 1), stranger, persons=1)
    return People(
        tenant=make_user("najemca", contractor=tenant, group="tenant"),
        co_tenant=make_user("wspolnajemca", contractor=co_tenant, group="tenant"),
        stranger=make_user("obcy", contractor=stranger, group="tenant"),
        clerk=with_authenticator(make_user("pracownik", group="staff", staff=True)),
        official=with_authenticator(make_user("urzednik", group="city_hall", staff=True)),
    )


def with_authenticator(user):
    """Staff and City Hall log in with a second step: a confirmed TOTP device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="authenticator", key=TOTP_KEY, confirmed=True)
    return user
