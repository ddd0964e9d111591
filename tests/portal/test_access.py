"""Every portal URL, tried by each of the named people: tenant and co-tenant
see their ledger, the stranger gets 404 for it, staff get 404 on tenant
pages (for now), anonymous visitors go to the login page; nobody's GET
changes the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from tests.portal.conftest import (
    ALL_PAGES,
    LEDGER_PAGES,
    OWN_LEDGER_PAGES,
    PUBLIC_PAGES,
    stranger_ledger,
    url_of,
)

LOGIN = "login"
EXPECTED = {
    **{
        name: {
            "tenant": 200,
            "co_tenant": 200,
            "stranger": 404,
            "clerk": 404,
            "official": 404,
            "anonymous": LOGIN,
        }
        for name in LEDGER_PAGES
    },
    **{
        name: {
            "tenant": 200,
            "co_tenant": 200,
            "stranger": 200,
            "clerk": 404,
            "official": 404,
            "anonymous": LOGIN,
        }
        for name in OWN_LEDGER_PAGES
    },
    **{
        name: dict.fromkeys(
            ["tenant", "co_tenant", "stranger", "clerk", "official", "anonymous"], 200
        )
        for name in PUBLIC_PAGES
    },
}
# Staff and City Hall have no ledger of their own: the portal sends them to the office.
EXPECTED["portal:home"] |= {"clerk": 302, "official": 302}
PEOPLE = ["tenant", "co_tenant", "stranger", "clerk", "official", "anonymous"]
SWEEP = [(name, who) for name in EXPECTED for who in PEOPLE]


def get_as(client, people, who, url):
    user = people.all()[who]
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, queries


def writes(queries) -> list[str]:
    """The statements that changed anything but the session (which Django
    saves on every request to keep the idle timeout)."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in query["sql"]
    ]


@pytest.mark.parametrize(("name", "who"), SWEEP, ids=[f"{n}-{w}" for n, w in SWEEP])
def test_each_person_gets_what_they_may_see_and_nothing_changes(client, people, history, name, who):
    url = url_of(name, history)
    response, queries = get_as(client, people, who, url)
    expected = EXPECTED[name][who]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("access:login") + "?next=")
    else:
        assert response.status_code == expected, (name, who)
    assert writes(queries) == []


def test_every_portal_url_is_in_the_sweep():
    portal = get_resolver().namespace_dict["portal"][1]
    names = {f"portal:{pattern.name}" for pattern in portal.url_patterns}
    assert names == set(ALL_PAGES) == set(EXPECTED)


def test_the_stranger_cannot_reach_an_entry_through_his_own_ledger(client, people, history):
    client.force_login(people.stranger)
    own = stranger_ledger(people)
    url = reverse("portal:entry", args=[own.pk, history.march.pk])
    assert client.get(url).status_code == 404


def test_the_tenant_cannot_open_the_strangers_entry_through_her_ledger(client, people, history):
    client.force_login(people.tenant)
    theirs = stranger_ledger(people).entries.get()
    url = reverse("portal:entry", args=[history.ledger.pk, theirs.pk])
    assert client.get(url).status_code == 404


def test_the_stranger_sees_his_own_ledger(client, people, history):
    client.force_login(people.stranger)
    own = stranger_ledger(people)
    for name in LEDGER_PAGES:
        args = [own.pk, own.entries.get().pk] if name == "portal:entry" else [own.pk]
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_a_ledger_that_does_not_exist_is_not_found(client, people, history):
    client.force_login(people.tenant)
    assert client.get(reverse("portal:panel", args=[999999])).status_code == 404
