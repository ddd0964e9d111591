"""The camt.053 parser as it was before it streamed: the whole document
parsed into one tree, then read. Kept only for the tests, which check that
the streaming parser (iok/payments/parsers/camt.py) gives the same lines,
line numbers, raw XML and refusals for the same files."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

from iok.ledger.nrb import NRB_IN_TEXT, compact, is_valid
from iok.payments.staged import StagedLine, StagedStatement, StatementError

AMOUNT = re.compile(r"\d{1,18}(\.\d{1,5})?")
NOT_BOOKED = {"PDNG", "INFO", "FUTR"}


class _Doc:
    """A parsed document that remembers the source line of every element."""

    def __init__(self, data: bytes, source: str):
        self.source = source or "camt.053"
        self.lines: dict[ET.Element, int] = {}
        builder = _LineRecordingBuilder(self.lines)
        parser = DefusedXMLParser(target=builder, forbid_dtd=True)
        builder.expat = parser.parser
        try:
            parser.feed(data)
            self.root = parser.close()
        except ET.ParseError as e:
            raise StatementError(
                _("not well-formed XML (%(error)s)") % {"error": e}, self.where_line(e.position[0])
            ) from e
        except DefusedXmlException as e:
            raise StatementError(
                _(
                    "refused: the file carries a DTD or entities, which no statement needs "
                    "(%(error)s)"
                )
                % {"error": e},
                self.source,
            ) from e

    def where_line(self, line: int) -> str:
        return _("%(source)s, line %(line)d") % {"source": self.source, "line": line}

    def where(self, el: ET.Element, path: str = "") -> str:
        name = path or el.tag
        where = self.where_line(self.lines.get(el, 0))
        return _("%(where)s, <%(element)s>") % {"where": where, "element": name}

    def error(self, message: str, el: ET.Element, path: str = "") -> StatementError:
        return StatementError(message, self.where(el, path))


class _LineRecordingBuilder(ET.TreeBuilder):
    def __init__(self, lines):
        super().__init__()
        self.line_of = lines
        self.expat = None

    def start(self, tag, attrs):
        el = super().start(tag, attrs)
        self.line_of[el] = self.expat.CurrentLineNumber
        return el


def parse_camt053(data: bytes, source: str = "") -> list[StagedStatement]:
    doc = _Doc(data, source)
    _check_is_camt053(doc)
    for el in doc.root.iter():
        el.tag = el.tag.rpartition("}")[2]
    statements = doc.root.findall("BkToCstmrStmt/Stmt")
    if not statements:
        raise doc.error(_("no <Stmt> in the statement: the file is empty or cut short"), doc.root)
    return [_statement(doc, stmt) for stmt in statements]


def _check_is_camt053(doc: _Doc) -> None:
    namespace, _sep, name = doc.root.tag.rpartition("}")
    namespace = namespace.lstrip("{")
    kind = re.search(r"camt\.\d{3}", namespace)
    if kind and kind.group() != "camt.053":
        raise doc.error(
            _("a %(kind)s document, not a camt.053 statement") % {"kind": kind.group()}, doc.root
        )
    first = doc.root[0].tag.rpartition("}")[2] if len(doc.root) else ""
    if name != "Document" or first != "BkToCstmrStmt":
        raise doc.error(_("not a bank statement: expected <Document><BkToCstmrStmt>"), doc.root)


def _statement(doc: _Doc, stmt: ET.Element) -> StagedStatement:
    account = _account(stmt.find("Acct"))
    if not account:
        raise doc.error(_("the statement names no account (Acct/Id)"), stmt, "Stmt")
    opening = _balance(doc, stmt, ("OPBD", "PRCD"))
    closing = _balance(doc, stmt, ("CLBD",))
    statement = StagedStatement(
        account=account,
        number=_text(stmt, "ElctrncSeqNb") or _text(stmt, "LglSeqNb") or _text(stmt, "Id"),
        currency=_currency(stmt),
        date=_statement_date(doc, stmt),
        opening_balance=opening,
        closing_balance=closing,
        format="camt053",
        source=doc.source,
    )
    for ntry in stmt.findall("Ntry"):
        status = _text(ntry, "Sts/Cd") or _text(ntry, "Sts")
        if status not in NOT_BOOKED:
            statement.lines.extend(_entry_lines(doc, ntry, len(statement.lines)))
    return statement


def _text(el: ET.Element | None, path: str) -> str:
    if el is None:
        return ""
    found = el.find(path)
    return (found.text or "").strip() if found is not None else ""


def _account(acct: ET.Element | None) -> str:
    number = _text(acct, "Id/IBAN") or _text(acct, "Id/Othr/Id")
    return compact(number)


def _amount(doc: _Doc, el: ET.Element) -> Decimal:
    text = (el.text or "").strip()
    if not AMOUNT.fullmatch(text):
        raise doc.error(_("not an amount: %(text)r") % {"text": text}, el)
    return Decimal(text)


def _credit(doc: _Doc, owner: ET.Element, default: bool | None = None) -> bool:
    indicator = owner.find("CdtDbtInd")
    if indicator is None and default is not None:
        return default
    text = _text(owner, "CdtDbtInd")
    if text not in ("CRDT", "DBIT"):
        raise doc.error(_("CdtDbtInd must be CRDT or DBIT, got %(text)r") % {"text": text}, owner)
    return text == "CRDT"


def _date(doc: _Doc, el: ET.Element | None) -> datetime.date | None:
    if el is None:
        return None
    part = el.find("Dt")
    if part is None:
        part = el.find("DtTm")
    if part is None:
        part = el  # CreDtTm, ToDtTm: the element holds the value itself
    text = (part.text or "").strip()
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise doc.error(_("not a date: %(text)r") % {"text": text}, part) from None


def _balance(doc: _Doc, stmt: ET.Element, codes: tuple[str, ...]) -> Decimal | None:
    for code in codes:
        for bal in stmt.findall("Bal"):
            if _text(bal, "Tp/CdOrPrtry/Cd") == code:
                amt = bal.find("Amt")
                if amt is None:
                    raise doc.error(_("the %(code)s balance has no amount") % {"code": code}, bal)
                value = _amount(doc, amt)
                return value if _credit(doc, bal) else -value
    return None


def _currency(stmt: ET.Element) -> str:
    if ccy := _text(stmt, "Acct/Ccy"):
        return ccy
    for amt in (stmt.find("Bal/Amt"), stmt.find("Ntry/Amt")):
        if amt is not None:
            return amt.get("Ccy", "")
    return ""


def _statement_date(doc: _Doc, stmt: ET.Element) -> datetime.date:
    for bal in stmt.findall("Bal"):
        if _text(bal, "Tp/CdOrPrtry/Cd") == "CLBD" and bal.find("Dt") is not None:
            return _date(doc, bal.find("Dt"))
    for path in ("FrToDt/ToDtTm", "CreDtTm"):
        if stmt.find(path) is not None:
            return _date(doc, stmt.find(path))
    raise doc.error(_("the statement has no date (CLBD, FrToDt or CreDtTm)"), stmt, "Stmt")


def _bank_code(el: ET.Element) -> str:
    domain = el.find("BkTxCd/Domn")
    if domain is not None:
        parts = (_text(domain, "Cd"), _text(domain, "Fmly/Cd"), _text(domain, "Fmly/SubFmlyCd"))
        return "/".join(p for p in parts if p)
    return _text(el, "BkTxCd/Prtry/Cd")


def _entry_lines(doc: _Doc, ntry: ET.Element, before: int) -> list[StagedLine]:
    amt = ntry.find("Amt")
    if amt is None:
        raise doc.error(_("the entry has no amount"), ntry)
    amount, credit = _amount(doc, amt), _credit(doc, ntry)
    booking = _date(doc, ntry.find("BookgDt"))
    if booking is None:
        raise doc.error(_("the entry has no booking date (BookgDt)"), ntry)
    entry = {
        "booking_date": booking,
        "value_date": _date(doc, ntry.find("ValDt")) or booking,
        "amount": amount,
        "credit": credit,
        "bank_reference": _text(ntry, "AcctSvcrRef"),
        "transaction_code": _bank_code(ntry),
        "title": _text(ntry, "AddtlNtryInf"),
    }
    details = ntry.findall("NtryDtls/TxDtls")
    if not details:
        xml = ET.tostring(ntry, encoding="unicode")
        return [StagedLine(**entry, line_number=doc.lines.get(ntry, 0), raw=xml)]
    lines = [_tx_line(doc, tx, entry, batch=len(details) > 1) for tx in details]
    signed = sum((line.amount if line.credit else -line.amount for line in lines), Decimal(0))
    if signed != (amount if credit else -amount):
        raise doc.error(
            _("the transactions add up to %(sum)s, the entry says %(amount)s")
            % {"sum": signed, "amount": amount if credit else -amount},
            ntry,
        )
    return lines


def _tx_line(doc: _Doc, tx: ET.Element, entry: dict, batch: bool) -> StagedLine:
    amt = tx.find("Amt")
    if amt is None:
        amt = tx.find("AmtDtls/TxAmt/Amt")
    if amt is None and batch:
        raise doc.error(_("a transaction in a batch entry has no amount"), tx)
    credit = _credit(doc, tx, default=entry["credit"])
    ours, theirs = ("Cdtr", "Dbtr") if credit else ("Dbtr", "Cdtr")
    title = " ".join(
        (u.text or "").strip() for u in tx.findall("RmtInf/Ustrd") if (u.text or "").strip()
    )
    title = title or _text(tx, "AddtlTxInf") or entry["title"]
    virtual = _account(tx.find(f"RltdPties/{ours}Acct")) if credit else ""
    return StagedLine(
        booking_date=entry["booking_date"],
        value_date=entry["value_date"],
        amount=entry["amount"] if amt is None else _amount(doc, amt),
        credit=credit,
        counterparty_name=_party_name(tx, theirs),
        counterparty_address=_party_address(tx, theirs),
        counterparty_account=_account(tx.find(f"RltdPties/{theirs}Acct")),
        title=title,
        # In a batch the entry's reference is shared by all its lines: not unique.
        bank_reference=_text(tx, "Refs/AcctSvcrRef") or ("" if batch else entry["bank_reference"]),
        virtual_account=virtual or (nrb_in_title(title) if credit else ""),
        transaction_code=_bank_code(tx) or entry["transaction_code"],
        line_number=doc.lines.get(tx, 0),
        raw=ET.tostring(tx, encoding="unicode").strip(),
    )


def _party(tx: ET.Element, role: str) -> ET.Element | None:
    party = tx.find(f"RltdPties/{role}/Pty")  # v08 wraps the party
    return party if party is not None else tx.find(f"RltdPties/{role}")


def _party_name(tx: ET.Element, role: str) -> str:
    return _text(_party(tx, role), "Nm")


def _party_address(tx: ET.Element, role: str) -> str:
    address = _party(tx, role)
    address = address.find("PstlAdr") if address is not None else None
    if address is None:
        return ""
    lines = [(a.text or "").strip() for a in address.findall("AdrLine")]
    if not any(lines):
        street = " ".join(filter(None, (_text(address, "StrtNm"), _text(address, "BldgNb"))))
        town = " ".join(filter(None, (_text(address, "PstCd"), _text(address, "TwnNm"))))
        lines = [street, town]
    return ", ".join(line for line in lines if line)


def nrb_in_title(title: str) -> str:
    """The first 26-digit account number written in a title, preferring a valid one."""
    found = [compact(m.group(1)) for m in NRB_IN_TEXT.finditer(title.upper())]
    valid = [n for n in found if is_valid(n)]
    return (valid or found or [""])[0]
