"""ISO 20022 pain.001.001.09 (CustomerCreditTransferInitiation): the XML
payment order file for banks that take XML instead of Elixir-O. One payment
information block (one debtor account, one execution date) holding every
transfer; Polish domestic accounts as IBAN (PL + NRB), each bank named by its
settlement number (ClrSysMmbId), the refund's reference as the end-to-end
id, which the statement's debit line carries back.

Written with the standard library's ElementTree: the values are text nodes,
escaped by the serializer, so no input can make the file malformed."""

import datetime
import xml.etree.ElementTree as ET  # writing only: nothing here parses XML

from iok.ledger.money import ZERO
from iok.refunds.elixir import Transfer, settlement_number

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
NAME_LENGTH, TITLE_LENGTH, ID_LENGTH = 140, 140, 35


def _add(parent, tag: str, value: str | None = None, **attributes):
    child = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)
    if value is not None:
        child.text = value
    return child


def _path(parent, *tags: str, value: str):
    """Nested elements, the innermost holding `value`."""
    for tag in tags[:-1]:
        parent = _add(parent, tag)
    return _add(parent, tags[-1], value)


def _agent(parent, tag: str, nrb: str) -> None:
    _path(parent, tag, "FinInstnId", "ClrSysMmbId", "MmbId", value=settlement_number(nrb))


def _amount(value) -> str:
    return f"{value:.2f}"


def write(
    transfers: list[Transfer],
    *,
    message_id: str,
    payer_name: str,
    payer_account: str,
    on: datetime.date,
    created: datetime.datetime,
) -> bytes:
    """The pain.001 document, UTF-8 with its XML declaration."""
    ET.register_namespace("", NAMESPACE)
    total = sum((t.amount for t in transfers), ZERO)
    document = ET.Element(f"{{{NAMESPACE}}}Document")
    initiation = _add(document, "CstmrCdtTrfInitn")
    header = _add(initiation, "GrpHdr")
    _add(header, "MsgId", message_id[:ID_LENGTH])
    _add(header, "CreDtTm", created.replace(microsecond=0).isoformat())
    _add(header, "NbOfTxs", str(len(transfers)))
    _add(header, "CtrlSum", _amount(total))
    _path(header, "InitgPty", "Nm", value=payer_name[:NAME_LENGTH])
    payment = _add(initiation, "PmtInf")
    _add(payment, "PmtInfId", message_id[:ID_LENGTH])
    _add(payment, "PmtMtd", "TRF")
    _add(payment, "NbOfTxs", str(len(transfers)))
    _add(payment, "CtrlSum", _amount(total))
    _path(payment, "ReqdExctnDt", "Dt", value=on.isoformat())
    _path(payment, "Dbtr", "Nm", value=payer_name[:NAME_LENGTH])
    _path(payment, "DbtrAcct", "Id", "IBAN", value=f"PL{payer_account}")
    _agent(payment, "DbtrAgt", payer_account)
    for transfer in transfers:
        _transaction(payment, transfer)
    ET.indent(document)
    return ET.tostring(document, encoding="utf-8", xml_declaration=True)


def _transaction(payment, transfer: Transfer) -> None:
    item = _add(payment, "CdtTrfTxInf")
    ids = _add(item, "PmtId")
    _add(ids, "InstrId", transfer.reference[:ID_LENGTH])
    _add(ids, "EndToEndId", transfer.reference[:ID_LENGTH])
    _path(item, "Amt", "InstdAmt", value=_amount(transfer.amount)).set("Ccy", "PLN")
    _agent(item, "CdtrAgt", transfer.account)
    _path(item, "Cdtr", "Nm", value=transfer.name[:NAME_LENGTH])
    _path(item, "CdtrAcct", "Id", "IBAN", value=f"PL{transfer.account}")
    _path(item, "RmtInf", "Ustrd", value=transfer.title[:TITLE_LENGTH])
