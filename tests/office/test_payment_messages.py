"""Every POST of the office's payment pages ends with a message saying what
was done, or why nothing was: the clerk never faces a silent reload."""

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iok.payments.models import StatementLine, Upload
from tests.office.test_payment_pages import camt053, upload


def said(response) -> str:
    """The last message the request left (the earlier steps' are still stored)."""
    return [str(message) for message in get_messages(response.wsgi_request)][-1]


def imported(client, people, contract):
    saved, _ = upload(client, people, contract)
    client.post(reverse("office:statement_confirm", args=[saved.pk]))
    return StatementLine.objects.get(status="unmatched")


def test_uploading_a_file_says_it_was_received_and_nothing_is_booked_yet(client, people, contract):
    client.force_login(people.clerk)
    file = SimpleUploadedFile("wyciag.xml", camt053(contract.ledger.virtual_account))
    response = client.post(reverse("office:statement_upload"), {"file": file}, follow=True)
    assert "Plik wyciag.xml przyjęty: nic nie jest zaksięgowane" in response.content.decode()


def test_confirming_an_import_says_how_many_were_booked_and_queued(client, people, contract):
    saved, _ = upload(client, people, contract)
    response = client.post(reverse("office:statement_confirm", args=[saved.pk]), follow=True)
    page = response.content.decode()
    assert "zaksięgowane wpłaty: 1, czekające w kolejce: 1" in page


def test_assigning_a_queued_payment_says_what_was_booked_to_which_contract(
    client, people, contract
):
    waiting = imported(client, people, contract)
    response = client.post(
        reverse("office:payment_assign", args=[waiting.pk]), {"ledger": contract.number}
    )
    assert said(response) == (
        f"Wpłata 45,00\xa0zł z 16.11.2026 od Jan Nieznany zaksięgowana na kartotekę umowy"
        f" {contract.number}."
    )


def test_assigning_to_a_ledger_that_does_not_exist_says_so(client, people, contract):
    waiting = imported(client, people, contract)
    response = client.post(reverse("office:payment_assign", args=[waiting.pk]), {"ledger": "X/1"})
    assert said(response) == "Żadna kartoteka nie ma numeru umowy ani rachunku wirtualnego X/1."


def test_assigning_a_payment_decided_already_says_so(client, people, contract):
    waiting = imported(client, people, contract)
    assign = reverse("office:payment_assign", args=[waiting.pk])
    client.post(assign, {"ledger": contract.number})
    response = client.post(assign, {"ledger": contract.number})
    assert said(response) == "O tej wpłacie już zdecydowano."


def test_setting_a_payment_aside_says_what_was_decided(client, people, contract):
    waiting = imported(client, people, contract)
    response = client.post(
        reverse("office:payment_set_aside", args=[waiting.pk]),
        {"status": "to_return", "reason": "nie nasz najemca"},
    )
    assert said(response) == "Wpłata 45,00\xa0zł z 16.11.2026 od Jan Nieznany odłożona: do zwrotu."


def test_confirming_a_file_that_cannot_be_imported_says_why(client, people):
    client.force_login(people.clerk)
    file = SimpleUploadedFile("list.txt", "Szanowni Państwo, w załączeniu…".encode())
    client.post(reverse("office:statement_upload"), {"file": file})
    saved = Upload.objects.get()
    response = client.post(reverse("office:statement_confirm", args=[saved.pk]))
    assert "list.txt" in said(response) and not StatementLine.objects.exists()
