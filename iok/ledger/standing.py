"""Where a ledger stands on a day: what is overdue, what comes due next, and
the credit, from the allocations (art. 451 KC).

A negative balance is not by itself arrears. Between billing and the due date
an on-time tenant owes the month's charge but is not late with it. So what
the tenant owes splits in two:

- overdue (zaległość): the unpaid part of every debt whose due date (its
  date, for a debt without one) is before the day;
- due next (do zapłaty): the unpaid part of every other debt, each with its
  own due date (a debt due on the day itself is not late yet);

and what the tenant paid beyond every debt is credit (nadpłata). Debts are
the entries that lower the balance (charges, interest, arrears brought
forward, a settlement to pay), each with its corrections added; what paid
them is their allocations. Since open debts and credit never exist side by
side (iok/ledger/allocation.py),

    overdue + due next − credit = −balance.

`overdue_by_ledger` is the same overdue sum for many ledgers at once, as a
queryset annotation: the office counts and lists arrears with it in one
query whatever the size of the town."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import ExpressionWrapper, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from iok.ledger.models import Allocation, Entry, Ledger
from iok.ledger.money import ZERO, MoneyField


@dataclass(frozen=True)
class Due:
    """One debt not yet late: what is left of it, by when, and what it is."""

    amount: Decimal
    due_date: datetime.date
    title: str
    entry_id: int


@dataclass(frozen=True)
class Standing:
    on: datetime.date
    overdue: Decimal
    due_next: tuple[Due, ...]
    credit: Decimal

    @property
    def is_overdue(self) -> bool:
        return self.overdue > 0

    @property
    def due_next_total(self) -> Decimal:
        return sum((due.amount for due in self.due_next), ZERO)

    @property
    def owed(self) -> Decimal:
        return self.overdue + self.due_next_total

    @property
    def balance(self) -> Decimal:
        """The balance these parts make, in the ledger's sign convention."""
        return self.credit - self.owed


def standing(ledger: Ledger, on: datetime.date) -> Standing:
    """Where `ledger` stands on the day `on`; two queries."""
    overdue, due_next = ZERO, []
    for entry in open_debts(ledger.entries.all()).order_by("operation_date", "id"):
        due_date = entry.due_date or entry.operation_date
        if due_date < on:
            overdue += entry.left
        else:
            due_next.append(Due(entry.left, due_date, entry.title, entry.pk))
    due_next.sort(key=lambda due: (due.due_date, due.entry_id))
    credit = open_credit(ledger.entries.all()).aggregate(total=Sum("left"))["total"] or ZERO
    return Standing(on=on, overdue=overdue, due_next=tuple(due_next), credit=credit)


_NONE = Value(ZERO, output_field=MoneyField())


def _corrected():
    """The sum of the corrections of the outer entry."""
    return Coalesce(
        Subquery(
            Entry.objects.filter(corrects=OuterRef("pk"))
            .values("corrects")
            .annotate(total=Sum("amount"))
            .values("total"),
            output_field=MoneyField(),
        ),
        _NONE,
    )


def _allocated(side: str):
    """The sum of the allocations whose `side` (charge or payment) is the outer entry."""
    return Coalesce(
        Subquery(
            Allocation.objects.filter(**{side: OuterRef("pk")})
            .values(side)
            .annotate(total=Sum("amount"))
            .values("total"),
            output_field=MoneyField(),
        ),
        _NONE,
    )


def open_debts(entries):
    """The entries among `entries` that are debts not fully paid, each with
    `left`, the unpaid part of it after its corrections."""
    left = -(F("amount") + F("corrected")) - F("allocated")
    return (
        entries.filter(corrects__isnull=True, amount__lt=0)
        .annotate(corrected=_corrected(), allocated=_allocated("charge"))
        .annotate(left=ExpressionWrapper(left, output_field=MoneyField()))
        .filter(left__gt=0)
    )


def open_credit(entries):
    """The entries among `entries` that raised the balance and were not used
    up by debts, each with `left`, what of it is still credit."""
    left = F("amount") + F("corrected") - F("allocated")
    return (
        entries.filter(corrects__isnull=True, amount__gt=0)
        .annotate(corrected=_corrected(), allocated=_allocated("payment"))
        .annotate(left=ExpressionWrapper(left, output_field=MoneyField()))
        .filter(left__gt=0)
    )


def overdue_by_ledger(ledgers, on: datetime.date):
    """`ledgers` (a Ledger queryset) each with `overdue`: the unpaid part of
    its debts due before `on` (zero for none), as one subquery per row."""
    late = (
        open_debts(Entry.objects.filter(ledger=OuterRef("pk")))
        .annotate(due=Coalesce("due_date", "operation_date"))
        .filter(due__lt=on)
        .values("ledger")
        .annotate(total=Sum("left"))
        .values("total")
    )
    return ledgers.annotate(overdue=Coalesce(Subquery(late, output_field=MoneyField()), _NONE))
