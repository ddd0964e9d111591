"""Staff read a tenant's kartoteka as the tenant sees it: the portal's pages,
read only, with links that stay in the office's view; never by logging in as
the tenant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iok.office.views.kartoteka import PAGES

SWEPT = {f"office:{name}" for _route, name, _view in PAGES.values()}
PEOPLE = ["tenant", "co_tenant", "stranger", "clerk", "official", "anonymous"]


def args_of(name, books):
    return [books.ledger.pk, books.november.pk] if name.endswith("_entry") else [books.ledger.pk]


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("name", sorted(SWEPT))
def test_staff_and_city_hall_read_any_kartoteka_and_tenants_read_none_here(
    client, people, books, name, who
):
    user = people.all()[who]
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=args_of(name, books)))
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("access:login"))
    else:
        assert response.status_code == (200 if who in {"clerk", "official"} else 404)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
        and "audit" not in q["sql"]
    ]
    assert writes == []


def test_the_clerk_sees_the_tenants_panel_with_a_staff_banner_and_office_links(
    client, people, books
):
    client.force_login(people.clerk)
    page = client.get(reverse("office:tenant_kartoteka", args=[books.ledger.pk]))
    text = page.content.decode()
    assert "Widok pracownika, tylko do odczytu" in text
    assert "Anna Kowalska" in text  # the tenant's name, as on her own panel
    assert reverse("office:tenant_kartoteka_entries", args=[books.ledger.pk]) in text
    assert reverse("portal:kartoteka", args=[books.ledger.pk]) not in text
    assert 'method="post"' not in text.split("<main", 1)[1]  # no form that changes anything


def test_the_staff_view_shows_the_same_entries_as_the_tenants_own_page(client, people, books):
    client.force_login(people.tenant)
    own = client.get(reverse("portal:kartoteka", args=[books.ledger.pk])).content.decode()
    client.force_login(people.clerk)
    staff = client.get(
        reverse("office:tenant_kartoteka_entries", args=[books.ledger.pk])
    ).content.decode()
    table = own.split("<table", 1)[1].split("</table>", 1)[0]
    staff_table = staff.split("<table", 1)[1].split("</table>", 1)[0]
    office, portal = "/biuro/kartoteki/", "/kartoteka/"
    assert staff_table.replace(office, portal) == table


def test_an_entry_of_another_ledger_is_not_found_through_this_one(client, people, books):
    client.force_login(people.clerk)
    theirs = books.strangers.entries.first()
    url = reverse("office:tenant_kartoteka_entry", args=[books.ledger.pk, theirs.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("office:tenant_kartoteka", args=[999999])).status_code == 404


def test_rendering_the_staff_view_leaves_the_sites_links_as_they_were(client, people, books):
    client.force_login(people.clerk)
    client.get(reverse("office:tenant_kartoteka", args=[books.ledger.pk]))
    assert reverse("portal:kartoteka", args=[books.ledger.pk]).startswith("/kartoteka/")
