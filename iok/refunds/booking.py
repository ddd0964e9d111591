"""Booking refunds when the bank has paid them: a statement's debit line
that carries a sent refund's reference becomes the REFUND entry on that
ledger, in the import's own transaction.

`book_refund_debits(rows)` is called by the import (iok/payments/importing.py)
with each batch of new statement rows; it returns them, the booked debits
with their ledger and entry. A debit is left as it is (a debit waiting for
staff, with the reason) when its amount differs from the order's, or when
the ledger's credit at booking time is smaller than the refund: a refund
never takes more than the credit."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iok import clock
from iok.ledger.models import Entry
from iok.ledger.money import format_money, from_grosze, to_grosze
from iok.ledger.nrb import format_nrb
from iok.ledger.posting import post_entry
from iok.refunds import credit
from iok.refunds.models import REFERENCE_ALPHABET, REFERENCE_PREFIX, RefundOrder

REFERENCE = re.compile(rf"{REFERENCE_PREFIX}[{REFERENCE_ALPHABET}]{{8}}(?![{REFERENCE_ALPHABET}])")


def references_in(*texts: str) -> set[str]:
    """The refund references written in the texts, as they are or with the
    spaces and hyphens a bank puts into a long title taken out."""
    found = set()
    for text in texts:
        upper = (text or "").upper()
        found |= set(REFERENCE.findall(upper))
        found |= set(REFERENCE.findall(re.sub(r"[\s-]", "", upper)))
    return found


def book_refund_debits(rows: list) -> list:
    """The rows, each debit that pays a sent refund booked (its ledger and
    entry set), each that cannot be booked with the reason why."""
    wanted = {
        index: refs
        for index, row in enumerate(rows)
        if not row.credit and (refs := references_in(row.title, row.bank_reference))
    }
    if not wanted:
        return rows
    every = set().union(*wanted.values())
    orders = {
        order.reference: order
        # The orders' rows only: their ledgers are locked later, in id order.
        for order in RefundOrder.objects.select_for_update(of=("self",))
        .filter(reference__in=every, state=RefundOrder.State.SENT)
        .select_related("ledger__contract")
    }
    rows = list(rows)
    for index, refs in wanted.items():
        # Still sent: an earlier debit of the same statement may have booked it.
        found = [orders[ref] for ref in sorted(refs) if ref in orders]
        found = [order for order in found if order.state == RefundOrder.State.SENT]
        if found:
            rows[index] = _book(rows[index], found[0])
    return rows


def _book(row, order: RefundOrder):
    try:
        entry = _post(row, order)
    except ValidationError as error:
        return row._replace(reason=" ".join(error.messages))
    order.state, order.entry = RefundOrder.State.BOOKED, entry
    order.line_key, order.booked_at = row.key, clock.now()
    order.save(update_fields=["state", "entry", "line_key", "booked_at"])
    reason = _("Refund %(reference)s booked.") % {"reference": order.reference}
    return row._replace(ledger_id=order.ledger_id, entry_id=entry.pk, reason=reason)


def _post(row, order: RefundOrder) -> Entry:
    """The REFUND entry, or ValidationError saying why the debit is not it."""
    values = {"reference": order.reference, "amount": format_money(order.amount)}
    if row.amount != to_grosze(order.amount):
        values["paid"] = format_money(from_grosze(row.amount))
        raise ValidationError(
            _("Refund %(reference)s is of %(amount)s, the debit of %(paid)s: not booked.") % values
        )
    balance = credit.lock(order.ledger)[order.ledger_id]
    if balance < order.amount:
        values["credit"] = format_money(max(balance, 0))
        raise ValidationError(
            _(
                "Refund %(reference)s of %(amount)s is more than the ledger's credit now"
                " (%(credit)s): not booked."
            )
            % values
        )
    # A savepoint: a refusal (a closed period) leaves the import's work whole.
    with transaction.atomic():
        return post_entry(
            order.ledger,
            Entry.Kind.REFUND,
            title=_("Refund of an overpayment to account %(account)s (%(reference)s)")
            % {"account": format_nrb(order.account), "reference": order.reference},
            operation_date=row.booked_on,
            amount=-order.amount,
            document=order.reference,
        )
