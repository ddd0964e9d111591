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
- A reversal (storno) takes back the payment it names (`counterpart`)
  before that payment pays anything: the two are allocated to each other,
  so the charges the payment had paid are open again and the reversal is
  no debt of its own. Reallocating from a day after the payment goes back
  to the payment's day.

So open debts and open credit never exist side by side, every debt gets at
most its amount and every credit gives at most its amount, and
open debts − credit = −balance.

Recomputing from a day. Allocations are derived data, unlike entries: they
are a function of the ledger's entries and nothing else. Since the rule takes
entries in the kartoteka's order, what is open before a day depends on the
entries before it alone; so `reallocate(ledgers, since)` deletes only the
allocations of the entries dated `since` or later, reads what is open (the
open items the database keeps, migration 0010: the earlier entries' state)
and settles the later entries again after it, under the ledger row lock, in
one transaction. An import allocates from its first payment's date, billing
from the month's first day, a correction from the corrected entry's date,
and `allocate_ledgers` from the first entry. Whatever the day, the result is
what allocating from scratch would give (tests/ledger/test_reallocation.py
checks it against the rule applied to the whole history), at the cost of the
open items and the later entries, not of the history. They are never part of the balance."""

import datetime
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q

from iok.ledger.bulk import insert_rows
from iok.ledger.models import Allocation, Entry, Ledger, OpenItem
from iok.ledger.money import ZERO, to_grosze
from iok.periods import Period

# 11/2026, 11.2026, 11-2026, 2026-11, 2026/11 — a month written by the payer.
_MONTH_YEAR = re.compile(r"(?<!\d)(0?[1-9]|1[0-2])\s*[./-]\s*(20\d\d)(?!\d)")
_YEAR_MONTH = re.compile(r"(?<!\d)(20\d\d)\s*[-/]\s*(0[1-9]|1[0-2])(?![\d/])")


@dataclass(slots=True)
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
    debt: bool
    counterpart: int | None = None  # a reversal's: the payment it takes back


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


def settle(state: "State", items: list[Item]) -> dict[tuple[int, int], Decimal]:
    """{(credit id, debt id): amount} for `items`, taken in the kartoteka's
    order after the open debts and credits of `state` (the module's rule)."""
    paid = defaultdict(lambda: ZERO)
    for item in items:
        if item.debt:
            _settle(state.credits, [item], paid)
            while state.credits and not state.credits[0].left:
                state.credits.popleft()  # the oldest credit is used up first
            if item.left:
                state.debts[item.id] = item
        else:
            if state.debts:
                _settle([item], _order(list(state.debts.values()), item), paid)
                for settled in [debt for debt in state.debts.values() if not debt.left]:
                    del state.debts[settled.id]
            if item.left:
                state.credits.append(item)
    return dict(paid)


@dataclass
class State:
    """The open debts (by id) and credits (oldest first) at a point of the kartoteka."""

    debts: dict = field(default_factory=dict)
    credits: deque = field(default_factory=deque)


def _settle(credits, debts, paid) -> None:
    for credit in credits:
        for debt in debts:
            taken = min(credit.left, debt.left)
            if taken:
                credit.left -= taken
                debt.left -= taken
                paid[credit.id, debt.id] += taken
            if not credit.left:
                break


def _order(debts: list[Item], credit: Item) -> list[Item]:
    """The open debts in the order `credit` pays them (see the module's rule)."""
    periods = periods_named(credit.title)

    def named(debt):
        return debt.kind != Entry.Kind.INTEREST and (
            debt.period in periods or names_document(credit.title, debt.document)
        )

    # Already due first, then not yet due: one sort by due date does both.
    ordered = sorted(debts, key=lambda d: (d.due, d.date, d.id))
    interest = [d for d in ordered if d.due <= credit.date and d.kind == Entry.Kind.INTEREST]
    first = [*interest, *(d for d in debts if named(d))]  # named: in the kartoteka's order
    chosen = {d.id for d in first}
    return first + [d for d in ordered if d.id not in chosen]


def allocate_ledger(ledger: Ledger) -> None:
    """Recompute the ledger's allocations from its entries."""
    allocate_ledgers(Ledger.objects.filter(pk=ledger.pk).values("pk"))


def allocate_ledgers(ledger_ids) -> int:
    """Recompute the allocations of the ledgers (a list of ids or a queryset of
    `pk` values) from their first entry: after a correction, or to check.
    Returns how many allocations the ledgers have now."""
    reallocate(ledger_ids)
    return Allocation.objects.filter(ledger__in=ledger_ids).count()


ITEM_FIELDS = (
    "ledger_id",
    "entry_id",
    "amount",
    "entry__kind",
    "entry__operation_date",
    "entry__due_date",
    "entry__period",
    "entry__document",
    "entry__title",
    "entry__counterpart_id",
)


@transaction.atomic
def reallocate(ledger_ids, since: datetime.date | None = None) -> int:
    """Allocate again what the ledgers' entries dated `since` or later paid and
    were paid with (all of them without `since`), in a fixed number of queries
    however many ledgers: lock the rows, delete those entries' allocations,
    read the open items (migration 0010 keeps them), settle the later ones in
    the kartoteka's order after the open state of the earlier ones, insert the
    new allocations. The result is what allocating from scratch would give,
    because the state before `since` depends on the earlier entries alone;
    the cost is the open items and the entries from `since`, not the history.
    Returns how many allocations were made."""
    # The lock makes a concurrent posting wait until this ledger's allocations
    # are consistent with the entries read here.
    ids = list(
        Ledger.objects.select_for_update().filter(pk__in=ledger_ids).values_list("pk", flat=True)
    )
    if since is not None:
        since = _reversed_since(ids, since)
    if since is None:
        Allocation.objects.filter(ledger__in=ids).delete()
    else:
        later = Entry.objects.filter(ledger__in=ids, operation_date__gte=since).values("pk")
        Allocation.objects.filter(Q(charge__in=later) | Q(payment__in=later)).delete()
    plans, again = _plans(ids, since)
    if again:  # an earlier state with debts and credit side by side: from scratch
        Allocation.objects.filter(ledger__in=again).delete()
        plans += _plans(again, None)[0]
    rows = [(ledger_id, credit, debt, to_grosze(amount)) for ledger_id, paid in plans
            for (credit, debt), amount in paid.items()]  # fmt: skip
    with connection.cursor() as cursor:  # derived rows, many at once: see bulk.py
        insert_rows(cursor, Allocation, "ledger_id, payment_id, charge_id, amount", rows)
    return len(rows)


def _plans(ids: list[int], since: datetime.date | None):
    """[(ledger id, its new allocations)], and the ledgers to do from scratch."""
    items = defaultdict(list)
    open_items = OpenItem.objects.filter(ledger__in=ids).values_list(*ITEM_FIELDS)
    for (
        ledger_id,
        pk,
        amount,
        kind,
        date,
        due,
        period,
        document,
        title,
        counterpart,
    ) in open_items.iterator(2000):
        items[ledger_id].append(
            Item(pk, kind, date, due or date, period, document, title, abs(amount), amount < 0,
                 counterpart if kind == Entry.Kind.REVERSAL else None)
        )  # fmt: skip
    plans, again = [], []
    for ledger_id, found in items.items():
        found.sort(key=lambda item: (item.date, item.id))
        reversed_ = _pair_reversals(found)
        state = State()
        earlier = [item for item in found if since is not None and item.date < since]
        for item in (item for item in earlier if item.left):  # not a paired reversal
            (state.debts.__setitem__(item.id, item) if item.debt else state.credits.append(item))
        if state.debts and state.credits:
            again.append(ledger_id)
            continue
        plans.append((ledger_id, reversed_ | settle(state, found[len(earlier) :])))
    return plans, again


def _pair_reversals(items: list[Item]) -> dict[tuple[int, int], Decimal]:
    """A reversal takes back its payment before the payment pays anything:
    the two are allocated to each other first, so what the payment had paid
    is open again (and the reversal is no debt of its own)."""
    by_id = {item.id: item for item in items}
    paired = {}
    for item in items:
        payment = by_id.get(item.counterpart) if item.counterpart else None
        if item.debt and payment is not None and not payment.debt:
            taken = min(item.left, payment.left)
            if taken:
                item.left -= taken
                payment.left -= taken
                paired[payment.id, item.id] = taken
    return paired


def _reversed_since(ids: list[int], since: datetime.date) -> datetime.date:
    """`since`, or the earliest day of a payment that an entry dated `since`
    or later reverses: its allocations must be undone too."""
    earliest = (
        Entry.objects.filter(
            ledger__in=ids,
            kind=Entry.Kind.REVERSAL,
            operation_date__gte=since,
            counterpart__operation_date__lt=since,
        )
        .order_by("counterpart__operation_date")
        .values_list("counterpart__operation_date", flat=True)
        .first()
    )
    return min(since, earliest) if earliest else since


def allocate_billed(period: Period, charged: dict[int, Decimal]) -> int:
    """After billing (a batch of it): recompute the ledgers whose new charge
    can change their allocations, in a fixed number of queries. `charged`
    maps ledger id to the amount just charged (negative); billing passes one
    batch at a time, and what is read is about those ledgers alone (a range
    of ids, as billing's batches are), so a month's run keeps nothing of
    the earlier batches.

    A new charge changes nothing unless it meets credit: credit left before
    it (the balance before billing above zero), or an entry dated on or
    after the charge's month (billing run late, after payments of the month
    came in). Any other ledger keeps its allocations, and its new charge is
    simply unpaid, which is what recomputing it would say too."""
    if not charged:
        return 0
    first, last = min(charged), max(charged)
    balances = Ledger.objects.filter(pk__gte=first, pk__lte=last).values_list("pk", "balance")
    with_credit = {
        pk for pk, balance in balances.iterator(2000) if pk in charged and balance - charged[pk] > 0
    }
    dated_later = set(
        Entry.objects.filter(
            ledger_id__gte=first, ledger_id__lte=last, operation_date__gte=period.first_day
        )
        .exclude(kind=Entry.Kind.CHARGE, period=str(period))
        .values_list("ledger_id", flat=True)
        .distinct()
    )
    todo = sorted(with_credit | (dated_later & set(charged)))
    return reallocate(todo, period.first_day) if todo else 0


@dataclass(frozen=True)
class Unpaid:
    entry: Entry
    amount: Decimal

    @property
    def due(self) -> datetime.date:
        return self.entry.due_date or self.entry.operation_date


def unpaid(ledger: Ledger) -> list[Unpaid]:
    """The ledger's debts with what of each is not paid yet, oldest due first;
    one query over the open items, never the history."""
    debts = OpenItem.objects.filter(ledger=ledger, amount__lt=0).select_related("entry")
    found = [Unpaid(item.entry, -item.amount) for item in debts]
    return sorted(found, key=lambda debt: (debt.due, debt.entry.operation_date, debt.entry.pk))
