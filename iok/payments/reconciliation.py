"""The office's decisions on payments nothing matched: book to a ledger, or
set aside as not ours / to be returned (a reversal waiting for its payment
is named its payment in iok/payments/reversals.py, or set aside as not
ours). Each decision records who and when."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iok import clock
from iok.payments.importing import book
from iok.payments.models import StatementLine

Status = StatementLine.Status


def _waiting(line_pk, statuses=(Status.UNMATCHED,)) -> StatementLine:
    # The row lock makes a second clerk's decision on the same line wait and
    # then find it decided, instead of booking it twice.
    line = StatementLine.objects.select_for_update().get(pk=line_pk)
    if line.status not in statuses:
        raise ValidationError(_("This payment has been decided already."))
    return line


def _decided(line, user, reason=""):
    line.decided_by, line.decided_at, line.reason = user, clock.now(), reason


@transaction.atomic
def assign(line_pk: int, ledger, user, reason: str = "") -> StatementLine:
    """Book the payment to `ledger` now."""
    line = _waiting(line_pk)
    line.ledger, line.match = ledger, StatementLine.Match.MANUAL
    line.entry = book(line)
    line.status = Status.BOOKED
    _decided(line, user, reason)
    line.save()
    return line


@transaction.atomic
def set_aside(line_pk: int, status: str, reason: str, user) -> StatementLine:
    """Not ours, or to be returned to the sender: never booked to a ledger.
    A waiting reversal can only be not ours (no tenant's payment it takes
    back): the bank has taken the money already."""
    if status not in (Status.NOT_OURS, Status.TO_RETURN):
        raise ValidationError(_("Choose: not ours, or to be returned."))
    if not reason.strip():
        raise ValidationError(_("Give the reason."))
    line = _waiting(line_pk, StatementLine.WAITING)
    if line.status == Status.REVERSAL_WAITING and status != Status.NOT_OURS:
        raise ValidationError(_("A reversal can only be set aside as not ours."))
    line.status = status
    _decided(line, user, reason.strip())
    line.save()
    return line
