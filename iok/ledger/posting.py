"""Posting entries: the one place where a ledger's balance changes."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.utils.translation import gettext as _

from iok import clock
from iok.ledger import closing
from iok.ledger.models import Component, Entry, EntryLine, Ledger
from iok.ledger.money import ZERO, MoneyField, format_money, money
from iok.ledger.virtual_account import virtual_account_for
from iok.periods import Period
from iok.registry.models import Contract


@dataclass(frozen=True)
class Line:
    component: Component
    amount: Decimal
    vat: Decimal = ZERO
    vat_rate: int | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None


def open_ledger(contract: Contract) -> Ledger:
    """The contract's ledger with its virtual account number, created if missing."""
    with transaction.atomic():
        ledger, created = Ledger.objects.get_or_create(contract=contract)
        if created:
            ledger.virtual_account = virtual_account_for(ledger.pk)
            ledger.save(update_fields=["virtual_account"])
    return ledger


def add_to_balance(ledger_id: int, amount: Decimal) -> None:
    # F() makes the database add to the value it holds, never to a stale copy.
    Ledger.objects.filter(pk=ledger_id).update(
        balance=F("balance") + Value(amount, output_field=MoneyField())
    )


@transaction.atomic
def post_entry(
    ledger: Ledger,
    kind: str,
    *,
    title: str,
    operation_date: datetime.date,
    amount: Decimal | None = None,
    lines: list[Line] = (),
    booking_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    period: Period | None = None,
    document: str = "",
    corrects: Entry | None = None,
    counterpart: Entry | None = None,
) -> Entry:
    """Book one entry and move the balance by its amount, all or nothing.

    With lines, the amount is their sum (and must agree if given too)."""
    total = money(sum((line.amount for line in lines), ZERO)) if lines else None
    amount = money(amount) if amount is not None else total
    if amount is None:
        raise ValidationError(_("An entry needs an amount or lines."))
    if total is not None and total != amount:
        raise ValidationError(
            _("The lines add up to %(total)s, not to the amount %(amount)s.")
            % {"total": format_money(total), "amount": format_money(amount)}
        )
    booking_date = booking_date or clock.today()
    closing.refuse_closed([operation_date, booking_date])
    # Lock the ledger row first, so that concurrent postings queue here.
    Ledger.objects.select_for_update().filter(pk=ledger.pk).values_list("pk").get()
    entry = Entry.objects.create(
        ledger=ledger,
        kind=kind,
        title=title,
        amount=amount,
        operation_date=operation_date,
        booking_date=booking_date,
        due_date=due_date,
        period=str(period or Period.of(operation_date)),
        document=document,
        corrects=corrects,
        counterpart=counterpart,
    )
    EntryLine.objects.bulk_create(
        EntryLine(
            entry=entry,
            component=line.component,
            amount=money(line.amount),
            vat=money(line.vat),
            vat_rate=line.vat_rate,
            quantity=line.quantity,
            unit_price=line.unit_price,
        )
        for line in lines
    )
    add_to_balance(ledger.pk, amount)
    ledger.refresh_from_db(fields=["balance"])
    return entry
