"""Writing the bank's payment order file for a batch of ordered refunds."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iok import clock
from iok.ledger.money import ZERO, format_money
from iok.refunds import credit, elixir, pain001
from iok.refunds.models import RefundBatch, RefundOrder

EXTENSIONS = {RefundBatch.Format.ELIXIR: "pli", RefundBatch.Format.PAIN001: "xml"}


def transfer_of(order: RefundOrder) -> elixir.Transfer:
    return elixir.Transfer(
        amount=order.amount,
        account=order.account,
        name=order.recipient_name,
        title=order.title,
        reference=order.reference,
    )


@transaction.atomic
def write_batch(
    order_ids, file_format: str, user, *, on: datetime.date | None = None
) -> RefundBatch:
    """Write the ordered refunds `order_ids` into one file of `file_format`,
    kept as a RefundBatch, and mark them sent. Refused when one of them is no
    longer ordered, or when a ledger's credit no longer covers its open
    refunds (new charges used it since): cancel or order again."""
    if file_format not in EXTENSIONS:
        raise ValidationError(_("Choose the file's format."), code="format")
    on = on or clock.today()
    orders = list(
        RefundOrder.objects.select_for_update(of=("self",))  # the ledgers: in id order, below
        .filter(pk__in=order_ids)
        .select_related("ledger__contract")
        .order_by("pk")
    )
    if not orders or len(orders) != len(set(order_ids)):
        raise ValidationError(_("Choose the refunds to send."), code="none")
    if any(order.state != RefundOrder.State.ORDERED for order in orders):
        raise ValidationError(
            _("Only refunds not yet sent can go into a file."), code="not_ordered"
        )
    _refuse_uncovered(orders)
    batch = RefundBatch.objects.create(
        format=file_format,
        file_name="",
        content=b"",
        execution_date=on,
        count=len(orders),
        total=sum((order.amount for order in orders), ZERO),
        created_by=user,
    )
    batch.file_name = f"zwroty-{on:%Y%m%d}-{batch.pk}.{EXTENSIONS[file_format]}"
    batch.content = _content(batch, orders)
    batch.save(update_fields=["file_name", "content"])
    for order in orders:
        order.state, order.batch = RefundOrder.State.SENT, batch
        order.save(update_fields=["state", "batch"])
    return batch


def _refuse_uncovered(orders: list[RefundOrder]) -> None:
    ledgers = {order.ledger_id: order.ledger for order in orders}
    balances = credit.lock(*ledgers.values())
    short = []
    for ledger_id, ledger in ledgers.items():
        owed = credit.open_refunds(ledger)
        if balances[ledger_id] < owed:
            short.append(
                _("%(number)s (credit %(credit)s, refunds ordered %(owed)s)")
                % {
                    "number": ledger.contract.number,
                    "credit": format_money(max(balances[ledger_id], ZERO)),
                    "owed": format_money(owed),
                }
            )
    if short:
        raise ValidationError(
            _("The credit no longer covers the refunds of: %(ledgers)s. Cancel them first.")
            % {"ledgers": "; ".join(short)},
            code="uncovered",
        )


def _content(batch: RefundBatch, orders: list[RefundOrder]) -> bytes:
    transfers = [transfer_of(order) for order in orders]
    payer = {"payer_name": settings.IOK_COMPANY_NAME, "payer_account": settings.IOK_COMPANY_ACCOUNT}
    if batch.format == RefundBatch.Format.ELIXIR:
        return elixir.write(transfers, on=batch.execution_date, **payer)
    return pain001.write(
        transfers,
        message_id=f"IOK-ZW-{batch.pk}",
        on=batch.execution_date,
        created=batch.created_at,
        **payer,
    )
