"""camt.053 (ISO 20022 bank-to-customer statement), versions 02 and 08.

The file is read as a stream, with defusedxml's parser and no DTD allowed at
all: a statement never needs one, and refusing it shuts out entity bombs and
external entities. Each entry (`Ntry`) is read into lines as soon as it has
been parsed and then dropped from the tree, so memory does not grow with the
file; the statement's header (account, balances, date) is read when its
first entry ends, so it must come before the entries, as the standard lays
it out. Namespaces are dropped after the check that the document is a
camt.053, so the same paths read every version; where v02 and v08 differ
(`Dbtr/Nm` against `Dbtr/Pty/Nm`, `AmtDtls/TxAmt/Amt` against `TxDtls/Amt`,
`Sts` against `Sts/Cd`) both are tried.

One `Ntry` may hold a batch of `TxDtls`: each becomes its own line, and their
amounts must add up to the entry's."""

import datetime
import io
import re
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from decimal import Decimal
from typing import BinaryIO
from xml.etree.ElementTree import _escape_attrib, _escape_cdata
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

from iok.ledger.nrb import NRB_IN_TEXT, compact, is_valid
from iok.payments.staged import StagedLine, StagedStatement, StatementError

AMOUNT = re.compile(r"\d{1,18}(\.\d{1,5})?")
NOT_BOOKED = {"PDNG", "INFO", "FUTR"}
CHUNK = 65536
MAX_DEPTH = 100  # camt.053 nests about 12 deep; deeper is not a statement
# What the header is read from: after the first entry it would be read too late.
HEADER = {"Id", "ElctrncSeqNb", "LglSeqNb", "CreDtTm", "FrToDt", "Acct", "Bal"}


def parse_camt053(data: bytes, source: str = "") -> list[StagedStatement]:
    """Every statement of the file with all its lines, read at once."""
    statements = []
    for statement in stream_camt053(io.BytesIO(data), source):
        statement.lines = list(statement.lines)
        statement.counted = None  # the list is there to count
        statements.append(statement)
    return statements


def stream_camt053(file: BinaryIO, source: str = "") -> Iterator[StagedStatement]:
    """The file's statements one after the other, each with its `lines` an
    iterator that parses them from the file as they are asked for: memory
    does not grow with the file. Take each statement's lines before the next
    statement. A check that fails raises where the parse reaches it."""
    items = _Stream(file, source).items()
    for kind, statement in items:
        if kind != "statement":
            continue  # lines the caller left unread, up to the next statement
        statement.lines = _lines(items)
        yield statement
        for _line in statement.lines:
            pass


def _lines(items) -> Iterator[StagedLine]:
    for kind, value in items:
        if kind == "end":
            return
        yield value


