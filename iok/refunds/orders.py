"""Ordering and cancelling refunds of an overpayment (zwrot nadpłaty)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iok import clock
from iok.ledger.models import Ledger
from iok.ledger.money import format_money, money
from iok.ledger.nrb import compact, is_valid
from iok.refunds import credit
from iok.refunds.models import RefundOrder


def checked_account(account: str) -> str:
    """A Polish account number (NRB) as its 26 digits; ValidationError unless
    it is one with right check digits."""
    digits = compact(account).removeprefix("PL")
    if len(digits) != 26 or not digits.isdigit() or not is_valid(digits):
        raise ValidationError(
            _("%(account)s is not a valid Polish account number (26 digits, check digits).")
            % {"account": account},
            code="account",
        )
    return digits


@transaction.atomic
def order_refund(
    ledger: Ledger, amount: Decimal, account: str, recipient_name: str, reason: str, user
) -> RefundOrder:
    """Order a refund of `amount` of the ledger's credit to `account`.

    Refused when the amount is more than the credit less the ledger's other
    open refund orders: the ledger is locked first, so two clerks ordering
    at once cannot both order the same credit."""
    if amount <= 0 or money(amount) != amount:
        raise ValidationError(
            _("Give the amount to refund as a positive amount in złoty and grosze."),
            code="amount",
        )
    account = checked_account(account)
    if not recipient_name.strip() or not reason.strip():
        raise ValidationError(
            _("A refund needs the recipient's name and a reason."), code="no_reason"
        )
    balance = credit.lock(ledger)[ledger.pk]
    left = credit.available(ledger, balance)
    if amount > left:
        raise ValidationError(
            _(
                "The ledger of contract %(number)s has %(left)s of credit to refund"
                " (its credit less the refunds already ordered), not %(amount)s."
            )
            % {
                "number": ledger.contract.number,
                "left": format_money(left),
                "amount": format_money(amount),
            },
            code="over_credit",
        )
    return RefundOrder.objects.create(
        ledger=ledger,
        amount=amount,
        account=account,
        recipient_name=recipient_name.strip(),
        reason=reason.strip(),
        ordered_by=user,
    )


@transaction.atomic
def cancel_refund(order: RefundOrder, user) -> RefundOrder:
    """Cancel an order not yet booked. A sent one may be cancelled too (the
    bank refused the file): should its debit still come, it is not booked and
    waits among the debits for staff."""
    order = RefundOrder.objects.select_for_update().get(pk=order.pk)
    if not order.can_cancel:
        raise ValidationError(_("This refund is booked or cancelled already."), code="closed")
    order.state = RefundOrder.State.CANCELLED
    order.cancelled_by, order.cancelled_at = user, clock.now()
    order.save(update_fields=["state", "cancelled_by", "cancelled_at"])
    return order
