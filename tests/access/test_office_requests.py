"""The office's list of pending requests, a request with its registry check,
and a paper application typed in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iok.access.applications import reject
from iok.access.models import AccessRequest
from tests.access.helpers import said
from tests.access.test_access_request_form import FILLED


@pytest.fixture
def clerk(client, people):
    client.force_login(people.clerk)
    return client


def test_the_list_shows_pending_requests_only(clerk, people, access_request):
    other = AccessRequest.objects.create(
        first_name="Jan", last_name="Nowak", pesel="66112309312", premises_address="x",
        contract_number="M/1", consents_to_electronic_correspondence=True,
    )  # fmt: skip
    reject(other, people.clerk, "Brak umowy.")
    page = clerk.get(reverse("office:access:requests")).content.decode()
    assert "Wiśniewska" in page and "Nowak" not in page
    assert reverse("office:access:request", args=[access_request.pk]) in page


# Per request, whatever the list's length: session, login, its 2FA device,
# permissions (the login's and its groups'), the audit's read event, and the
# page's own queries.
MOST = 15


def queries(client, url) -> int:
    """The queries of a page view; the first view after login also saves the
    session (once a minute at most), so it is not the one measured."""
    client.get(url)
    with CaptureQueriesContext(connection) as done:
        assert client.get(url).status_code == 200
    return len(done)


def test_the_list_takes_the_same_queries_for_one_request_or_many(clerk, access_request):
    url = reverse("office:access:requests")
    one = queries(clerk, url)
    for n in range(10):
        AccessRequest.objects.create(
            first_name="Jan", last_name=f"Nowak{n}", pesel="66112309312", premises_address="x",
            contract_number="M/1", consents_to_electronic_correspondence=True,
        )  # fmt: skip
    assert queries(clerk, url) == one <= MOST


def test_the_request_page_shows_what_matched_and_what_did_not(clerk, access_request):
    access_request.contract_number = "M/2020/0001"
    access_request.save()
    page = clerk.get(reverse("office:access:request", args=[access_request.pk])).content.decode()
    assert said("Is there a contractor with this PESEL?") in page
    assert said("Is the contractor a party to the contract?") in page
    assert "✓" in page and "✗" in page
    assert reverse("office:access:approve", args=[access_request.pk]) not in page
    assert reverse("office:access:reject", args=[access_request.pk]) in page


def test_a_confirmed_request_can_be_approved_from_its_page(clerk, access_request):
    page = clerk.get(reverse("office:access:request", args=[access_request.pk])).content.decode()
    assert reverse("office:access:approve", args=[access_request.pk]) in page
    assert page.count("<h1") == 1


def test_a_paper_application_is_typed_in_and_waits_for_a_decision(clerk):
    response = clerk.post(reverse("office:access:new_request"), FILLED)
    request = AccessRequest.objects.get()
    assert response.url == reverse("office:access:request", args=[request.pk])
    assert request.is_pending and request.last_name == "Wiśniewska"