class _Stream:
    """Parses the file a chunk at a time. Expat calls `_start` and `_end`
    for every element; they build the tree (C TreeBuilder), note each
    element's line, and turn each finished entry into lines, queued for
    `items()` to hand out after the chunk."""

    def __init__(self, file: BinaryIO, source: str):
        self.file = file
        self.source = source or "camt.053"
        self.builder = ET.TreeBuilder()
        self.parser = DefusedXMLParser(target=self.builder, forbid_dtd=True)
        self.expat = self.parser.parser
        # defusedxml's handlers (DTD, entities, external references) stay as it set them.
        self.expat.StartElementHandler = self._start
        self.expat.EndElementHandler = self._end
        self.expat.ordered_attributes = False  # attributes as a dict, as TreeBuilder takes them
        self.names: dict[str, str] = {}  # expat's "namespace}name" to the name alone
        self.queue: deque = deque()
        self.tags: list[str] = []  # the open elements' names, root first
        self.group: ET.Element | None = None  # the BkToCstmrStmt being read
        self.root: ET.Element | None = None
        self.root_name = ""  # with its namespace, as the refusals name it
        self.root_line = 0
        self.has_child = False
        self.header_lines: dict[ET.Element, int] = {}
        self.lines = self.header_lines  # where the next element's line goes
        self.entry_lines: dict[ET.Element, int] = {}
        self.pending: tuple[ET.Element, dict] | None = None  # an entry waiting for its tail
        self.statement: StagedStatement | None = None
        self.stmt: ET.Element | None = None
        self.after_entries = False
        self.statements = 0
        self.count = 0

    def items(self) -> Iterator[tuple[str, object]]:
        try:
            while chunk := self.file.read(CHUNK):
                self.expat.Parse(chunk, False)
                yield from self._queued()
            self.expat.Parse(b"", True)
        except ExpatError as e:
            raise StatementError(
                _("not well-formed XML (%(error)s)") % {"error": e}, self.where_line(e.lineno)
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
        yield from self._queued()
        if not self.statements:
            raise self.error(
                _("no <Stmt> in the statement: the file is empty or cut short"), self.root
            )

    def _queued(self):
        queue = self.queue
        while queue:
            yield queue.popleft()

    # Expat's handlers: called for every element, so kept short.

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        tag = self.names.get(name)
        if tag is None:
            tag = name.rpartition("}")[2]
            if len(self.names) < 1000:  # a statement has a few hundred names; keep it bounded
                self.names[name] = tag
        if attrs and any("}" in key for key in attrs):
            attrs = {("{" + key if "}" in key else key): value for key, value in attrs.items()}
        el = self.builder.start(tag, attrs)
        if self.pending is not None:
            self._entry(*self.pending)
        tags = self.tags
        tags.append(tag)
        depth = len(tags)
        if depth <= 4:
            self._structure(el, name, depth)
        elif depth > MAX_DEPTH:
            raise StatementError(
                _("elements nested more than %(depth)d deep: not a bank statement")
                % {"depth": MAX_DEPTH},
                self.where_line(self.expat.CurrentLineNumber),
            )
        self.lines[el] = self.expat.CurrentLineNumber

    def _end(self, name: str) -> None:
        el = self.builder.end(name)
        if self.pending is not None:
            self._entry(*self.pending)
        tags = self.tags
        if len(tags) <= 4:
            self._ended(el, len(tags))
        tags.pop()

    def _structure(self, el: ET.Element, name: str, depth: int) -> None:
        """An element starts near the root: check the document, open a statement or entry."""
        tags = self.tags
        if depth == 1:
            self.root = el
            _check_root(self, el, name)
        elif depth == 2:
            if not self.has_child and tags[1] != "BkToCstmrStmt":
                raise self.error(
                    _("not a bank statement: expected <Document><BkToCstmrStmt>"),
                    self.root,
                    self.root_name,
                )
            self.has_child = True
            self.group = el
        elif tags[1] != "BkToCstmrStmt":
            return
        elif depth == 3 and tags[2] == "Stmt":
            self.stmt, self.statement, self.after_entries = el, None, False
            self.header_lines = self.lines = {}
        elif depth == 3:
            return
        elif tags[2] == "Stmt" and tags[3] == "Ntry":
            self.entry_lines = self.lines = {}
        elif tags[2] == "Stmt" and self.after_entries and tags[3] in HEADER:
            raise self.error(
                _("<%(element)s> after the entries: a statement's header comes before its Ntry")
                % {"element": tags[3]},
                el,
            )

    def _ended(self, el: ET.Element, depth: int) -> None:
        tags = self.tags
        if depth == 1:
            if not self.has_child:
                raise self.error(
                    _("not a bank statement: expected <Document><BkToCstmrStmt>"),
                    el,
                    self.root_name,
                )
            return
        if depth == 2 or tags[1] != "BkToCstmrStmt":
            if depth == 2:
                self.root.remove(el)  # done with: a group header, a finished BkToCstmrStmt
            return
        if depth == 3 and tags[2] == "Stmt":
            if self.statement is None:
                self._header()
            self.queue.append(("end", self.statement))
            self.group.remove(el)
            self.stmt, self.statement = None, None
            self.header_lines = self.lines = {}
        elif depth == 4 and tags[2] == "Stmt" and tags[3] == "Ntry":
            if self.statement is None:
                self._header()
            self.after_entries = True
            self.pending = (el, self.entry_lines)  # read once its tail is in
            self.lines = self.header_lines

    def _header(self) -> None:
        self.statement = _statement(self, self.stmt)
        self.statement.counted = Decimal(0)  # the lines' movement, as they are read
        self.statements += 1
        self.count = 0
        self.queue.append(("statement", self.statement))

    def _entry(self, ntry: ET.Element, lines: dict) -> None:
        self.pending = None
        self.entry_lines = lines
        status = _text(ntry, "Sts/Cd") or _text(ntry, "Sts")
        if status not in NOT_BOOKED:
            for line in _entry_lines(self, ntry, self.count):
                self.queue.append(("line", line))
                self.count += 1
                self.statement.counted += line.amount if line.credit else -line.amount
        self.stmt.remove(ntry)

    # Where a problem is, for the messages.

    def where_line(self, line: int) -> str:
        return _("%(source)s, line %(line)d") % {"source": self.source, "line": line}

    def line_of(self, el: ET.Element) -> int:
        if el is self.root:
            return self.root_line
        line = self.entry_lines.get(el)
        return self.header_lines.get(el, 0) if line is None else line

    def where(self, el: ET.Element, path: str = "") -> str:
        name = path or el.tag
        where = self.where_line(self.line_of(el))
        return _("%(where)s, <%(element)s>") % {"where": where, "element": name}

    def error(self, message: str, el: ET.Element, path: str = "") -> StatementError:
        return StatementError(message, self.where(el, path))


def _check_root(doc: _Stream, root: ET.Element, name: str) -> None:
    namespace, _sep, local = name.rpartition("}")
    doc.root_name = "{" + name if namespace else name
    doc.root_line = doc.expat.CurrentLineNumber
    kind = re.search(r"camt\.\d{3}", namespace)
    if kind and kind.group() != "camt.053":
        raise doc.error(
            _("a %(kind)s document, not a camt.053 statement") % {"kind": kind.group()},
            root,
            doc.root_name,
        )
    if local != "Document":
        raise doc.error(
            _("not a bank statement: expected <Document><BkToCstmrStmt>"), root, doc.root_name
        )


def _statement(doc: _Stream, stmt: ET.Element) -> StagedStatement:
    account = _account(stmt.find("Acct"))
    if not account:
        raise doc.error(_("the statement names no account (Acct/Id)"), stmt, "Stmt")
    currency = _currency(stmt)
    opening = _balance(doc, stmt, ("OPBD", "PRCD"), currency)
    closing = _balance(doc, stmt, ("CLBD",), currency)
    statement = StagedStatement(
        account=account,
        number=_text(stmt, "ElctrncSeqNb") or _text(stmt, "LglSeqNb") or _text(stmt, "Id"),
        currency=currency,
        date=_statement_date(doc, stmt),
        opening_balance=opening,
        closing_balance=closing,
        format="camt053",
        source=doc.source,
    )
    return statement


def _text(el: ET.Element | None, path: str) -> str:
    if el is None:
        return ""
    found = _find(el, path)
    return (found.text or "").strip() if found is not None else ""


def _findall(el: ET.Element, path: str) -> list[ET.Element]:
    """`el.findall(path)` for a path of child names ("a/b/c"), in the same
    order, through the C lookups of single names (ElementPath's are Python)."""
    found = [el]
    for name in path.split("/"):
        found = [child for parent in found for child in parent.findall(name)]
    return found


def _find(el: ET.Element, path: str) -> ET.Element | None:
    """`el.find(path)`, as `_findall` reads it: the first match."""
    if "/" not in path:
        return el.find(path)
    *parents, name = path.split("/")
    found = [el]
    for parent_name in parents:
        found = [child for parent in found for child in parent.findall(parent_name)]
    for parent in found:
        if (child := parent.find(name)) is not None:
            return child
    return None


def _account(acct: ET.Element | None) -> str:
    number = _text(acct, "Id/IBAN") or _text(acct, "Id/Othr/Id")
    return compact(number)


def _amount(doc: _Stream, el: ET.Element, currency: str = "") -> Decimal:
    """The amount of `el`, which must be in the statement's `currency` when
    one is given: an entry in euro on a złoty statement is not złoty."""
    text = (el.text or "").strip()
    if not AMOUNT.fullmatch(text):
        raise doc.error(_("not an amount: %(text)r") % {"text": text}, el)
    found = el.get("Ccy", "").strip()
    if currency and found and found != currency:
        raise doc.error(
            _("an amount in %(currency)s in a %(statement_currency)s statement")
            % {"currency": found, "statement_currency": currency},
            el,
        )
    return Decimal(text)


def _credit(doc: _Stream, owner: ET.Element, default: bool | None = None) -> bool:
    indicator = owner.find("CdtDbtInd")
    if indicator is None and default is not None:
        return default
    text = _text(owner, "CdtDbtInd")
    if text not in ("CRDT", "DBIT"):
        raise doc.error(_("CdtDbtInd must be CRDT or DBIT, got %(text)r") % {"text": text}, owner)
    return text == "CRDT"


def _date(doc: _Stream, el: ET.Element | None) -> datetime.date | None:
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


def _balance(
    doc: _Stream, stmt: ET.Element, codes: tuple[str, ...], currency: str
) -> Decimal | None:
    for code in codes:
        for bal in stmt.findall("Bal"):
            if _text(bal, "Tp/CdOrPrtry/Cd") == code:
                amt = bal.find("Amt")
                if amt is None:
                    raise doc.error(_("the %(code)s balance has no amount") % {"code": code}, bal)
                value = _amount(doc, amt, currency)
                return value if _credit(doc, bal) else -value
    return None


def _currency(stmt: ET.Element) -> str:
    if ccy := _text(stmt, "Acct/Ccy"):
        return ccy
    for amt in (_find(stmt, "Bal/Amt"), _find(stmt, "Ntry/Amt")):
        if amt is not None:
            return amt.get("Ccy", "")
    return ""


def _statement_date(doc: _Stream, stmt: ET.Element) -> datetime.date:
    for bal in stmt.findall("Bal"):
        if _text(bal, "Tp/CdOrPrtry/Cd") == "CLBD" and bal.find("Dt") is not None:
            return _date(doc, bal.find("Dt"))
    for path in ("FrToDt/ToDtTm", "CreDtTm"):
        if (found := _find(stmt, path)) is not None:
            return _date(doc, found)
    raise doc.error(_("the statement has no date (CLBD, FrToDt or CreDtTm)"), stmt, "Stmt")


def _bank_code(el: ET.Element) -> str:
    domain = _find(el, "BkTxCd/Domn")
    if domain is not None:
        parts = (_text(domain, "Cd"), _text(domain, "Fmly/Cd"), _text(domain, "Fmly/SubFmlyCd"))
        return "/".join(p for p in parts if p)
    return _text(el, "BkTxCd/Prtry/Cd")


def _entry_lines(doc: _Stream, ntry: ET.Element, before: int) -> list[StagedLine]:
    amt = ntry.find("Amt")
    if amt is None:
        raise doc.error(_("the entry has no amount"), ntry)
    amount, credit = _amount(doc, amt, doc.statement.currency), _credit(doc, ntry)
    booking = _date(doc, ntry.find("BookgDt"))
    if booking is None:
        raise doc.error(_("the entry has no booking date (BookgDt)"), ntry)
    entry = {
        "booking_date": booking,
        "value_date": _date(doc, ntry.find("ValDt")) or booking,
        "amount": amount,
        "credit": credit,
        # A reversal of a credit is a DBIT entry, of a debit a CRDT one.
        "reversal": _text(ntry, "RvslInd").lower() in ("true", "1"),
        "bank_reference": _text(ntry, "AcctSvcrRef"),
        "transaction_code": _bank_code(ntry),
        "title": _text(ntry, "AddtlNtryInf"),
    }
    details = _findall(ntry, "NtryDtls/TxDtls")
    if not details:
        xml = _xml(ntry)
        return [StagedLine(**entry, line_number=doc.line_of(ntry), raw=xml)]
    lines = [_tx_line(doc, tx, entry, batch=len(details) > 1) for tx in details]
    signed = sum((line.amount if line.credit else -line.amount for line in lines), Decimal(0))
    if signed != (amount if credit else -amount):
        raise doc.error(
            _("the transactions add up to %(sum)s, the entry says %(amount)s")
            % {"sum": signed, "amount": amount if credit else -amount},
            ntry,
        )
    return lines


def _tx_line(doc: _Stream, tx: ET.Element, entry: dict, batch: bool) -> StagedLine:
    amt = tx.find("Amt")
    if amt is None:
        amt = _find(tx, "AmtDtls/TxAmt/Amt")
    if amt is None and batch:
        raise doc.error(_("a transaction in a batch entry has no amount"), tx)
    credit = _credit(doc, tx, default=entry["credit"])
    ours, theirs = ("Cdtr", "Dbtr") if credit else ("Dbtr", "Cdtr")
    title = " ".join(
        (u.text or "").strip() for u in _findall(tx, "RmtInf/Ustrd") if (u.text or "").strip()
    )
    title = title or _text(tx, "AddtlTxInf") or entry["title"]
    virtual = _account(_find(tx, f"RltdPties/{ours}Acct")) if credit else ""
    return StagedLine(
        booking_date=entry["booking_date"],
        value_date=entry["value_date"],
        amount=entry["amount"] if amt is None else _amount(doc, amt, doc.statement.currency),
        credit=credit,
        reversal=entry["reversal"],
        counterparty_name=_party_name(tx, theirs),
        counterparty_address=_party_address(tx, theirs),
        counterparty_account=_account(_find(tx, f"RltdPties/{theirs}Acct")),
        ultimate_debtor=_party_name(tx, "UltmtDbtr") if credit else "",
        title=title,
        # In a batch the entry's reference is shared by all its lines: not unique.
        bank_reference=_text(tx, "Refs/AcctSvcrRef") or ("" if batch else entry["bank_reference"]),
        virtual_account=virtual or (nrb_in_title(title) if credit else ""),
        transaction_code=_bank_code(tx) or entry["transaction_code"],
        line_number=doc.line_of(tx),
        raw=_xml(tx).strip(),
    )


def _xml(el: ET.Element) -> str:
    """`ET.tostring(el, encoding="unicode")`, tail included, written directly
    for the plain elements a statement holds (names without namespaces, the
    parser drops them); an attribute with a namespace goes to ET.tostring."""
    out: list[str] = []
    try:
        _write(el, out)
    except _Namespaced:
        return ET.tostring(el, encoding="unicode")
    return "".join(out)


class _Namespaced(Exception):
    pass


def _write(el: ET.Element, out: list[str]) -> None:
    tag = el.tag
    out.append("<" + tag)
    for key, value in el.items():
        if key[:1] == "{":
            raise _Namespaced
        out.append(f' {key}="{_escape_attrib(value)}"')
    if el.text or len(el):
        out.append(">")
        if el.text:
            out.append(_escape_cdata(el.text))
        for child in el:
            _write(child, out)
        out.append("</" + tag + ">")
    else:
        out.append(" />")
    if el.tail:
        out.append(_escape_cdata(el.tail))


def _party(tx: ET.Element, role: str) -> ET.Element | None:
    party = _find(tx, f"RltdPties/{role}/Pty")  # v08 wraps the party
    return party if party is not None else _find(tx, f"RltdPties/{role}")


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
