"""The housing allowance pages: the clerk splits the welfare office's
payment by its list (upload, preview, confirm), the tenant sees the
allowance in the kartoteka, City Hall reads the allowances booked per month."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iok.audit.models import AuditEvent
from iok.ledger.models import Entry
from iok.payments.models import StatementLine
from tests.payments.test_allowance import STRANGERS, import_fixture, the_list

SWEPT = {"office:allowance_split", "office:allowance_split_confirm", "office:allowance_report"}


@pytest.fixture
def transfer(people) -> StatementLine:
    import_fixture()
    return StatementLine.objects.get(amount=Decimal("750.00"))


def preview(client, people, transfer, text: str, encoding="utf-8"):
    client.force_login(people.clerk)
    file = SimpleUploadedFile("lista.csv", text.encode(encoding), content_type="text/csv")
    return client.post(reverse("office:allowance_split", args=[transfer.pk]), {"file": file})


def confirm(client, transfer, text: str):
    url = reverse("office:allowance_split_confirm", args=[transfer.pk])
    return client.post(url, {"text": text}, follow=True)


def test_the_queue_offers_the_clerk_to_split_a_payment_by_a_list(client, people, transfer):
    client.force_login(people.clerk)
    page = client.get(reverse("office:payment_queue")).content.decode()
    assert reverse("office:allowance_split", args=[transfer.pk]) in page
    assert "Gmina Miasto Suwałki" in page  # the ultimate debtor, beside the payer


def test_the_clerk_sees_what_the_list_would_book_before_anything_is_booked(
    client, people, transfer, contract
):
    response = preview(client, people, transfer, the_list(contract), encoding="cp1250")
    page = response.content.decode()
    assert response.status_code == 200
    assert contract.number in page and STRANGERS in page and "450,00" in page
    assert "Zaksięguj dodatek w 2 kartotekach" in page
    assert not Entry.objects.filter(kind=Entry.Kind.ALLOWANCE).exists()


def test_a_faulty_list_is_shown_with_each_faulty_row_and_no_button(
    client, people, transfer, contract
):
    text = the_list(contract).replace(contract.number, "M/1999/0404")
    page = preview(client, people, transfer, text).content.decode()
    assert "Wiersz 2:" in page and "M/1999/0404" in page
    assert "Zaksięguj dodatek" not in page


def test_confirming_books_the_list_and_says_so(client, people, transfer, contract):
    preview(client, people, transfer, the_list(contract))
    page = confirm(client, transfer, the_list(contract)).content.decode()
    assert "rozdzielono na kartoteki: 2" in page
    assert Entry.objects.filter(kind=Entry.Kind.ALLOWANCE).count() == 2
    transfer.refresh_from_db()
    assert transfer.status == StatementLine.Status.BOOKED
    again = confirm(client, transfer, the_list(contract)).content.decode()
    assert "O tej wpłacie już zdecydowano." in again
    assert Entry.objects.filter(kind=Entry.Kind.ALLOWANCE).count() == 2


def test_a_list_that_no_longer_adds_up_at_confirmation_books_nothing(
    client, people, transfer, contract
):
    client.force_login(people.clerk)
    page = confirm(client, transfer, the_list(contract).replace("300,00", "3,00")).content.decode()
    assert "Lista sumuje się do" in page
    assert not Entry.objects.filter(kind=Entry.Kind.ALLOWANCE).exists()


@pytest.mark.parametrize("who", ["tenant", "co_tenant", "stranger", "official"])
def test_nobody_but_staff_splits_a_payment(client, people, transfer, contract, who):
    client.force_login(getattr(people, who))
    url = reverse("office:allowance_split", args=[transfer.pk])
    assert client.get(url).status_code == 404
    assert confirm(client, transfer, the_list(contract)).status_code == 404
    assert not Entry.objects.filter(kind=Entry.Kind.ALLOWANCE).exists()


def test_the_tenant_sees_dodatek_mieszkaniowy_among_the_payments(
    client, people, transfer, contract
):
    preview(client, people, transfer, the_list(contract))
    confirm(client, transfer, the_list(contract))
    client.force_login(people.tenant)
    url = reverse("portal:kartoteka", args=[contract.ledger.pk])
    page = client.get(url).content.decode()
    assert "Dodatek mieszkaniowy: Dodatki mieszkaniowe 11/2026 lista 45" in page
    assert "450,00" in page


def test_city_hall_reads_the_allowances_booked_per_month_and_the_read_is_audited(
    client, people, transfer, contract
):
    preview(client, people, transfer, the_list(contract))
    confirm(client, transfer, the_list(contract))
    client.force_login(people.official)
    response = client.get(reverse("office:allowance_report"), {"rok": "2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dodatki mieszkaniowe zaksięgowane w 2026 r." in page
    assert "Listopad 2026" in page and "750,00" in page
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.READ, actor_id=people.official.pk, content_type__model="entry"
    ).exists()
    by_building = client.get(reverse("office:allowance_report"), {"rok": "2026", "budynki": "on"})
    assert "Budynek" in by_building.content.decode()


@pytest.mark.parametrize("who", ["tenant", "co_tenant", "stranger"])
def test_tenants_do_not_open_the_report(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(reverse("office:allowance_report")).status_code == 404
