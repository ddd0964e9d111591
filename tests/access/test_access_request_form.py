"""Anyone can apply online; the form names what is wrong and tells nothing
about the registry."""

import pytest
from django.test import Client
from django.urls import reverse

from iok.access.models import AccessRequest
from tests.access.helpers import said

URL = reverse("access:request_form")
FILLED = {
    "first_name": "Zofia",
    "last_name": "Wiśniewska",
    "pesel": "720509 45620",
    "premises_address": "ul. Mickiewicza 12, garaż G3, Białystok",
    "contract_number": "g/2024/0003",
    "email": "zofia@example.pl",
    "phone": "+48 600 100 200",
    "consents_to_electronic_correspondence": "on",
}


@pytest.mark.django_db
def test_the_form_opens_without_login_with_a_label_for_every_field(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for name in FILLED:
        assert f'for="id_{name}"' in page and f'id="id_{name}"' in page
    assert reverse("access:request_pdf") in page


@pytest.mark.django_db
def test_an_application_waits_for_a_decision_and_the_applicant_is_thanked(client):
    response = client.post(URL, FILLED)
    assert response.status_code == 302 and response.url == reverse("access:request_sent")
    request = AccessRequest.objects.get()
    assert request.is_pending and request.pesel == "72050945620"
    assert request.contract_number == "G/2024/0003"
    assert request.consents_to_electronic_correspondence
    thanks = client.get(response.url)
    assert said("Thank you for your application") in thanks.content.decode()


@pytest.mark.django_db
def test_a_wrong_pesel_is_named_with_what_is_wrong(client):
    response = client.post(URL, {**FILLED, "pesel": "72050945621"})
    assert response.status_code == 200
    assert said("the check digit is wrong") in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not AccessRequest.objects.exists()


@pytest.mark.django_db
def test_consent_to_electronic_correspondence_is_required(client):
    data = {k: v for k, v in FILLED.items() if k != "consents_to_electronic_correspondence"}
    response = client.post(URL, data)
    refusal = said(
        "The portal is electronic correspondence: without this consent we cannot give you a login."
    )
    assert refusal in response.content.decode()
    assert not AccessRequest.objects.exists()


@pytest.mark.django_db
def test_a_phone_number_must_be_digits(client):
    response = client.post(URL, {**FILLED, "phone": "call me"})
    assert AccessRequest.objects.count() == 0
    assert "phone" in response.context["form"].errors


@pytest.mark.django_db
def test_e_mail_and_phone_may_be_left_out(client):
    client.post(URL, {**FILLED, "email": "", "phone": ""})
    assert AccessRequest.objects.get().email == ""


@pytest.mark.django_db
def test_the_form_is_protected_against_cross_site_posts():
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, FILLED).status_code == 403
    assert not AccessRequest.objects.exists()
