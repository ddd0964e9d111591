"""The feed of booked payments and how each was allocated to charges
(art. 451 KC), after a cursor (iok/api/feed.py). Allocations are as they
stand when read: a prepayment is allocated to charges booked later."""

import datetime

from ninja import Field, Query, Router, Schema

from iok.api import feed
from iok.api.auth import needs
from iok.api.framework import Amount, answers, choice, read
from iok.api.scopes import Scope
from iok.ledger.models import Entry

router = Router(tags=["payments"])
READ = needs(Scope.READ_PAYMENTS)


class AllocationOut(Schema):
    charge: int = Field(description="The id of the entry the payment paid (part of).")
    charge_kind: choice(Entry.Kind)
    charge_period: str
    amount: Amount


class PaymentOut(Schema):
    cursor: int = Field(description="Ask for the payments after this one with ?after=.")
    entry: int
    ledger: int
    contract: str
    virtual_account: str | None
    booking_date: datetime.date
    operation_date: datetime.date
    amount: Amount
    title: str
    bank_reference: str = Field(description="The bank's reference, for a statement's payment.")
    allocations: list[AllocationOut]


class PaymentFeed(Schema):
    items: list[PaymentOut]
    last_cursor: int = Field(description="The cursor to send next time (?after=).")


class FeedQuery(Schema):
    after: int = Field(0, ge=0, le=2**63 - 1, description="The last cursor received; 0 first.")
    limit: int = Field(100, ge=1, le=500)


def _payment(item) -> PaymentOut:
    entry = item.entry
    line = getattr(entry, "statement_line", None)
    return PaymentOut(
        cursor=item.pk,
        entry=entry.pk,
        ledger=entry.ledger_id,
        contract=entry.ledger.contract.number,
        virtual_account=entry.ledger.virtual_account,
        booking_date=entry.booking_date,
        operation_date=entry.operation_date,
        amount=entry.amount,
        title=entry.title,
        bank_reference=line.bank_reference if line is not None else "",
        allocations=[
            AllocationOut(
                charge=allocation.charge_id,
                charge_kind=allocation.charge.kind,
                charge_period=allocation.charge.period,
                amount=allocation.amount,
            )
            for allocation in sorted(entry.pays.all(), key=lambda a: a.charge_id)
        ],
    )


@router.get("", auth=READ, response=answers(PaymentFeed))
def payments(request, query: Query[FeedQuery]):
    """Booked payments after the cursor `after`, oldest first."""
    read(Entry)
    items = feed.payments_after(query.after, query.limit)
    return PaymentFeed(
        items=[_payment(item) for item in items],
        last_cursor=items[-1].pk if items else query.after,
    )
