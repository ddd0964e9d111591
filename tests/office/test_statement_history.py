"""The history of imported statements: a list of what came in, a page per
statement with what became of each line, the way back to it after an import,
and a file that came in before recognised instead of offered for booking."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iok.audit.models import AuditEvent
from iok.ledger.models import Entry
from iok.payments.models import Statement, StatementLine, Upload
from tests.office.test_payment_pages import camt053

BOOK = "Importuj i zaksięguj"


def send(client, people, content: bytes, name="wyciag.xml") -> Upload:
    client.force_login(people.clerk)
    file = SimpleUploadedFile(name, content)
    response = client.post(reverse("office:statement_upload"), {"file": file, "format": ""})
    return Upload.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def imported(client, people, content: bytes, name="wyciag.xml"):
    saved = send(client, people, content, name)
    return saved, client.post(reverse("office:statement_confirm", args=[saved.pk]))


def two_statements(virtual_account: str) -> bytes:
    """One camt.053 file with statements 17 and 18, each with its own lines."""
    text = camt053(virtual_account).decode()
    start, end = text.index("<Stmt>"), text.index("</Stmt>") + len("</Stmt>")
    second = text[start:end].replace("<ElctrncSeqNb>17", "<ElctrncSeqNb>18")
    return (text[:end] + second.replace("REF-", "REF-B") + text[end:]).encode()


def page(client, name, *args, **query) -> str:
    response = client.get(reverse(f"office:{name}", args=args), query)
    assert response.status_code == 200
    return response.content.decode()


def test_after_an_import_the_clerk_lands_on_the_statements_page_with_each_line(
    client, people, contract
):
    _, response = imported(client, people, camt053(contract.ledger.virtual_account))
    statement = Statement.objects.get()
    assert response.url == reverse("office:statement_detail", args=[statement.pk])
    shown = page(client, "statement_detail", statement.pk)
    assert "Wyciąg 17 z 16.11.2026" in shown and "wyciag.xml" in shown
    assert f">{contract.number}</a> (uznany rachunek wirtualny)" in shown
    assert "Jan Nieznany" in shown and "czeka w kolejce" in shown
    assert "Oplata za prowadzenie rachunku" in shown and "obciążenie, opłata" in shown
    assert "100,00\xa0zł" in shown and "45,00\xa0zł" in shown


def test_the_preview_address_of_an_imported_file_leads_to_its_statement(client, people, contract):
    saved, _ = imported(client, people, camt053(contract.ledger.virtual_account))
    response = client.get(reverse("office:statement_preview", args=[saved.pk]))
    assert response.url == reverse("office:statement_detail", args=[Statement.objects.get().pk])


def test_a_file_of_several_statements_lands_on_the_list_of_them(client, people, contract):
    saved, response = imported(client, people, two_statements(contract.ledger.virtual_account))
    assert response.url == f"{reverse('office:statement_list')}?plik={saved.pk}"
    shown = page(client, "statement_list", plik=saved.pk)
    assert "Nr 17 z 16.11.2026" in shown and "Nr 18 z 16.11.2026" in shown
    assert Entry.objects.count() == 2


def test_the_list_says_who_imported_what_and_what_became_of_the_lines(client, people, contract):
    imported(client, people, camt053(contract.ledger.virtual_account))
    waiting = StatementLine.objects.get(status="unmatched")
    client.post(
        reverse("office:payment_set_aside", args=[waiting.pk]),
        {"status": "not_ours", "reason": "przelew do spółdzielni"},
    )
    client.force_login(people.official)
    shown = page(client, "statement_list")
    row = shown[shown.index("Nr 17") :]
    row = row[: row.index("</tr>")]
    assert "wyciag.xml" in row and "camt053" in row and people.clerk.username in row
    assert "84 1020 1026 0000 1202 0345 6789" in row
    # booked, queued, not ours or to return, debits, imported before
    assert re.findall(r'<td class="amount">(\d+)', row) == ["1", "0", "1", "1", "0"]
    detail = page(client, "statement_detail", Statement.objects.get().pk)
    assert "przelew do spółdzielni" in detail and "nie nasza" in detail


def test_a_file_uploaded_again_says_it_was_imported_and_offers_nothing_to_book(
    client, people, contract
):
    content = camt053(contract.ledger.virtual_account)
    imported(client, people, content)
    again = send(client, people, content, name="ten-sam.xml")
    shown = page(client, "statement_preview", again.pk)
    assert "Ten plik został już zaimportowany" in shown and BOOK not in shown
    assert "Plik o tej samej treści (wyciag.xml)" in shown
    assert reverse("office:statement_detail", args=[Statement.objects.get().pk]) in shown
    client.post(reverse("office:statement_confirm", args=[again.pk]))
    assert Statement.objects.count() == 1 and Entry.objects.count() == 1


def test_the_same_statement_in_a_different_file_is_recognised_by_its_number_and_date(
    client, people, contract
):
    content = camt053(contract.ledger.virtual_account)
    imported(client, people, content)
    changed = content.replace(b"za garaz", b"za garaz 11/2026").replace(b"REF-2", b"REF-9")
    again = send(client, people, changed)
    shown = page(client, "statement_preview", again.pk)
    assert "Każdy wyciąg z tego pliku" in shown and BOOK not in shown
    client.post(reverse("office:statement_confirm", args=[again.pk]))
    assert StatementLine.objects.count() == 3


def test_a_file_whose_every_line_came_in_before_offers_nothing_and_records_nothing(
    client, people, contract
):
    content = camt053(contract.ledger.virtual_account)
    imported(client, people, content)
    renumbered = send(client, people, content.replace(b">17<", b">99<"))
    shown = page(client, "statement_preview", renumbered.pk)
    assert "Każda pozycja tego pliku" in shown and BOOK not in shown
    response = client.post(reverse("office:statement_confirm", args=[renumbered.pk]), follow=True)
    assert "nic nie zaksięgowano" in response.content.decode()
    assert Statement.objects.count() == 1


def make_statements(count: int) -> None:
    Statement.objects.bulk_create(
        Statement(account="84102010260000120203456789", number=str(n), currency="PLN",
                  date="2026-11-16", format="mt940", source=f"w{n}.sta")
        for n in range(count)
    )  # fmt: skip


def test_the_list_shows_fifty_statements_a_page_the_latest_first(client, people):
    make_statements(51)
    client.force_login(people.clerk)
    first = page(client, "statement_list")
    assert first.count("Nr ") == 50 and "Strona 1 z 2" in first and "Nr 50 z" in first
    second = page(client, "statement_list", strona=2)
    assert second.count("Nr ") == 1 and "Nr 0 z" in second


def test_the_list_costs_the_same_queries_for_many_statements(
    client, people, django_assert_max_num_queries
):
    client.force_login(people.clerk)
    make_statements(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        page(client, "statement_list")
    make_statements(40)
    with django_assert_max_num_queries(len(few)):
        page(client, "statement_list")


@pytest.mark.parametrize("name", ["statement_list", "statement_detail"])
def test_city_hall_reading_the_history_is_audited_as_a_read(client, people, contract, name):
    imported(client, people, camt053(contract.ledger.virtual_account))
    statement = Statement.objects.get()
    client.force_login(people.official)
    page(client, name, *([statement.pk] if name == "statement_detail" else []))
    read = AuditEvent.objects.filter(action="read").latest("pk")
    expected = statement.pk if name == "statement_detail" else None
    assert (read.content_type.model, read.object_id) == ("statement", expected)


def test_a_file_of_which_one_statement_came_in_before_names_it_and_books_the_rest(
    client, people, contract
):
    imported(client, people, camt053(contract.ledger.virtual_account))
    both = send(client, people, two_statements(contract.ledger.virtual_account), "oba.xml")
    shown = page(client, "statement_preview", both.pk)
    assert "Niektóre wyciągi z tego pliku zostały już zaimportowane" in shown and BOOK in shown
    client.post(reverse("office:statement_confirm", args=[both.pk]))
    assert Entry.objects.count() == 2
