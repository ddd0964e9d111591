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

What is open is read from the open items the database keeps (migration
0010): each entry's amount with its corrections and allocations, a row only
while it is not settled, so a page costs the open items, not the history.

`overdue_by_ledger` is the same overdue sum for many ledgers at once, as a
queryset annotation: the office counts and lists arrears with it in one
query whatever the size of the town."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from iok.ledger.models import Ledger, OpenItem
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
    """Where `ledger` stands on the day `on`: one query over its open items
    (migration 0010 keeps them), whatever the length of its history."""
    overdue, due_next, credit = ZERO, [], ZERO
    items = OpenItem.objects.filter(ledger=ledger).select_related("entry")
    for item in items.order_by("entry__operation_date", "entry_id"):
        entry = item.entry
        if item.amount > 0:
            credit += item.amount
            continue
        due_date = entry.due_date or entry.operation_date
        if due_date < on:
            overdue -= item.amount
        else:
            due_next.append(Due(-item.amount, due_date, entry.title, entry.pk))
    due_next.sort(key=lambda due: (due.due_date, due.entry_id))
    return Standing(on=on, overdue=overdue, due_next=tuple(due_next), credit=credit)


_NONE = Value(ZERO, output_field=MoneyField())


def overdue_by_ledger(ledgers, on: datetime.date):
    """`ledgers` (a Ledger queryset) each with `overdue`: the unpaid part of
    its debts due before `on` (zero for none), as one subquery per row over
    the ledger's open items."""
    late = (
        OpenItem.objects.filter(ledger=OuterRef("pk"), amount__lt=0)
        .annotate(due=Coalesce("entry__due_date", "entry__operation_date"))
        .filter(due__lt=on)
        .order_by()
        .values("ledger")
        .annotate(total=Sum(-F("amount")))
        .values("total")
    )
    return ledgers.annotate(overdue=Coalesce(Subquery(late, output_field=MoneyField()), _NONE))
