"""The groups hold what the policy (policy.py, docs/roles.md) gives them:
exactly that for the apps iok/access/migrations/0004_permissions.py grants,
nothing beyond it for any app, no delete permission anywhere, nothing for
tenants."""

import pytest
from django.contrib.auth.models import Group, Permission

from tests.security_matrix.policy import KNOWN_APPS, holds

GRANTED_HERE = {"registry", "ledger", "payments", "access"}
GROUP_OF = {"clerk": "staff", "official": "city_hall"}


def held(group: str, apps) -> set[str]:
    permissions = Permission.objects.filter(group__name=group, content_type__app_label__in=apps)
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def every_permission(apps) -> set[str]:
    permissions = Permission.objects.filter(content_type__app_label__in=apps)
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


@pytest.mark.parametrize("who", ["clerk", "official"])
def test_each_group_holds_exactly_the_policy_for_registry_ledger_payments_and_access(db, who):
    expected = {perm for perm in every_permission(GRANTED_HERE) if holds(who, perm)}
    assert held(GROUP_OF[who], GRANTED_HERE) == expected


@pytest.mark.parametrize("who", ["clerk", "official"])
def test_no_group_holds_a_permission_the_policy_does_not_give(db, who):
    beyond = {perm for perm in held(GROUP_OF[who], KNOWN_APPS) if not holds(who, perm)}
    assert beyond == set()
    others = Permission.objects.filter(group__name=GROUP_OF[who]).exclude(
        content_type__app_label__in=KNOWN_APPS
    )
    assert list(others) == []  # no logins (auth), sessions or devices of others


def test_nobody_deletes_anything_through_a_group(db):
    assert not Permission.objects.filter(group__isnull=False, codename__startswith="delete_")


def test_tenants_hold_no_permission(db, people):
    assert Group.objects.get(name="tenant").permissions.count() == 0
    assert people.tenant.get_all_permissions() == set()


def test_the_official_reads_every_model_of_the_project(db, people):
    views = {perm for perm in every_permission(KNOWN_APPS) if ".view_" in perm}
    assert views and views <= people.official.get_all_permissions()
