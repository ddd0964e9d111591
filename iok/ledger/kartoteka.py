"""The kartoteka as a tenant reads it: the entries of a year with the running
balance after each, the same year month by month, and every year of the
ledger, each period with its totals and closing balance. What is due and
overdue is iok/ledger/standing.py.

Columns. A correction goes to the corrections column with its sign (+ lowers
what the tenant owes, - raises it), since a correction can go either way. Any
other entry that lowers the balance (a charge, interest, arrears brought
forward, a settlement to pay) goes to charges, and any that raises it (a
payment, an overpayment brought forward, a settlement refund) to payments,
both as positive numbers. A housing allowance (paid by the city for the
tenant) is always a payment. So for every period

    closing = opening - charges + corrections + payments.

Queries. `month_totals` reads the month totals the database keeps (a row a
month, migration 0010), never the entries of the history; the entries of a
year are one query with their corrected entries, plus one for their lines,
one for their corrections and one for their allocations (what paid each
charge and what each payment paid), read by `details_of`. No count, and no
row read, grows with the length of the history but the months' own."""

import datetime
import operator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, reduce
from itertools import groupby

from django.db.models import Q, Subquery, Sum

from iok.ledger.models import Allocation, Entry, EntryLine, Ledger, MonthTotal
from iok.ledger.money import ZERO

CHARGES, CORRECTIONS, PAYMENTS = "charges", "corrections", "payments"
# The year view opens this many latest years to their months in place, and
# earlier ones to their own year's page: a ledger of forty years would
# otherwise put its 480 months on one page.
YEARS_WITH_MONTHS = 3
PAID, PARTLY_PAID, UNPAID = "paid", "partly_paid", "unpaid"


def column_of(kind: str, amount: Decimal) -> str:
    if kind == Entry.Kind.CORRECTION:
        return CORRECTIONS
    if kind == Entry.Kind.ALLOWANCE:
        # The city's housing allowance pays like a payment, whoever sent it.
        return PAYMENTS
    return CHARGES if amount < 0 else PAYMENTS


def shown(amount: Decimal, column: str) -> Decimal:
    """The amount as its column prints it: charges positive, corrections signed."""
    return -amount if column == CHARGES else amount


@dataclass(frozen=True)
class Totals:
    charges: Decimal = ZERO
    corrections: Decimal = ZERO
    payments: Decimal = ZERO

    def __add__(self, other: "Totals") -> "Totals":
        return Totals(
            self.charges + other.charges,
            self.corrections + other.corrections,
            self.payments + other.payments,
        )

    @classmethod
    def of(cls, column: str, amount: Decimal) -> "Totals":
        return cls(**{column: shown(amount, column)})

    @property
    def change(self) -> Decimal:
        """What the period did to the balance."""
        return self.payments + self.corrections - self.charges


def total(parts) -> Totals:
    return sum(parts, Totals())


