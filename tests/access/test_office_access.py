"""Every office page of access, tried by every named person: the staff group
opens them, everybody else gets 404, anonymous visitors are sent to log in."""

import pytest
from django.urls import reverse

from iok.access.models import AccessRequest

STAFF = {"clerk"}
PAGES = ["requests", "new_request", "request", "accounts", "account"]
ACTIONS = ["approve", "reject", "new_password", "letter"]


def url(name, access_request, account):
    if name in {"request", "approve", "reject"}:
        return reverse(f"office:access:{name}", args=[access_request.pk])
    if name in {"account", "new_password", "letter"}:
        return reverse(f"office:access:{name}", args=[account.pk])
    return reverse(f"office:access:{name}")


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["tenant", "co_tenant", "stranger", "clerk", "official"])
@pytest.mark.parametrize("name", PAGES)
def test_office_pages_open_for_staff_only(client, people, access_request, who, name):
    response = as_(client, getattr(people, who)).get(
        url(name, access_request, people.tenant.account)
    )
    assert response.status_code == (200 if who in STAFF else 404)


@pytest.mark.parametrize("name", PAGES + ACTIONS)
def test_anonymous_visitors_are_sent_to_log_in(client, people, access_request, name):
    target = url(name, access_request, people.tenant.account)
    response = client.post(target) if name in ACTIONS else client.get(target)
    assert response.status_code == 302
    assert response.url.startswith(reverse("access:login") + "?next=")


@pytest.mark.parametrize("who", ["tenant", "co_tenant", "stranger", "official"])
@pytest.mark.parametrize("name", ACTIONS)
def test_office_actions_are_404_for_everybody_else_and_change_nothing(
    client, people, access_request, who, name
):
    password = people.tenant.password
    target = url(name, access_request, people.tenant.account)
    response = as_(client, getattr(people, who)).post(target, {"reason": "nie"})
    assert response.status_code == 404
    access_request.refresh_from_db()
    people.tenant.refresh_from_db()
    assert access_request.status == AccessRequest.Status.PENDING
    assert people.tenant.password == password


@pytest.mark.parametrize("name", ["approve", "reject", "new_password"])
def test_office_actions_refuse_get(client, people, access_request, name):
    target = url(name, access_request, people.tenant.account)
    assert as_(client, people.clerk).get(target).status_code == 405


def test_every_office_url_is_in_this_sweep():
    from iok.office.urls import access_patterns

    office = {p.name for p in access_patterns}
    assert office == set(PAGES + ACTIONS)


def test_a_clerk_cannot_reach_the_login_of_staff_or_an_administrator(client, people):
    client.force_login(people.clerk)
    for user in (people.clerk, people.official):
        target = reverse("office:access:account", args=[user.account.pk])
        assert client.get(target).status_code == 404
        reissue = reverse("office:access:new_password", args=[user.account.pk])
        assert client.post(reissue).status_code == 404
