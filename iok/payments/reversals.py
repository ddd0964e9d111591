"""Reversals (storno): the bank takes back a payment it had credited.

A reversal of a credit (MT940 `RC`, camt `RvslInd` on a debit) is booked on
the ledger of the payment it takes back, when that payment can be told: the
one booked payment with the reversal's bank reference, else the one booked
payment of the same amount from the same payer's account in the
`IOK_REVERSAL_WINDOW_DAYS` before it. The reversal entry names the payment
(`Entry.counterpart`) and takes back its whole amount; allocation then pairs
the two (iok/ledger/allocation.py), so the charges the payment paid are
unpaid again. A reversal that cannot be told, or whose payment was reversed
already, waits in the office's queue with its own status until a clerk
names the payment or sets it aside. A reversal of a debit (`RD`, a fee given
back) is money in that is no tenant's: staged, never matched, never queued."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iok import clock
from iok.ledger.allocation import reallocate
from iok.ledger.models import Entry
from iok.ledger.money import format_money
from iok.ledger.posting import post_entry
from iok.payments.models import StatementLine

Status = StatementLine.Status
Match = StatementLine.Match


def initial_status(credit: bool, reversal: bool) -> str:
    """A staged line's status before matching."""
    if reversal:
        return Status.DEBIT_REVERSAL if credit else Status.REVERSAL_WAITING
    return Status.UNMATCHED if credit else Status.DEBIT


def reversible(line: StatementLine):
    """The booked payments a reversal line could take back: payments from the
    statement's own account (bank references are the account's), not
    reversed already."""
    return (
        StatementLine.objects.filter(
            status=Status.BOOKED,
            credit=True,
            entry__isnull=False,
            statement__account=line.statement.account,
        )
        .exclude(entry__answered_by__kind=Entry.Kind.REVERSAL)
        .select_related("entry", "ledger")
    )


def window_start(line: StatementLine) -> datetime.date:
    return line.booking_date - datetime.timedelta(days=settings.IOK_REVERSAL_WINDOW_DAYS)


def reversed_payment(line: StatementLine) -> tuple[StatementLine | None, str]:
    """The payment line `line` reverses and how it was told, or (None, "")
    when no single payment fits. A reference that names booked payments
    decides alone: if they are not exactly one unreversed payment of the
    reversal's amount, the reversal waits (never a guess by the payer)."""
    if line.bank_reference:
        named = StatementLine.objects.filter(
            status=Status.BOOKED,
            credit=True,
            statement__account=line.statement.account,
            bank_reference=line.bank_reference,
        )
        if named.exists():
            found = list(reversible(line).filter(pk__in=named, amount=line.amount)[:2])
            return (found[0], Match.REVERSED_REFERENCE) if len(found) == 1 else (None, "")
    if not line.counterparty_account:
        return None, ""
    found = list(
        reversible(line).filter(
            amount=line.amount,
            counterparty_account=line.counterparty_account,
            booking_date__range=(window_start(line), line.booking_date),
        )[:2]
    )
    return (found[0], Match.REVERSED_PAYER) if len(found) == 1 else (None, "")


def reversal_title(payment: Entry) -> str:
    return (
        _("Reversal of the payment of %(date)s, %(amount)s: %(title)s")
        % {
            "date": payment.operation_date.strftime("%d.%m.%Y"),
            "amount": format_money(payment.amount),
            "title": payment.title,
        }
    )[:200]


def book_reversal(
    line: StatementLine, payment_line: StatementLine, how: str, user=None, reason: str = ""
) -> Entry:
    """The reversal entry of `line` on the ledger of `payment_line`'s payment,
    naming it; the line marked booked (by `user`, when a clerk decided), in
    one write: a booked line changes no more (migration 0007). Allocation is
    the caller's (an import allocates its ledgers once, after the statement)."""
    payment = payment_line.entry
    entry = post_entry(
        payment.ledger,
        Entry.Kind.REVERSAL,
        title=reversal_title(payment),
        amount=-payment.amount,
        operation_date=line.booking_date,
        document=(line.bank_reference or line.key)[:60],
        counterpart=payment,
    )
    line.ledger_id, line.entry, line.match = payment.ledger_id, entry, how
    line.status = Status.REVERSAL_BOOKED
    if user is not None:
        line.decided_by, line.decided_at, line.reason = user, clock.now(), reason.strip()
    line.save()
    return entry


def book_identified(statement) -> tuple[list[StatementLine], int]:
    """Book every reversal of `statement` whose payment can be told; the rest
    wait. Returns the lines booked (their entries loaded) and how many wait.
    Inside the statement's transaction: the statement's own payments are
    written, so a payment and its reversal in one file find each other."""
    booked, waiting = [], 0
    lines = StatementLine.objects.filter(statement=statement, status=Status.REVERSAL_WAITING)
    for line in lines.select_related("statement").order_by("line_number", "pk"):
        payment_line, how = reversed_payment(line)
        if payment_line is None:
            waiting += 1
            continue
        try:
            with transaction.atomic():  # a savepoint: a refusal writes nothing
                book_reversal(line, payment_line, how)
        except ValidationError:
            # Dated inside closed books: the clerk decides (and is told why).
            waiting += 1
            continue
        booked.append(line)
    return booked, waiting


def payments_to_name(line: StatementLine, limit: int = 10) -> list[StatementLine]:
    """For the clerk: the booked, unreversed payments of the reversal's
    amount on or before its date, the latest first (the clerk picks one)."""
    found = reversible(line).filter(amount=line.amount, booking_date__lte=line.booking_date)
    return list(found.select_related("ledger__contract").order_by("-booking_date", "-pk")[:limit])


@transaction.atomic
def assign(line_pk: int, payment_line_pk: int, user, reason: str = "") -> StatementLine:
    """A clerk names the payment a waiting reversal takes back: the reversal
    is booked on its ledger and the ledger allocated again."""
    line = StatementLine.objects.select_for_update().select_related("statement").get(pk=line_pk)
    if line.status != Status.REVERSAL_WAITING:
        raise ValidationError(_("This payment has been decided already."))
    payment_line = reversible(line).filter(pk=payment_line_pk, amount=line.amount).first()
    if payment_line is None:
        raise ValidationError(
            _("That is not a booked payment of this amount that has not been reversed yet.")
        )
    entry = book_reversal(line, payment_line, Match.MANUAL, user, reason)
    reallocate([entry.ledger_id], entry.counterpart.operation_date)
    return line