@dataclass(frozen=True)
class EntryRow:
    """One entry, where its amount goes, and the balance after it.

    Each derived value is computed once, on first use (`cached_property`
    writes past the frozen dataclass's `__setattr__`): a page asks for the
    same ones several times a row."""

    entry: Entry
    balance: Decimal
    details: "Details"

    @cached_property
    def column(self) -> str:
        return column_of(self.entry.kind, self.entry.amount)

    @cached_property
    def totals(self) -> Totals:
        return Totals.of(self.column, self.entry.amount)

    @property
    def charges(self) -> Decimal | None:
        return self._in(CHARGES)

    @property
    def corrections(self) -> Decimal | None:
        return self._in(CORRECTIONS)

    @property
    def payments(self) -> Decimal | None:
        return self._in(PAYMENTS)

    def _in(self, column: str) -> Decimal | None:
        """The amount if it belongs to `column`, None to leave the cell empty."""
        return shown(self.entry.amount, column) if self.column == column else None

    @cached_property
    def lines(self) -> list[tuple[EntryLine, Decimal]]:
        """Each line with its amount as the entry's column prints it."""
        return [(line, shown(line.amount, self.column)) for line in self.details.lines]

    @property
    def corrected_by(self) -> list[Entry]:
        """The corrections of this entry, oldest first."""
        return self.details.corrections

    @cached_property
    def outstanding(self) -> Decimal:
        """The entry's amount with its corrections added (corrections: zero)."""
        if self.entry.kind == Entry.Kind.CORRECTION:
            return ZERO
        return self.entry.amount + sum((c.amount for c in self.corrected_by), ZERO)

    @property
    def paid_by(self) -> list[Allocation]:
        """The allocations that paid this charge, with their payments."""
        return self.details.paid_by

    @property
    def pays(self) -> list[Allocation]:
        """The allocations of this payment, with the charges they paid."""
        return self.details.pays

    @cached_property
    def paid(self) -> Decimal:
        return sum((allocation.amount for allocation in self.paid_by), ZERO)

    @cached_property
    def unpaid(self) -> Decimal:
        return max(-self.outstanding - self.paid, ZERO)

    @cached_property
    def payment_status(self) -> str | None:
        """For an entry that is owed: "paid", "partly_paid" or "unpaid"; else None."""
        if self.outstanding >= 0 and not self.paid:
            return None
        if not self.unpaid:
            return PAID
        return PARTLY_PAID if self.paid else UNPAID

    @cached_property
    def credit_left(self) -> Decimal:
        """What of a payment was not needed by any charge: the overpayment it left."""
        used = sum((allocation.amount for allocation in self.pays), ZERO)
        return max(self.outstanding - used, ZERO)

    @cached_property
    def has_vat(self) -> bool:
        return any(line.vat_rate is not None for line, _ in self.lines)


@dataclass(frozen=True)
class PeriodRow:
    """A month or a year: its totals, its closing balance, and what is in it
    (the entries of a month in the month view, the months of a year)."""

    start: datetime.date
    totals: Totals
    closing: Decimal
    entries: list[EntryRow] = field(default_factory=list)
    months: list["PeriodRow"] = field(default_factory=list)

    @property
    def opening(self) -> Decimal:
        return self.closing - self.totals.change


@dataclass(frozen=True)
class Kartoteka:
    """What one page of the kartoteka shows: rows after an opening balance."""

    opening: Decimal
    rows: list
    totals: Totals

    @property
    def closing(self) -> Decimal:
        return self.opening + self.totals.change


def month_totals(ledger: Ledger) -> list[PeriodRow]:
    """Every month with entries, oldest first, with its closing balance: read
    from the month totals the database keeps (migration 0010), a row a month,
    never by adding up the history."""
    months, balance = [], ZERO
    found = MonthTotal.objects.filter(ledger=ledger).order_by("month")
    for start, debits, credits, corrections in found.values_list(
        "month", "debits", "credits", "corrections"
    ):
        totals = Totals(charges=-debits, corrections=corrections, payments=credits)
        balance += totals.change
        months.append(PeriodRow(start=start, totals=totals, closing=balance))
    return months


def years_of(months: list[PeriodRow]) -> list[int]:
    """The years with entries, oldest first."""
    return sorted({month.start.year for month in months})


def opening_of(year: int, months: list[PeriodRow]) -> Decimal:
    """The balance at the start of `year`: the closing of the last month before it."""
    before = [month for month in months if month.start.year < year]
    return before[-1].closing if before else ZERO


@dataclass(frozen=True)
class Details:
    """What a row of the kartoteka shows when it opens: the entry's lines by
    component, its corrections, and its allocations either way."""

    lines: list[EntryLine] = field(default_factory=list)
    corrections: list[Entry] = field(default_factory=list)
    paid_by: list[Allocation] = field(default_factory=list)  # a charge's payments
    pays: list[Allocation] = field(default_factory=list)  # a payment's charges


def entries_of(ledger: Ledger, year: int) -> list[Entry]:
    # A reversal names the payment it takes back: joined, not a query a row.
    found = ledger.entries.filter(operation_date__year=year).select_related(
        "corrects", "counterpart"
    )
    return list(found.order_by("operation_date", "id"))


