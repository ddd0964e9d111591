"""The journal (dziennik): the entries booked in a period as balanced
double-entry documents (dekrety) for the general ledger.

One entry is one document, dated its booking date. Its lines, per account:

- the receivables account of the entry's ledger takes what the entry does to
  the tenant's balance, the other way round (a charge of 100,00 is Wn 100,00
  on the receivables, a payment of 50,00 is Ma 50,00);
- the counter-side: a charge's, interest's or settlement's lines by component
  go to the component's revenue account (net of VAT; a settlement to the
  component's settlement account when it has one) and their VAT to the output
  VAT account of the rate; a payment goes to the bank account of the
  collection account its statement came to; an opening balance to the
  opening balances' counter-account; interest without components to the
  interest account.

Amounts are never negative: the side follows the sign. A correction goes to
the same accounts as the entry it corrects and, since its amounts have the
opposite sign, comes out reversed, on the other sides (storno czarne). Lines
of one document on the same account are added up; an account whose lines
add up to nothing is left out, and so is a document with nothing left (a
utility settlement that came out even is booked with no lines and 0,00).

A part of an entry with no account in the mapping refuses the whole export,
naming every such part: the journal never has a gap."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from iok.accounting.mapping import Mapping
from iok.ledger.models import Entry, EntryLine
from iok.ledger.money import ZERO

Kind = Entry.Kind
PREFIX = {
    Kind.CHARGE: "NAL",
    Kind.CORRECTION: "KOR",
    Kind.PAYMENT: "WPL",
    Kind.REVERSAL: "STO",  # storno: the bank took a payment back
    Kind.INTEREST: "ODS",
    Kind.SETTLEMENT: "ROZ",
    Kind.OPENING: "BO",
    Kind.ALLOWANCE: "DOD",
    Kind.REFUND: "ZWR",  # zwrot nadpłaty: credit paid back through the bank
    Kind.TRANSFER: "PK",  # przeksięgowanie between a contractor's ledgers
}
# Money that came in or went out through the bank: the counter side is the
# collection account the statement was for (an allowance: its split line's
# statement; a reversal or a refund: the statement whose debit booked it).
FROM_THE_BANK = {Kind.PAYMENT, Kind.ALLOWANCE, Kind.REVERSAL, Kind.REFUND}
BY_COMPONENT = {Kind.CHARGE, Kind.INTEREST, Kind.SETTLEMENT}


@dataclass(frozen=True)
class JournalLine:
    account: str
    debit: Decimal  # Wn
    credit: Decimal  # Ma


@dataclass(frozen=True)
class Document:
    number: str
    date: datetime.date  # the entry's booking date
    operation_date: datetime.date
    ledger_id: int
    ledger: str  # the contract's number
    entry_id: int
    kind: str
    description: str
    lines: tuple[JournalLine, ...]

    @property
    def debit(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def credit(self) -> Decimal:
        return sum((line.credit for line in self.lines), ZERO)


def refuse_period(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise ValidationError(
            _("The period ends (%(end)s) before it starts (%(start)s).")
            % {"start": start.strftime("%d.%m.%Y"), "end": end.strftime("%d.%m.%Y")},
            code="period",
        )


def booked_in(start: datetime.date, end: datetime.date):
    """The entries booked from `start` to `end`, both included."""
    return Entry.objects.filter(booking_date__gte=start, booking_date__lte=end)


def journal(start: datetime.date, end: datetime.date) -> list[Document]:
    """The documents of the entries booked from `start` to `end` (inclusive),
    in booking order; refused (ValidationError) naming every part of the
    books the mapping has no account for."""
    refuse_period(start, end)
    mapping = Mapping()
    entries = (
        booked_in(start, end)
        .select_related(
            "ledger__contract",
            "corrects",
            "statement_line__statement",
            "corrects__statement_line__statement",
            "allowance_row__line__statement",
            "corrects__allowance_row__line__statement",
        )
        .prefetch_related(Prefetch("lines", EntryLine.objects.select_related("component")))
        .order_by("booking_date", "id")
    )
    documents = [_document(entry, mapping) for entry in entries]
    mapping.refuse_missing()
    return [document for document in documents if document.lines]


def _document(entry: Entry, mapping: Mapping) -> Document:
    # Debit positive, credit negative, per account, in the order first met.
    signed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    signed[mapping.receivable(entry.ledger_id)] -= entry.amount
    for account, amount in _counter_side(entry, mapping):
        signed[account] += amount
    lines = tuple(
        JournalLine(account, max(amount, ZERO), max(-amount, ZERO))
        for account, amount in signed.items()
        if amount
    )
    return Document(
        number=f"{PREFIX[entry.kind]}/{entry.booking_date.year}/{entry.pk}",
        date=entry.booking_date,
        operation_date=entry.operation_date,
        ledger_id=entry.ledger_id,
        ledger=entry.ledger.contract.number,
        entry_id=entry.pk,
        kind=entry.kind,
        description=_description(entry),
        lines=lines,
    )


def _counter_side(entry: Entry, mapping: Mapping):
    """(account, signed amount) of the other side: their sum is the entry's amount."""
    origin = entry.corrects or entry  # a correction books to the accounts of what it corrects
    if origin.kind in FROM_THE_BANK:
        yield mapping.bank(_collection_account(origin)), entry.amount
        return
    if origin.kind == Kind.TRANSFER:
        yield from _transfer_side(entry, mapping)
        return
    lines = list(entry.lines.all())
    if not (lines or entry.amount):
        return  # an entry of nothing (a settlement that came out even): no document
    if lines and origin.kind in BY_COMPONENT:
        settlement = origin.kind == Kind.SETTLEMENT
        for line in lines:
            yield mapping.revenue(line.component, settlement=settlement), line.amount - line.vat
            if line.vat:
                yield mapping.vat(line.vat_rate), line.vat
    elif origin.kind == Kind.OPENING:
        yield mapping.opening, entry.amount
    elif origin.kind == Kind.INTEREST:
        yield mapping.interest, entry.amount
    else:
        mapping.missing.add(
            _("the components of entry %(id)d (%(kind)s without lines)")
            % {"id": entry.pk, "kind": origin.get_kind_display()}
        )


def _transfer_side(entry: Entry, mapping: Mapping):
    """A transfer is one document, the first half's: its ledger's receivable
    against the other ledger's, which the second half (its `counterpart` the
    first) would only book again; so the second half's document is empty."""
    if entry.counterpart_id is not None:
        yield mapping.receivable(entry.ledger_id), entry.amount  # cancels its own side
        return
    other = entry.answered_by.get(kind=Kind.TRANSFER)
    yield mapping.receivable(other.ledger_id), entry.amount


def _collection_account(payment: Entry) -> str | None:
    line = getattr(payment, "statement_line", None)
    if line is None and (row := getattr(payment, "allowance_row", None)) is not None:
        line = row.line
    return line.statement.account if line is not None else None


def _description(entry: Entry) -> str:
    text = f"{entry.ledger.contract.number}: {entry.heading}"
    return f"{text} ({entry.document})" if entry.document else text


def as_json(documents: list[Document]) -> list[dict]:
    """The documents as JSON-able data: dates ISO, amounts decimal strings."""
    return [
        {
            "number": document.number,
            "date": document.date.isoformat(),
            "operation_date": document.operation_date.isoformat(),
            "ledger_id": document.ledger_id,
            "ledger": document.ledger,
            "entry_id": document.entry_id,
            "kind": document.kind,
            "description": document.description,
            "lines": [
                {"account": line.account, "debit": str(line.debit), "credit": str(line.credit)}
                for line in document.lines
            ],
        }
        for document in documents
    ]
