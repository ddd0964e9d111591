"""Approving and rejecting from the office pages."""

import pytest
from django.urls import reverse

from iok.access.letters import letter_waiting
from iok.access.models import AccessRequest
from tests.access.helpers import said


@pytest.fixture
def clerk(client, people):
    client.force_login(people.clerk)
    return client


def test_approval_issues_the_login_and_leads_to_its_letter(clerk, access_request):
    response = clerk.post(reverse("office:access:approve", args=[access_request.pk]))
    access_request.refresh_from_db()
    account = access_request.user.account
    assert access_request.status == AccessRequest.Status.APPROVED
    assert response.url == reverse("office:access:account", args=[account.pk])
    page = clerk.get(response.url).content.decode()
    assert reverse("office:access:letter", args=[account.pk]) in page
    assert letter_waiting(clerk.session, account)


def test_approval_refused_by_the_registry_changes_nothing(clerk, access_request):
    access_request.contract_number = "M/2020/0001"
    access_request.save()
    url = reverse("office:access:approve", args=[access_request.pk])
    response = clerk.post(url, follow=True)
    access_request.refresh_from_db()
    assert access_request.is_pending and access_request.user is None
    assert said("The registry does not confirm this request.") in response.content.decode()


def test_a_rejection_needs_a_reason(clerk, access_request):
    response = clerk.post(reverse("office:access:reject", args=[access_request.pk]), {"reason": ""})
    assert response.status_code == 200
    assert said("Give the reason: a request is not rejected without one.") in (
        response.content.decode()
    )
    access_request.refresh_from_db()
    assert access_request.is_pending


def test_a_rejection_with_a_reason_is_recorded_and_mailed(clerk, access_request, mailoutbox):
    url = reverse("office:access:reject", args=[access_request.pk])
    response = clerk.post(url, {"reason": "Garaż nie jest w umowie."})
    assert response.url == reverse("office:access:requests")
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.REJECTED
    assert access_request.rejection_reason == "Garaż nie jest w umowie."
    assert len(mailoutbox) == 1


def test_a_decided_request_shows_its_decision_and_no_buttons(clerk, access_request):
    clerk.post(reverse("office:access:reject", args=[access_request.pk]), {"reason": "Nie."})
    page = clerk.get(reverse("office:access:request", args=[access_request.pk])).content.decode()
    assert reverse("office:access:approve", args=[access_request.pk]) not in page
    assert reverse("office:access:reject", args=[access_request.pk]) not in page
    assert "pracownik" in page
