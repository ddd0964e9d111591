"""The paper application form: a PDF anyone can download and print."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iok.access import pdf
from tests.access.pdf_text import pdf_text


@pytest.mark.django_db
def test_the_form_downloads_without_login_as_a_pdf(client):
    response = client.get(reverse("access:request_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"/Count 1" in response.content, "the form must fit on one sheet"
    assert "wniosek-o-dostep-iok.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_the_form_asks_for_everything_the_office_needs_and_a_signature(client):
    text = pdf_text(client.get(reverse("access:request_pdf")).content)
    assert "PESEL" in text
    assert "http://testserver/konto/wniosek/" in text
    with translation.override("pl"):
        for message in [
            "First name and last name",
            "Address of the premises (street, building and premises number, city)",
            "Contract number (as on the contract or on a payment notice)",
            "E-mail address",
            "Phone number",
            "Signature of the applicant",
        ]:
            assert _(message) in text


def test_polish_letters_survive_into_the_pdf():
    letter = pdf.credential_letter(
        name="Zofia Wiśniewska",
        address=["ul. Żółkiewskiego 5/12", "15-213 Białystok"],
        login="12345678",
        password="abcd-efgh-jkmn-pqrs",  # noqa: S106 - printed, not used
        portal_url="https://iok.example.pl/konto/logowanie/",
        expires=timezone.now(),
    )
    text = pdf_text(letter)
    assert "Zofia Wiśniewska" in text and "ul. Żółkiewskiego 5/12" in text


def test_a_missing_font_is_a_clear_configuration_error(settings, tmp_path):
    settings.IOK_PDF_FONT_DIR = tmp_path
    with pytest.raises(ImproperlyConfigured, match=r"fonts-dejavu-core.*IOK_PDF_FONT_DIR"):
        pdf.application_form("https://iok.example.pl/konto/wniosek/")


def test_the_deploy_check_reports_a_missing_font(settings, tmp_path):
    from iok.access.checks import pdf_fonts_exist

    assert pdf_fonts_exist(None) == []
    settings.IOK_PDF_FONT_DIR = tmp_path
    [error] = pdf_fonts_exist(None)
    assert "DejaVuSans.ttf" in error.msg and error.id == "iok.access.E001"
