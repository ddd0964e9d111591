"""Transfers between ledgers (przeksięgowanie): credit on one ledger of a
contractor moved to another of theirs (the flat's overpayment to the garage).

A transfer is two TRANSFER entries in one transaction: minus on the source,
plus on the target, the second naming the first as its `counterpart`. Both
ledgers are locked in id order before the credit is read, so two transfers
(or a transfer and a refund) can never move the same credit twice."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iok import clock
from iok.audit.models import AuditEvent
from iok.audit.recording import record
from iok.ledger import closing
from iok.ledger.allocation import reallocate
from iok.ledger.models import Entry, Ledger
from iok.ledger.money import format_money, money
from iok.ledger.posting import post_entry
from iok.refunds import credit

TITLE_LENGTH = Entry._meta.get_field("title").max_length


def same_contractor(source: Ledger, target: Ledger) -> bool:
    """Whether both ledgers belong to one contractor: the same main tenant
    on both contracts (the party the credit is owed to)."""
    first, second = source.contract.main_tenant, target.contract.main_tenant
    return first is not None and second is not None and first.pk == second.pk


def refuse(source: Ledger, target: Ledger, amount: Decimal, reason: str) -> None:
    """Raise ValidationError saying why the transfer cannot be booked."""
    if source.pk == target.pk:
        raise ValidationError(
            _("Choose another ledger: credit cannot move to its own ledger."), code="same_ledger"
        )
    if not same_contractor(source, target):
        raise ValidationError(
            _(
                "The ledgers of contracts %(source)s and %(target)s are not of one contractor:"
                " credit moves only between the ledgers of the same main tenant."
            )
            % {"source": source.contract.number, "target": target.contract.number},
            code="not_one_contractor",
        )
    if amount <= 0 or money(amount) != amount:
        raise ValidationError(
            _("Give the amount to transfer as a positive amount in złoty and grosze."),
            code="amount",
        )
    if not reason.strip():
        raise ValidationError(_("A transfer needs a reason."), code="no_reason")


@transaction.atomic
def transfer_credit(
    source: Ledger,
    target: Ledger,
    amount: Decimal,
    reason: str,
    user,
    *,
    on: datetime.date | None = None,
) -> tuple[Entry, Entry]:
    """Move `amount` of the source's credit to the target: (the source's
    entry, the target's entry naming it). Refused with ValidationError when
    the ledgers are not of one contractor, the amount is not positive or is
    more than the source's credit less its open refund orders, or the day is
    inside a closed period."""
    on = on or clock.today()
    reason = reason.strip()
    refuse(source, target, amount, reason)
    closing.refuse_closed([on, clock.today()])
    balances = credit.lock(source, target)
    left = credit.available(source, balances[source.pk])
    if amount > left:
        raise ValidationError(
            _(
                "The ledger of contract %(number)s has %(left)s of credit to transfer,"
                " not %(amount)s."
            )
            % {
                "number": source.contract.number,
                "left": format_money(left),
                "amount": format_money(amount),
            },
            code="over_credit",
        )
    out = post_entry(
        source,
        Entry.Kind.TRANSFER,
        title=_title(_("Transfer to the ledger of contract %(number)s"), target, reason),
        operation_date=on,
        amount=-amount,
    )
    into = post_entry(
        target,
        Entry.Kind.TRANSFER,
        title=_title(_("Transfer from the ledger of contract %(number)s"), source, reason),
        operation_date=on,
        amount=amount,
        counterpart=out,
    )
    # The source's credit paid nothing once moved; the target's pays its debts.
    reallocate([source.pk, target.pk], on)
    record(
        AuditEvent.Action.CREATE,
        into,
        {"transfer": {"from": out.pk, "to": into.pk, "amount": str(amount), "reason": reason,
                      "by": getattr(user, "username", "")}},
    )  # fmt: skip
    return out, into


def _title(template: str, other: Ledger, reason: str) -> str:
    return f"{template % {'number': other.contract.number}} — {reason}"[:TITLE_LENGTH]
