"""Sums per account of the journal against the ledger's own totals.

The ledger's side is computed apart from the journal, by the database: the
entries' amounts per ledger (the receivables), their lines' net and VAT per
component and rate (revenue and output VAT), the payments per collection
account (the bank), the opening balances and the interest without
components, each for the entries booked in the period and put on the
accounts the mapping gives. Each account's balance (Wn − Ma) in the journal
must equal the ledger's, to the grosz; the receivables together must move by
what the entries moved the tenants' balances, the other way round."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce

from iok.accounting.journal import FROM_THE_BANK, Document, booked_in, journal
from iok.accounting.mapping import Mapping
from iok.ledger.models import Component, Entry, EntryLine
from iok.ledger.money import ZERO

Kind = Entry.Kind


@dataclass(frozen=True)
class AccountTotal:
    account: str
    debit: Decimal  # Wn in the journal
    credit: Decimal  # Ma in the journal
    expected: Decimal  # Wn − Ma from the ledger's totals

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit

    @property
    def agrees(self) -> bool:
        return self.balance == self.expected


@dataclass(frozen=True)
class Reconciliation:
    start: datetime.date
    end: datetime.date
    documents: int
    accounts: list[AccountTotal]
    entries_total: Decimal  # what the period's entries did to the tenants' balances
    receivables_balance: Decimal  # Wn − Ma of every receivables account in the journal

    @property
    def debit(self) -> Decimal:
        return sum((row.debit for row in self.accounts), ZERO)

    @property
    def credit(self) -> Decimal:
        return sum((row.credit for row in self.accounts), ZERO)

    @property
    def differing(self) -> list[AccountTotal]:
        return [row for row in self.accounts if not row.agrees]

    @property
    def agrees(self) -> bool:
        return (
            not self.differing
            and self.debit == self.credit
            and self.receivables_balance == -self.entries_total
        )


def reconcile(
    start: datetime.date, end: datetime.date, documents: list[Document] | None = None
) -> Reconciliation:
    """The journal of the period (or `documents`) per account, against the
    ledger's totals. Refused like `journal` when the mapping has a gap."""
    if documents is None:
        documents = journal(start, end)
    mapping = Mapping()
    expected = ledger_totals(start, end, mapping)
    mapping.refuse_missing()
    debit, credit = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for document in documents:
        for line in document.lines:
            debit[line.account] += line.debit
            credit[line.account] += line.credit
    accounts = sorted(set(debit) | set(credit) | {a for a, v in expected.items() if v})
    rows = [AccountTotal(a, debit[a], credit[a], expected.get(a, ZERO)) for a in accounts]
    entries_total = booked_in(start, end).aggregate(total=Sum("amount"))["total"] or ZERO
    return Reconciliation(
        start=start,
        end=end,
        documents=len(documents),
        accounts=rows,
        entries_total=entries_total,
        receivables_balance=sum(
            (row.balance for row in rows if mapping.is_receivable(row.account)), ZERO
        ),
    )


def ledger_totals(start, end, mapping: Mapping) -> dict[str, Decimal]:
    """Wn − Ma per account from the ledger's totals of the period, in a fixed
    number of queries."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    entries = booked_in(start, end)
    for ledger_id, amount in entries.values_list("ledger").annotate(Sum("amount")):
        totals[mapping.receivable(ledger_id)] -= amount
    origin_kind = Coalesce("corrects__kind", "kind")
    entries = entries.annotate(origin=origin_kind)
    payments = entries.filter(origin__in=FROM_THE_BANK).annotate(
        account=Coalesce(
            "corrects__statement_line__statement__account",
            "corrects__allowance_row__line__statement__account",
            "statement_line__statement__account",
            "allowance_row__line__statement__account",
        )
    )
    for account, amount in payments.values_list("account").annotate(Sum("amount")).order_by():
        totals[mapping.bank(account)] += amount
    no_lines = entries.filter(lines__isnull=True).exclude(origin__in=FROM_THE_BANK)
    for origin, amount in no_lines.values_list("origin").annotate(Sum("amount")).order_by():
        if origin == Kind.OPENING:
            totals[mapping.opening] += amount
        elif origin == Kind.INTEREST:
            totals[mapping.interest] += amount
    _add_lines(totals, start, end, mapping)
    return totals


def _add_lines(totals, start, end, mapping: Mapping) -> None:
    lines = (
        EntryLine.objects.filter(entry__booking_date__gte=start, entry__booking_date__lte=end)
        .annotate(origin=Coalesce("entry__corrects__kind", "entry__kind"))
        .filter(origin__in=[Kind.CHARGE, Kind.INTEREST, Kind.SETTLEMENT])
        .values_list("component", "vat_rate", "origin")
        .annotate(amount=Sum("amount"), vat=Sum("vat"))
        .order_by()
    )
    rows = list(lines)
    components = Component.objects.in_bulk({row[0] for row in rows})
    for component_id, rate, origin, amount, vat in rows:
        settlement = origin == Kind.SETTLEMENT
        totals[mapping.revenue(components[component_id], settlement=settlement)] += amount - vat
        if vat:
            totals[mapping.vat(rate)] += vat
