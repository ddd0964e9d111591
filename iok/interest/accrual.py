"""Interest accrued on a ledger's debts as of a day, from the stored
allocations (iok.ledger.allocation): not booked, shown (docs/interest.md).

Which debts accrue: charges and settlements to pay, each with its
corrections added (as the allocation takes them), from their due date (the
operation date for one without). Not interest itself (art. 482 KC: no
interest on interest), and not an opening balance brought forward, whose
due dates and own interest stay in the old system. A debt was paid on the
operation date of the entry its allocation names (a payment, an allowance, a
credit left from earlier).

Which rate: statutory interest for delay (art. 481 § 2 KC) for every
contract. The commercial rate is in the table, but no contract says yet
that it is a commercial transaction, so nothing chooses it."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from iok.interest.calculation import Interest, Paid, RateTable, interest
from iok.interest.models import InterestRate
from iok.ledger.models import Entry, Ledger
from iok.ledger.money import ZERO, MoneyField

ACCRUING = (Entry.Kind.CHARGE, Entry.Kind.SETTLEMENT)


def accrues(entry: Entry) -> bool:
    return entry.kind in ACCRUING


def rate_table(kind: str = InterestRate.Kind.STATUTORY) -> RateTable:
    """The rates of `kind`, in one query."""
    rows = InterestRate.objects.filter(kind=kind).values_list("valid_from", "rate")
    return RateTable.of(rows)


def kind_for(ledger: Ledger) -> str:
    """The kind of interest the ledger's contract bears (see the module)."""
    return InterestRate.Kind.STATUTORY


def of_entry(entry: Entry, corrections, paid_by, on: datetime.date, rates=None) -> Interest | None:
    """The interest on one debt, given its corrections and allocations as the
    kartoteka reads them (iok.ledger.kartoteka.Details); None for an entry that
    bears none. Raises ValidationError naming a day without a rate."""
    owed = -(entry.amount + sum((c.amount for c in corrections), ZERO))
    if not accrues(entry) or owed <= 0:
        return None
    paid = [Paid(a.payment.operation_date, a.amount) for a in paid_by]
    rates = rates or rate_table(kind_for(entry.ledger))
    return interest(owed, entry.due_date or entry.operation_date, paid, on, rates)


@dataclass(frozen=True)
class Accrued:
    """Interest accrued on a ledger as of a day: the total, or the reason it
    cannot be computed (a day without a rate)."""

    on: datetime.date
    total: Decimal = ZERO
    error: str = ""


def accrued(ledger: Ledger, on: datetime.date) -> Accrued:
    """The interest accrued on every debt of the ledger up to `on`, in two
    queries; a day without a rate gives the refusal instead of a sum."""
    try:
        found = breakdown(ledger, on)
    except ValidationError as refused:
        return Accrued(on=on, error=" ".join(refused.messages))
    return Accrued(on=on, total=sum((each.total for each in found.values()), ZERO))


def breakdown(ledger: Ledger, on: datetime.date) -> dict[int, Interest]:
    """{entry id: its interest up to `on`} for every debt of the ledger that
    bears interest, in two queries: the rates, and the debts with what paid
    them and when. Raises ValidationError naming a day without a rate."""
    rates = rate_table(kind_for(ledger))
    return {
        pk: interest(owed, due, paid, on, rates) for pk, (owed, due, paid) in _debts(ledger).items()
    }


_NONE = Value(ZERO, output_field=MoneyField())


def _debts(ledger: Ledger) -> dict[int, tuple[Decimal, datetime.date, list[Paid]]]:
    """{entry id: (owed, due, paid)} of the ledger's accruing debts: one query, a row per
    allocation (or one for a debt nothing paid), corrections summed in."""
    corrected = (
        Entry.objects.filter(corrects=OuterRef("pk"))
        .order_by()
        .values("corrects")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = (
        # No ordering: the model's default joins the ledger table for nothing.
        Entry.objects.filter(ledger=ledger, kind__in=ACCRUING)
        .order_by()
        .annotate(corrected=Coalesce(Subquery(corrected, output_field=MoneyField()), _NONE))
        .values_list(
            "pk",
            "amount",
            "corrected",
            "due_date",
            "operation_date",
            "paid_by__amount",
            "paid_by__payment__operation_date",
        )
    )
    owed, due, paid = {}, {}, defaultdict(list)
    for pk, amount, corrected, due_date, date, part, paid_on in rows:
        owed[pk], due[pk] = -(amount + corrected), due_date or date
        if part is not None:
            paid[pk].append(Paid(paid_on, part))
    return {pk: (owed[pk], due[pk], paid[pk]) for pk in owed if owed[pk] > 0}
