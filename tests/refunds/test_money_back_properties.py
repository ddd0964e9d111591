"""Money going back and moving, in any order: random sequences of charges,
payments, a bank's reversal of a payment, refunds paid from a statement's
debit, transfers to the tenant's garage and corrections of a charge keep
every ledger's balance the sum of its entries, every allocation within the
amounts of the entries it joins, and never book a refund above the credit
the ledger had when its debit came in."""

import datetime
import itertools
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from iok.ledger import integrity
from iok.ledger.allocation import reallocate
from iok.ledger.corrections import reverse_entry
from iok.ledger.models import Allocation, Entry
from iok.ledger.posting import post_entry
from iok.payments.reversals import reversal_title
from iok.periods import Period
from iok.refunds.batches import write_batch
from iok.refunds.orders import order_refund
from iok.refunds.transfers import transfer_credit
from tests.refunds.conftest import garage_of, pay
from tests.refunds.test_booking import mt940, run

ANNA = "61109010140000071219812874"
DAY = datetime.date(2026, 11, 2)
# Hypothesis runs every example in the one test's database transaction: the
# months charged and the statements imported are counted across examples.
MONTHS = itertools.count()
STATEMENTS = itertools.count(401)
amounts = st.integers(min_value=1, max_value=40_000).map(lambda grosze: Decimal(grosze) / 100)
steps = st.lists(
    st.tuples(
        # Payments twice as often: refunds and transfers need credit to move.
        st.sampled_from(
            ["charge", "payment", "payment", "reversal", "refund", "transfer", "correction"]
        ),
        amounts,
    ),
    min_size=1,
    max_size=8,
)


class Books:
    """The tenant's flat and garage, and what has been done to them."""

    def __init__(self, ledger, garage, clerk):
        self.ledger, self.garage, self.clerk = ledger, garage, clerk

    def charge(self, amount):
        months = next(MONTHS)
        period = Period(2000 + months // 12, 1 + months % 12)
        post_entry(
            self.ledger,
            Entry.Kind.CHARGE,
            title=f"Naliczenie {period}",
            operation_date=DAY,
            amount=-amount,
            period=period,
            due_date=DAY,
        )
        reallocate([self.ledger.pk])

    def payment(self, amount):
        pay(self.ledger, amount)
        reallocate([self.ledger.pk])

    def reversal(self, _amount):
        """The bank takes back the latest payment not yet taken back, as
        `iok.payments.reversals.book_reversal` books it, then allocates."""
        payment = (
            self.ledger.entries.filter(kind=Entry.Kind.PAYMENT, answered_by__isnull=True)
            .order_by("-id")
            .first()
        )
        if payment is None:
            return
        post_entry(
            self.ledger,
            Entry.Kind.REVERSAL,
            title=reversal_title(payment),
            amount=-payment.amount,
            operation_date=DAY,
            counterpart=payment,
        )
        reallocate([self.ledger.pk], payment.operation_date)

    def within_credit(self, amount) -> Decimal:
        """`amount`, or the ledger's credit if that is less (a cent when it
        has none, which the rules refuse): most steps move money."""
        self.ledger.refresh_from_db(fields=["balance"])
        return min(amount, max(self.ledger.balance, Decimal("0.01")))

    def refund(self, amount):
        amount = self.within_credit(amount)
        try:
            order = order_refund(self.ledger, amount, ANNA, "Anna Kowalska", "zwrot", self.clerk)
        except ValidationError:
            return  # more than the credit: refused, nothing written
        write_batch([order.pk], "elixir", self.clerk)
        order.refresh_from_db()
        run(mt940((f"{amount:.2f}", order.title), number=f"{next(STATEMENTS):05d}"))

    def transfer(self, amount):
        amount = self.within_credit(amount)
        try:
            transfer_credit(self.ledger, self.garage, amount, "na garaż", self.clerk)
        except ValidationError:
            return

    def correction(self, amount):
        charge = self.ledger.entries.filter(kind=Entry.Kind.CHARGE).order_by("-id").first()
        if charge is None:
            return
        try:
            reverse_entry(charge, reason="pomyłka", on=DAY, amount=min(amount, -charge.amount))
        except ValidationError:
            return  # nothing left of it to take back
        reallocate([self.ledger.pk])


def refunds_within_credit(ledger) -> bool:
    """Each refund no larger than the balance just before it was booked."""
    balance = Decimal(0)
    for entry in ledger.entries.order_by("id"):
        if entry.kind == Entry.Kind.REFUND and -entry.amount > balance:
            return False
        balance += entry.amount
    return True


@settings(
    max_examples=50,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps)
# Examples that surely move money back, whatever the drawn ones do.
@example(sequence=[("payment", Decimal("300")), ("refund", Decimal("120.55")), ("reversal", 0)])
@example(
    sequence=[
        ("charge", Decimal("250")),
        ("payment", Decimal("400")),
        ("transfer", Decimal("50")),
        ("refund", Decimal("100")),
        ("correction", Decimal("20")),
        ("refund", Decimal("500")),
    ]
)
def test_money_back_and_moved_keeps_the_books_whole(sequence, building, tenant, clerk):
    # Two fresh ledgers of the tenant's each example (the examples share one
    # database transaction): what one example left owed does not refuse the
    # next one's refunds and transfers.
    ledger, garage = garage_of(building, tenant), garage_of(building, tenant)
    books = Books(ledger, garage, clerk)
    for step, amount in sequence:
        getattr(books, step)(amount)
    for each in (ledger, garage):
        each.refresh_from_db(fields=["balance"])
        assert each.balance == _sum(each)
        assert refunds_within_credit(each)
    print(
        "KINDS",
        sorted(
            set(Entry.objects.filter(ledger__in=[ledger, garage]).values_list("kind", flat=True))
        ),
    )
    assert integrity.balance_differences() == []
    assert integrity.allocation_problems() == []
    for allocation in Allocation.objects.filter(ledger__in=[ledger, garage]):
        assert 0 < allocation.amount <= allocation.payment.amount
        assert allocation.amount <= -allocation.charge.amount


def _sum(ledger) -> Decimal:
    return ledger.entries.aggregate(total=Sum("amount"))["total"] or Decimal(0)
