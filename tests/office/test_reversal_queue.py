"""A reversal (storno) whose payment could not be told waits in the queue with
its own label; the clerk names the payment it takes back, or sets it aside."""

import pytest
from django.urls import reverse

from iok.ledger.models import Entry
from iok.payments.importing import import_statements
from iok.payments.models import StatementLine
from tests.payments.test_import import line, statement


@pytest.fixture
def payment_and_reversal(ledger):
    payment = line("120.00", 1, virtual_account=ledger.virtual_account, title="Czynsz 11/2026")
    import_statements([statement(payment, number="1")])
    storno = line("120.00", 1, credit=False, reversal=True, title="STORNO",
                  counterparty_name="Bank")  # fmt: skip
    import_statements([statement(storno, number="2")])
    return (
        StatementLine.objects.get(credit=True),
        StatementLine.objects.get(status=StatementLine.Status.REVERSAL_WAITING),
    )


def test_the_queue_shows_a_waiting_reversal_with_its_label_and_the_payments_to_name(
    client, people, payment_and_reversal
):
    payment, reversal = payment_and_reversal
    client.force_login(people.clerk)
    page = client.get(reverse("office:payment_queue")).content.decode()
    assert "Storno" in page and "czeka na wpłatę" in page
    assert f'name="payment" value="{payment.pk}"' in page
    assert reverse("office:payment_reversal_assign", args=[reversal.pk]) in page


def test_a_clerk_books_a_waiting_reversal_on_the_payment_it_takes_back(
    client, people, contract, payment_and_reversal
):
    payment, reversal = payment_and_reversal
    client.force_login(people.clerk)
    response = client.post(
        reverse("office:payment_reversal_assign", args=[reversal.pk]),
        {"payment": payment.pk, "reason": "potwierdzone w banku"},
        follow=True,
    )
    reversal.refresh_from_db()
    assert reversal.status == StatementLine.Status.REVERSAL_BOOKED
    assert reversal.decided_by == people.clerk
    assert reversal.entry.kind == Entry.Kind.REVERSAL
    assert reversal.entry.counterpart == payment.entry
    assert contract.number in response.content.decode()
    assert reversal.pk not in [
        line.pk for line in response.context["page"].object_list
    ]  # gone from the queue


def test_a_reversal_is_set_aside_as_not_ours(client, people, payment_and_reversal):
    _payment, reversal = payment_and_reversal
    client.force_login(people.clerk)
    client.post(
        reverse("office:payment_set_aside", args=[reversal.pk]),
        {"status": "not_ours", "reason": "storno przelewu firmy"},
    )
    reversal.refresh_from_db()
    assert reversal.status == StatementLine.Status.NOT_OURS
    assert not Entry.objects.filter(kind=Entry.Kind.REVERSAL).exists()


def test_city_hall_sees_the_reversal_but_cannot_book_it(client, people, payment_and_reversal):
    payment, reversal = payment_and_reversal
    client.force_login(people.official)
    assert client.get(reverse("office:payment_queue")).status_code == 200
    response = client.post(
        reverse("office:payment_reversal_assign", args=[reversal.pk]), {"payment": payment.pk}
    )
    assert response.status_code == 404
    reversal.refresh_from_db()
    assert reversal.status == StatementLine.Status.REVERSAL_WAITING


def test_the_statements_page_says_a_reversal_was_booked_and_where(client, people, contract):
    payment = line("80.00", 1, virtual_account=contract.ledger.virtual_account, bank_reference="R")
    storno = line("80.00", 2, credit=False, reversal=True, bank_reference="R")
    import_statements([statement(payment, storno)])
    reversal = StatementLine.objects.get(status=StatementLine.Status.REVERSAL_BOOKED)
    client.force_login(people.clerk)
    page = client.get(reverse("office:statement_detail", args=[reversal.statement_id]))
    html = page.content.decode()
    assert "Storno zaksięgowane na cofniętą wpłatę" in html and contract.number in html
    assert "Storna wpłat zaksięgowane" in html
    assert page.context["statement"].queued == 0
