"""The kartoteka says of each charge whether it is paid and by which payments,
and of each payment what it paid. By hand: January 500.00 due 10.01,
February 500.00 due 10.02; a payment of 700.00 on 15.02 pays January in full
and 200.00 of February; a payment of 400.00 on 20.02 pays February's other
300.00 and leaves 100.00 of overpayment."""

import datetime
from decimal import Decimal

from django.urls import reverse

from iok.ledger.allocation import allocate_ledger
from iok.ledger.posting import post_entry
from iok.periods import Period
from tests.portal.test_pages import NBSP, page, text


def row(html: str, row_id: str) -> str:
    """The table row with that id, with what its <details> hold."""
    start = html.index(f'<tr id="{row_id}"')
    return html[start:].split("</tr>")[0]


def charge(ledger, month):
    return post_entry(
        ledger,
        "charge",
        title=f"Opłaty za {month:02d}/2026",
        operation_date=datetime.date(2026, month, 1),
        due_date=datetime.date(2026, month, 10),
        period=Period(2026, month),
        amount=Decimal("-500.00"),
    )


def pay(ledger, day, amount):
    return post_entry(
        ledger,
        "payment",
        title="Wpłata",
        operation_date=datetime.date(2026, 2, day),
        amount=Decimal(amount),
    )


def test_each_charge_says_how_it_is_paid_and_each_payment_what_it_paid(client, people, contract):
    ledger = contract.ledger
    january, february = charge(ledger, 1), charge(ledger, 2)
    first = pay(ledger, 15, "700.00")
    allocate_ledger(ledger)
    html = page(client, people.tenant, reverse("portal:kartoteka", args=[ledger.pk]) + "?rok=2026")
    assert "(paid)" in text(row(html, f"entry-{january.pk}"))
    assert f"Paid: 500,00{NBSP}zł." in text(row(html, f"entry-{january.pk}"))
    feb = text(row(html, f"entry-{february.pk}"))
    assert "(partly paid)" in feb
    assert f"Partly paid: 200,00{NBSP}zł paid, 300,00{NBSP}zł still to pay." in feb
    assert "Payment 15.02.2026: Wpłata" in feb
    paid = text(row(html, f"entry-{first.pk}"))
    assert "This payment paid:" in paid
    assert f"Charge 01.01.2026: Opłaty za 01/2026 — 500,00{NBSP}zł" in paid
    assert f"Charge 01.02.2026: Opłaty za 02/2026 — 200,00{NBSP}zł" in paid

    second = pay(ledger, 20, "400.00")
    allocate_ledger(ledger)
    html = page(client, people.tenant, reverse("portal:entry", args=[ledger.pk, second.pk]))
    assert f"Charge 01.02.2026: Opłaty za 02/2026 — 300,00{NBSP}zł" in text(html)
    assert f"100,00{NBSP}zł of it is left as an overpayment for the next charges." in text(html)


def test_an_unpaid_charge_says_so(client, people, contract):
    january = charge(contract.ledger, 1)
    html = page(
        client, people.tenant, reverse("portal:kartoteka", args=[contract.ledger.pk]) + "?rok=2026"
    )
    assert "(unpaid)" in text(row(html, f"entry-{january.pk}"))
    assert f"Unpaid: 500,00{NBSP}zł to pay." in text(row(html, f"entry-{january.pk}"))
