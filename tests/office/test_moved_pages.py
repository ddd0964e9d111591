"""The office's pages of access requests and logins moved from /konto/obsluga/
to /biuro/: for one release every old address answers with a temporary
redirect to its new one, query string kept, before anyone is asked to log in,
so a bookmark still works and nothing is shown at the old address."""

import pytest
from django.urls import reverse

SWEPT = {"moved_to_office"}
# old path: (new URL name, its arguments)
MOVED = {
    "/konto/obsluga/wnioski/": ("office:access:requests", []),
    "/konto/obsluga/wnioski/nowy/": ("office:access:new_request", []),
    "/konto/obsluga/wnioski/7/": ("office:access:request", [7]),
    "/konto/obsluga/wnioski/7/zatwierdz/": ("office:access:approve", [7]),
    "/konto/obsluga/wnioski/7/odrzuc/": ("office:access:reject", [7]),
    "/konto/obsluga/loginy/": ("office:access:accounts", []),
    "/konto/obsluga/loginy/7/": ("office:access:account", [7]),
    "/konto/obsluga/loginy/7/nowe-haslo/": ("office:access:new_password", [7]),
    "/konto/obsluga/loginy/7/pismo.pdf": ("office:access:letter", [7]),
}


@pytest.mark.parametrize("old", sorted(MOVED))
def test_every_old_office_address_redirects_to_its_new_one(client, people, old):
    name, args = MOVED[old]
    for user in (None, people.clerk, people.tenant):
        if user is not None:
            client.force_login(user)
        response = client.get(old)
        assert response.status_code == 302, (old, user)
        assert response["Location"] == reverse(name, args=args), (old, user)


def test_the_query_string_goes_along(client):
    response = client.get("/konto/obsluga/loginy/?q=Kowalska&strona=2")
    assert response["Location"] == reverse("office:access:accounts") + "?q=Kowalska&strona=2"


def test_every_page_that_moved_is_in_the_list():
    from iok.office.urls import access_patterns

    assert {name for name, _args in MOVED.values()} == {
        f"office:access:{pattern.name}" for pattern in access_patterns
    }
