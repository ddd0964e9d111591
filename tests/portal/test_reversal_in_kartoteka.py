"""The tenant's kartoteka shows a reversal (storno) of a payment as its own
entry naming the payment it takes back, and the charge that payment had
paid as unpaid again."""

import datetime
from decimal import Decimal

from django.urls import reverse

from iok.ledger.allocation import allocate_ledger
from iok.ledger.models import Entry
from iok.ledger.posting import post_entry
from tests.portal.test_allocation_pages import charge, pay, row
from tests.portal.test_pages import page, text


def test_a_reversal_names_the_payment_and_the_charge_is_unpaid_again(client, people, contract):
    ledger = contract.ledger
    january = charge(ledger, 1)
    payment = pay(ledger, 15, "500.00")
    storno = post_entry(
        ledger,
        Entry.Kind.REVERSAL,
        title="Storno wpłaty z 15.02.2026",
        operation_date=datetime.date(2026, 2, 20),
        amount=Decimal("-500.00"),
        counterpart=payment,
    )
    allocate_ledger(ledger)
    html = page(client, people.tenant, reverse("portal:kartoteka", args=[ledger.pk]) + "?rok=2026")
    reversal = text(row(html, f"entry-{storno.pk}"))
    assert "Payment reversed by the bank" in reversal
    assert "Takes back" in reversal and "Payment 15.02.2026: Wpłata" in reversal
    assert "Paid:" not in reversal
    reversed_payment = text(row(html, f"entry-{payment.pk}"))
    assert "Reversed by the bank:" in reversed_payment
    assert "This payment paid:" not in reversed_payment
    assert "(unpaid)" in text(row(html, f"entry-{january.pk}"))
