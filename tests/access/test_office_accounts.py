"""The office's list of tenant logins and its search."""

import pytest
from django.urls import reverse

from iok.access.logins import issue_login
from tests.access.test_office_requests import MOST, queries
from tests.conftest import person

URL = reverse("office:access:accounts")


def pesel_for(n: int) -> str:
    """A valid PESEL of someone born on 1 January 1980, serial n."""
    digits = f"800101{n:04d}"
    weighted = sum(int(d) * w for d, w in zip(digits, [1, 3, 7, 9] * 3, strict=False))
    return digits + str((10 - weighted % 10) % 10)


@pytest.fixture
def clerk(client, people):
    client.force_login(people.clerk)
    return client


def test_tenant_logins_are_listed_and_staff_logins_are_not(clerk, people):
    page = clerk.get(URL).content.decode()
    assert "najemca" in page and "wspolnajemca" in page and "obcy" in page
    assert "pracownik" not in page.split("<main", 1)[1].split("</table>")[0]
    assert "urzednik" not in page


@pytest.mark.parametrize("q", ["najemca", "Kowalska", "85071412341"])
def test_a_login_is_found_by_login_last_name_or_pesel(clerk, people, q):
    page = clerk.get(URL, {"q": q}).content.decode()
    assert reverse("office:access:account", args=[people.tenant.account.pk]) in page
    assert reverse("office:access:account", args=[people.stranger.account.pk]) not in page


def test_the_list_takes_the_same_queries_for_few_logins_or_many(clerk, people):
    few = queries(clerk, URL)
    for n in range(10):
        issue_login(person("Jan", f"Nowak{n}", pesel_for(n)))
    assert queries(clerk, URL) == few <= MOST


def test_a_long_list_comes_in_pages_of_50(clerk, people):
    for n in range(50):
        issue_login(person("Jan", f"Nowak{n:02d}", pesel_for(n)))
    first = clerk.get(URL).content.decode()
    assert "?q=&amp;strona=2" in first
    second = clerk.get(URL, {"strona": 2}).content.decode()
    assert second.count("<tr>") == 1 + 3  # the heading, and the 51st to 53rd logins
    assert "?q=&amp;strona=1" in second
