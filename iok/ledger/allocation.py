"""Allocation of payments to charges (art. 451 KC): which charge each payment paid.

The rule. Entries are taken in the order of the kartoteka (operation date,
then id). Each entry counts with its corrections added (a reversed charge
needs no payment; a returned payment pays nothing): what is left below zero
is a debt (a charge, interest, arrears brought forward, a settlement to pay),
above zero a credit (a payment, an overpayment brought forward, a refund).

- A credit pays, in this order: interest already due (interest before
  principal, art. 451 § 1); the debts the title names (a period such as
  `11/2026` or `2026-11`, or a document number); the other debts already due
  on its date, oldest due date first; then debts not yet due, earliest due
  date first. What is left stays as credit (nadpłata).
- A new debt is paid at once from the credit left, oldest credit first: an
  overpayment is used by the next charges as they are billed.

So open debts and open credit never exist side by side, every debt gets at
most its amount and every credit gives at most its amount, and
open debts − credit = −balance.

Why recompute. Allocations are derived data, unlike entries: they are a
function of the ledger's entries and nothing else, so `allocate_ledger`
deletes a ledger's allocations and computes them again from scratch, under
the ledger row lock, in one transaction. After a correction, a late payment
or a charge booked with an earlier date the result is what it would have
been had the entries arrived in order, with no incremental bookkeeping to go
wrong. They are never part of the balance."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import ExpressionWrapper, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from iok.ledger.bulk import insert_rows
from iok.ledger.models import Allocation, Entry, Ledger
from iok.ledger.money import ZERO, MoneyField, to_grosze
from iok.periods import Period

FIELDS = (
    "ledger_id",
    "id",
    "kind",
    "amount",
    "operation_date",
    "due_date",
    "period",
    "document",
    "title",
    "corrects_id",
)

# 11/2026, 11.2026, 11-2026, 2026-11, 2026/11 — a month written by the payer.
_MONTH_YEAR = re.compile(r"(?<!\d)(0?[1-9]|1[0-2])\s*[./-]\s*(20\d\d)(?!\d)")
_YEAR_MONTH = re.compile(r"(?<!\d)(20\d\d)\s*[-/]\s*(0[1-9]|1[0-2])(?![\d/])")


@dataclass
class Item:
    """A debt or a credit and what of it is still open."""

    id: int
    kind: str
    date: datetime.date
    due: datetime.date
    period: str
    document: str
    title: str
    left: Decimal


def periods_named(title: str) -> set[str]:
    """The periods (`YYYY-MM`) a payment title names."""
    found = {str(Period(int(y), int(m))) for m, y in _MONTH_YEAR.findall(title)}
    found |= {str(Period(int(y), int(m))) for y, m in _YEAR_MONTH.findall(title)}
    return found


def names_document(title: str, document: str) -> bool:
    if not document:
        return False
    pattern = r"(?<![\w/])" + re.escape(document.upper()) + r"(?![\w/])"
    return re.search(pattern, title.upper()) is not None


def plan(entries) -> dict[tuple[int, int], Decimal]:
    """{(credit id, debt id): amount} for one ledger's entries (tuples of
    FIELDS), in any order."""
    rows = sorted(entries, key=lambda row: (row[4], row[1]))
    effective = {row[1]: row[3] for row in rows if row[9] is None}
    for row in rows:
        if row[9] is not None:
            effective[row[9]] += row[3]
    debts, credits, paid = [], [], defaultdict(lambda: ZERO)
    for _ledger, pk, kind, _amount, date, due, period, document, title, corrects in rows:
        if corrects is not None or not effective[pk]:
            continue
        item = Item(pk, kind, date, due or date, period, document, title, abs(effective[pk]))
        if effective[pk] < 0:
            _settle(credits, [item], paid)
            if item.left:
                debts.append(item)
        else:
            _settle([item], _order(debts, item), paid)
            if item.left:
                credits.append(item)
        debts[:] = [debt for debt in debts if debt.left]
        credits[:] = [credit for credit in credits if credit.left]
    return dict(paid)


def _settle(credits, debts, paid) -> None:
    for credit in credits:
        for debt in debts:
            taken = min(credit.left, debt.left)
            if taken:
                credit.left -= taken
                debt.left -= taken
                paid[credit.id, debt.id] += taken


def _order(debts: list[Item], credit: Item) -> list[Item]:
    """The open debts in the order `credit` pays them (see the module's rule)."""
    periods = periods_named(credit.title)

    def named(debt):
        return debt.kind != Entry.Kind.INTEREST and (
            debt.period in periods or names_document(credit.title, debt.document)
        )

    due = sorted((d for d in debts if d.due <= credit.date), key=lambda d: (d.due, d.date, d.id))
    later = sorted((d for d in debts if d.due > credit.date), key=lambda d: (d.due, d.date, d.id))
    interest = [d for d in due if d.kind == Entry.Kind.INTEREST]
    first = [*interest, *(d for d in debts if named(d))]
    chosen = {d.id for d in first}
    return first + [d for d in due + later if d.id not in chosen]


def allocate_ledger(ledger: Ledger) -> None:
    """Recompute the ledger's allocations from its entries."""
    allocate_ledgers(Ledger.objects.filter(pk=ledger.pk).values("pk"))


@transaction.atomic
def allocate_ledgers(ledger_ids) -> int:
    """Recompute the allocations of the ledgers (a list of ids or a queryset of
    `pk` values) in a fixed number of queries however many they are: lock the
    rows, read every entry, delete the old allocations, insert the new ones
    (in batches). Returns how many allocations there are now."""
    # The lock makes a concurrent posting wait until this ledger's allocations
    # are consistent with the entries read here.
    ids = list(
        Ledger.objects.select_for_update().filter(pk__in=ledger_ids).values_list("pk", flat=True)
    )
    entries = defaultdict(list)
    for row in Entry.objects.filter(ledger__in=ids).values_list(*FIELDS).iterator(2000):
        entries[row[0]].append(row)
    Allocation.objects.filter(ledger__in=ids).delete()
    rows = [
        (ledger_id, credit, debt, to_grosze(amount))
        for ledger_id, found in entries.items()
        for (credit, debt), amount in plan(found).items()
    ]
    with connection.cursor() as cursor:  # derived rows, many at once: see bulk.py
        insert_rows(cursor, Allocation, "ledger_id, payment_id, charge_id, amount", rows)
    return len(rows)


def allocate_billed(period: Period, charged: dict[int, Decimal]) -> int:
    """After billing: recompute the ledgers whose new charge can change their
    allocations, in a fixed number of queries. `charged` maps ledger id to
    the amount just charged (negative).

    A new charge changes nothing unless it meets credit: credit left before
    it (the balance before billing above zero), or an entry dated on or
    after the charge's month (billing run late, after payments of the month
    came in). Any other ledger keeps its allocations, and its new charge is
    simply unpaid, which is what recomputing it would say too."""
    charged_in_period = Entry.objects.filter(kind=Entry.Kind.CHARGE, period=str(period))
    billed = Ledger.objects.filter(pk__in=charged_in_period.values("ledger_id"))
    with_credit = {
        pk
        for pk, balance in billed.values_list("pk", "balance")
        if pk in charged and balance - charged[pk] > 0
    }
    dated_later = set(
        Entry.objects.filter(
            ledger__in=charged_in_period.values("ledger_id"),
            operation_date__gte=period.first_day,
        )
        .exclude(kind=Entry.Kind.CHARGE, period=str(period))
        .values_list("ledger_id", flat=True)
        .distinct()
    )
    todo = sorted(with_credit | (dated_later & set(charged)))
    return allocate_ledgers(todo) if todo else 0


@dataclass(frozen=True)
class Unpaid:
    entry: Entry
    amount: Decimal

    @property
    def due(self) -> datetime.date:
        return self.entry.due_date or self.entry.operation_date


def unpaid(ledger: Ledger) -> list[Unpaid]:
    """The ledger's debts with what of each is not paid yet, oldest due first;
    one query, whose rows are the unpaid debts only."""
    corrected = (
        Entry.objects.filter(corrects=OuterRef("pk"))
        .values("corrects")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    allocated = (
        Allocation.objects.filter(charge=OuterRef("pk"))
        .values("charge")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    none = Value(ZERO, output_field=MoneyField())
    debts = (
        ledger.entries.filter(corrects__isnull=True, amount__lt=0)
        .annotate(
            corrected=Coalesce(Subquery(corrected, output_field=MoneyField()), none),
            allocated=Coalesce(Subquery(allocated, output_field=MoneyField()), none),
        )
        .annotate(
            left=ExpressionWrapper(
                -(F("amount") + F("corrected")) - F("allocated"), output_field=MoneyField()
            )
        )
        .filter(left__gt=0)
    )
    found = [Unpaid(entry, entry.left) for entry in debts]
    return sorted(found, key=lambda debt: (debt.due, debt.entry.operation_date, debt.entry.pk))
