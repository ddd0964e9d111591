"""The bank files of a batch of refunds, read back field by field: the
Elixir-O text file (type 110 records) and the pain.001.001.09 XML."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from defusedxml import ElementTree as ET

from iok.refunds.batches import write_batch
from iok.refunds.models import RefundBatch
from iok.refunds.orders import cancel_refund, order_refund
from tests.refunds.conftest import pay, refused

COMPANY = "84102010260000120203456789"
ANNA = "61109010140000071219812874"
PIOTR = "27114020040000300201355387"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
DEC_1 = datetime.date(2026, 12, 1)


@pytest.fixture
def orders(ledger, garage, clerk):
    pay(ledger, "500.00")
    pay(garage, "100.00")
    return [
        order_refund(ledger, Decimal("120.55"), ANNA, "Anna Kowalska", "nadpłata", clerk),
        order_refund(garage, Decimal("99.00"), PIOTR, 'Piotr "Kowalski" | Łódź', "nadpłata", clerk),
    ]


def records(batch) -> list[list[str]]:
    text = bytes(batch.content).decode("cp1250")
    assert text.endswith("\r\n") and text.count("\r\n") == len(text.splitlines())
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_elixir_file_has_one_type_110_record_per_refund_with_every_field(orders, clerk, ledger):
    batch = write_batch([o.pk for o in orders], "elixir", clerk, on=DEC_1)
    first, second = records(batch)
    anna = orders[0]
    assert first == [
        "110",
        "20261201",
        "12055",
        COMPANY[2:10],
        "0",
        COMPANY,
        ANNA,
        "Zakład Gospodarki Mieszkaniowej|(demo)",
        "Anna Kowalska",
        "0",
        ANNA[2:10],
        f"{anna.reference} ZWROT NADPLATY|{ledger.contract.number}",
        "",
        "",
        "51",
        anna.reference,
    ]
    assert len(second) == 16 and second[2] == "9900" and second[10] == "11402004"
    assert second[8] == "Piotr 'Kowalski' / Łódź"  # no quote, no line separator inside


def test_a_long_title_is_cut_into_lines_of_35_characters(ledger, clerk):
    from iok.refunds.elixir import lines_of

    assert lines_of("x" * 200) == "|".join(["x" * 35] * 4)


def test_the_pain001_file_is_namespaced_and_names_every_transfer(orders, clerk):
    batch = write_batch([o.pk for o in orders], "pain001", clerk, on=DEC_1)
    assert bytes(batch.content).startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(bytes(batch.content))
    assert root.tag == "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.09}Document"
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header.findtext("p:MsgId", namespaces=NS) == f"IOK-ZW-{batch.pk}"
    assert header.findtext("p:NbOfTxs", namespaces=NS) == "2"
    assert header.findtext("p:CtrlSum", namespaces=NS) == "219.55"
    assert header.findtext("p:InitgPty/p:Nm", namespaces=NS).startswith("Zakład")
    payment = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    expect = {
        "p:PmtMtd": "TRF",
        "p:NbOfTxs": "2",
        "p:CtrlSum": "219.55",
        "p:ReqdExctnDt/p:Dt": "2026-12-01",
        "p:DbtrAcct/p:Id/p:IBAN": f"PL{COMPANY}",
        "p:DbtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId": COMPANY[2:10],
    }
    assert {path: payment.findtext(path, namespaces=NS) for path in expect} == expect
    first, second = payment.findall("p:CdtTrfTxInf", NS)
    amount = first.find("p:Amt/p:InstdAmt", NS)
    assert (amount.text, amount.get("Ccy")) == ("120.55", "PLN")
    assert first.findtext("p:PmtId/p:EndToEndId", namespaces=NS) == orders[0].reference
    assert first.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) == f"PL{ANNA}"
    assert (
        first.findtext("p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId", namespaces=NS)
        == (ANNA[2:10])
    )
    assert first.findtext("p:Cdtr/p:Nm", namespaces=NS) == "Anna Kowalska"
    assert first.findtext("p:RmtInf/p:Ustrd", namespaces=NS) == orders[0].title
    assert second.findtext("p:Cdtr/p:Nm", namespaces=NS) == 'Piotr "Kowalski" | Łódź'


def test_writing_a_batch_marks_its_orders_sent_and_keeps_the_file(orders, clerk):
    batch = write_batch([o.pk for o in orders], "elixir", clerk, on=DEC_1)
    assert (batch.count, batch.total, batch.created_by) == (2, Decimal("219.55"), clerk)
    assert batch.file_name == f"zwroty-20261201-{batch.pk}.pli"
    assert {o.state for o in batch.orders.all()} == {"sent"}
    assert RefundBatch.objects.get().file_name == batch.file_name


def test_a_sent_or_cancelled_order_cannot_go_into_another_file(orders, clerk):
    write_batch([orders[0].pk], "elixir", clerk)
    cancel_refund(orders[1], clerk)
    for order in orders:
        with refused("not_ordered"):
            write_batch([order.pk], "pain001", clerk)


def test_an_order_whose_credit_was_used_since_cannot_be_sent(orders, clerk, ledger):
    pay(ledger, "-400.00")  # a charge used the credit: 100 left, 120,55 ordered
    with refused("uncovered"):
        write_batch([o.pk for o in orders], "elixir", clerk)
    assert {o.state for o in type(orders[0]).objects.all()} == {"ordered"}
