"""The office's refund and transfer pages, and the tenant's view of her
refunds on the panel, tried by the named people."""

from decimal import Decimal

import pytest
from django.urls import reverse

from iok.ledger.models import Entry
from iok.refunds.batches import write_batch
from iok.refunds.models import RefundBatch, RefundOrder
from iok.refunds.orders import order_refund
from tests.refunds.conftest import balance, pay

ANNA = "61109010140000071219812874"
ORDER = {
    "amount": "120,55",
    "account": "61 1090 1014 0000 0712 1981 2874",
    "recipient_name": "Anna Kowalska",
    "reason": "nadpłata po rozliczeniu",
}


@pytest.fixture
def credit(ledger):
    pay(ledger, "300.00")
    return ledger


def test_the_clerk_orders_a_refund_from_the_ledgers_page(client, people, credit):
    client.force_login(people.clerk)
    page = client.get(reverse("office:refund_ledger", args=[credit.pk]))
    assert page.status_code == 200 and "300,00" in page.content.decode()
    response = client.post(reverse("office:refund_order", args=[credit.pk]), ORDER)
    assert response.status_code == 302
    order = RefundOrder.objects.get()
    assert (order.amount, order.account, order.ordered_by) == (
        Decimal("120.55"),
        ANNA,
        people.clerk,
    )


def test_a_wrong_account_number_is_shown_next_to_its_field(client, people, credit):
    client.force_login(people.clerk)
    wrong = ORDER | {"account": "62 1090 1014 0000 0712 1981 2874"}
    response = client.post(reverse("office:refund_order", args=[credit.pk]), wrong)
    assert response.status_code == 200 and not RefundOrder.objects.exists()
    assert response.context["order_form"].errors["account"]


def test_a_refund_above_the_credit_is_refused_with_the_credit_left(client, people, credit):
    client.force_login(people.clerk)
    response = client.post(
        reverse("office:refund_order", args=[credit.pk]), ORDER | {"amount": "300,01"}
    )
    assert response.status_code == 200 and not RefundOrder.objects.exists()
    assert "300,00" in " ".join(response.context["order_form"].non_field_errors())


def test_the_clerk_writes_the_bank_file_and_downloads_it(client, people, credit):
    order = order_refund(credit, Decimal("10.00"), ANNA, "Anna Kowalska", "x", people.clerk)
    client.force_login(people.clerk)
    listing = client.get(reverse("office:refunds"))
    assert order.reference in listing.content.decode()
    response = client.post(
        reverse("office:refund_batch_new"), {"orders": [order.pk], "format": "elixir"}
    )
    assert response.status_code == 302
    batch = RefundBatch.objects.get()
    download = client.get(reverse("office:refund_batch_file", args=[batch.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="{batch.file_name}"'
    assert download.content.startswith(b"110,") and order.reference.encode() in download.content
    order.refresh_from_db()
    assert order.state == "sent"


def test_the_clerk_cancels_a_refund(client, people, credit):
    order = order_refund(credit, Decimal("10.00"), ANNA, "Anna Kowalska", "x", people.clerk)
    client.force_login(people.clerk)
    client.post(reverse("office:refund_cancel", args=[order.pk]))
    order.refresh_from_db()
    assert (order.state, order.cancelled_by) == ("cancelled", people.clerk)


def test_the_clerk_transfers_credit_to_the_tenants_garage(client, people, credit, garage):
    client.force_login(people.clerk)
    page = client.get(reverse("office:refund_ledger", args=[credit.pk]))
    assert list(page.context["transfer_form"].fields["target"].queryset) == [garage]
    response = client.post(
        reverse("office:transfer", args=[credit.pk]),
        {"target": garage.pk, "amount": "100", "reason": "na garaż"},
    )
    assert response.status_code == 302
    assert (balance(credit), balance(garage)) == (Decimal("200.00"), Decimal("100.00"))
    assert Entry.objects.filter(kind="transfer").count() == 2


def test_city_hall_reads_the_refunds_but_has_no_forms(client, people, credit):
    client.force_login(people.official)
    page = client.get(reverse("office:refund_ledger", args=[credit.pk])).content.decode()
    assert reverse("office:refund_order", args=[credit.pk]) not in page
    assert reverse("office:transfer", args=[credit.pk]) not in page
    assert client.get(reverse("office:refunds")).status_code == 200


def test_the_tenant_sees_her_refund_and_its_state_on_the_panel(client, people, credit):
    order = order_refund(credit, Decimal("10.00"), ANNA, "Anna Kowalska", "x", people.clerk)
    write_batch([order.pk], "pain001", people.clerk)
    client.force_login(people.tenant)
    page = client.get(reverse("portal:panel", args=[credit.pk])).content.decode()
    assert "61 1090 1014 0000 0712 1981 2874" in page
    assert "wysłany do banku" in page


def test_the_stranger_never_sees_the_tenants_refunds(client, people, credit):
    order_refund(credit, Decimal("10.00"), ANNA, "Anna Kowalska", "x", people.clerk)
    client.force_login(people.stranger)
    assert client.get(reverse("portal:panel", args=[credit.pk])).status_code == 404