def details_of(entries: list[Entry]) -> dict[int, Details]:
    """The details of `entries` by entry id, in three queries however many
    there are. Read by hand rather than with `prefetch_related`, which
    builds a queryset for every entry it fills: most of a year page's time."""
    ids = [entry.pk for entry in entries]
    details = {pk: Details() for pk in ids}
    lines = EntryLine.objects.filter(entry_id__in=ids).select_related("component")
    for line in lines.order_by("id"):
        details[line.entry_id].lines.append(line)
    corrections = Entry.objects.filter(corrects_id__in=ids).order_by("operation_date", "id")
    for correction in corrections:
        details[correction.corrects_id].corrections.append(correction)
    allocations = Allocation.objects.filter(Q(payment_id__in=ids) | Q(charge_id__in=ids))
    for allocation in allocations.select_related("payment", "charge"):
        if allocation.charge_id in details:
            details[allocation.charge_id].paid_by.append(allocation)
        if allocation.payment_id in details:
            details[allocation.payment_id].pays.append(allocation)
    for each in details.values():  # in the order the kartoteka lists entries
        each.paid_by.sort(key=lambda a: (a.payment.operation_date, a.payment_id))
        each.pays.sort(key=lambda a: (a.charge.operation_date, a.charge_id))
    return details


def entry_row(entry: Entry) -> "EntryRow":
    """One entry with its details and the balance after it, for its own page."""
    return EntryRow(
        entry=entry, balance=balance_after(entry), details=details_of([entry])[entry.pk]
    )


def balance_after(entry: Entry) -> Decimal:
    """The ledger's balance right after `entry`, in the order the kartoteka lists entries."""
    up_to = Q(operation_date__lt=entry.operation_date) | Q(
        operation_date=entry.operation_date, pk__lte=entry.pk
    )
    found = Entry.objects.filter(up_to, ledger_id=entry.ledger_id).aggregate(total=Sum("amount"))
    return found["total"] or ZERO


def by_day(
    ledger: Ledger, year: int, months: list[PeriodRow], with_details: bool = True
) -> Kartoteka:
    """Every entry of `year` with the balance after it; `with_details` reads
    what each row opens to (the month view lists the entries without it)."""
    opening = balance = opening_of(year, months)
    entries = entries_of(ledger, year)
    details = details_of(entries) if with_details else {}
    rows = []
    for entry in entries:
        balance += entry.amount
        row_details = details.get(entry.pk) or Details()
        rows.append(EntryRow(entry=entry, balance=balance, details=row_details))
    return Kartoteka(opening=opening, rows=rows, totals=total(row.totals for row in rows))


def by_month(ledger: Ledger, year: int, months: list[PeriodRow]) -> Kartoteka:
    """The months of `year` with their totals, closing balances and entries."""
    days = by_day(ledger, year, months, with_details=False)
    rows = [
        _month(datetime.date(year, month, 1), list(entries))
        for month, entries in groupby(days.rows, key=lambda row: row.entry.operation_date.month)
    ]
    return Kartoteka(opening=days.opening, rows=rows, totals=days.totals)


def _month(start: datetime.date, entries: list[EntryRow]) -> PeriodRow:
    return PeriodRow(
        start=start,
        totals=total(row.totals for row in entries),
        closing=entries[-1].balance,
        entries=entries,
    )


def by_year(months: list[PeriodRow]) -> Kartoteka:
    """Every year of the ledger with its totals, closing balance and months."""
    rows = []
    for year, in_year in groupby(months, key=lambda month: month.start.year):
        in_year = list(in_year)
        rows.append(
            PeriodRow(
                start=datetime.date(year, 1, 1),
                totals=total(month.totals for month in in_year),
                closing=in_year[-1].closing,
                months=in_year,
            )
        )
    return Kartoteka(opening=ZERO, rows=rows, totals=total(row.totals for row in rows))


def latest(ledger: Ledger, *kinds: str) -> dict[str, Entry]:
    """The most recent entry of each of `kinds`, by operation date, by kind
    (a kind without entries left out): one query, a subquery per kind, each
    reading the ledger's entries newest first until it finds one."""
    newest = [
        Q(
            pk=Subquery(
                ledger.entries.filter(kind=kind).order_by("-operation_date", "-id")[:1].values("pk")
            )
        )
        for kind in kinds
    ]
    return {entry.kind: entry for entry in Entry.objects.filter(reduce(operator.or_, newest))}
