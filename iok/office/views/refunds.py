"""Refunds of credit and transfers between ledgers, from the office: a
ledger's refund page (its credit, its refunds, the forms to order a refund
and to transfer credit), the list of refund orders with the form that
writes the bank's file, the file's download, cancelling an order. Reading
needs the refunds' view permission (City Hall reads them), acting the
add/change permission of what changes, transferring its own (staff only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iok.access.roles import requires
from iok.ledger.models import Ledger
from iok.ledger.money import format_money
from iok.office.forms import LedgerSearchForm
from iok.office.refund_forms import BatchForm, RefundOrderForm, TransferForm
from iok.refunds import credit
from iok.refunds.batches import write_batch
from iok.refunds.models import RefundBatch, RefundOrder
from iok.refunds.orders import cancel_refund, order_refund
from iok.refunds.transfers import transfer_credit

READ = ("refunds.view_refundorder", "ledger.view_ledger")
SHOWN_ORDERS = 200
CONTENT_TYPES = {RefundBatch.Format.ELIXIR: "text/plain; charset=windows-1250",
                 RefundBatch.Format.PAIN001: "application/xml"}  # fmt: skip


def _get_ledger(pk) -> Ledger:
    return get_object_or_404(Ledger.objects.select_related("contract__premises"), pk=pk)


def _ledger_page(request, ledger, order_form=None, transfer_form=None, status=200):
    context = {
        "ledger": ledger,
        "available": credit.available(ledger),
        "orders": ledger.refund_orders.select_related("batch", "entry"),
        "order_form": order_form or RefundOrderForm(),
        "transfer_form": transfer_form or TransferForm(ledger),
        "section": "refunds",
    }
    return render(request, "office/refunds/ledger.html", context, status=status)


@requires(*READ)
def orders(request):
    """The refund orders, newest first; a ledger found by its number leads to its page."""
    form = LedgerSearchForm(request.GET if "ledger" in request.GET else None)
    if form.is_valid():
        return redirect("office:refund_ledger", form.cleaned_data["ledger"].pk)
    shown = RefundOrder.objects.select_related("ledger__contract", "batch")[:SHOWN_ORDERS]
    context = {
        "form": form,
        "orders": shown,
        "batch_form": BatchForm(),
        "batches": RefundBatch.objects.all()[:20],
        "section": "refunds",
    }
    return render(request, "office/refunds/list.html", context)


@requires(*READ)
def ledger_page(request, ledger_pk):
    return _ledger_page(request, _get_ledger(ledger_pk))


@require_POST
@requires("refunds.add_refundorder", *READ)
def order(request, ledger_pk):
    ledger = _get_ledger(ledger_pk)
    form = RefundOrderForm(request.POST)
    if not form.is_valid():
        return _ledger_page(request, ledger, order_form=form)
    try:
        refund = order_refund(ledger, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _ledger_page(request, ledger, order_form=form)
    messages.success(
        request,
        _("Refund %(reference)s of %(amount)s ordered: it goes out with the next bank file.")
        % {"reference": refund.reference, "amount": format_money(refund.amount)},
    )
    return redirect("office:refund_ledger", ledger.pk)


@require_POST
@requires("refunds.transfer_credit", *READ)
def transfer(request, ledger_pk):
    ledger = _get_ledger(ledger_pk)
    form = TransferForm(ledger, request.POST)
    if not form.is_valid():
        return _ledger_page(request, ledger, transfer_form=form)
    data = form.cleaned_data
    try:
        transfer_credit(ledger, data["target"], data["amount"], data["reason"], request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return _ledger_page(request, ledger, transfer_form=form)
    messages.success(
        request,
        _("%(amount)s moved to the ledger of contract %(number)s.")
        % {"amount": format_money(data["amount"]), "number": data["target"].contract.number},
    )
    return redirect("office:refund_ledger", ledger.pk)


@require_POST
@requires("refunds.change_refundorder", *READ)
def cancel(request, pk):
    refund = get_object_or_404(RefundOrder, pk=pk)
    try:
        cancel_refund(refund, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Refund %(reference)s cancelled.") % {"reference": refund.reference}
        )
    return redirect("office:refund_ledger", refund.ledger_id)


@require_POST
@requires("refunds.add_refundbatch", "refunds.change_refundorder", *READ)
def batch_new(request):
    form = BatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the refunds to send and the file's format."))
        return redirect("office:refunds")
    try:
        batch = write_batch(
            [order.pk for order in form.cleaned_data["orders"]],
            form.cleaned_data["format"],
            request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("office:refunds")
    messages.success(
        request,
        _(
            "File %(name)s written: %(count)d refunds, %(total)s."
            " Download it and send it to the bank for payment."
        )
        % {"name": batch.file_name, "count": batch.count, "total": format_money(batch.total)},
    )
    return redirect("office:refunds")


@requires("refunds.view_refundbatch")
def batch_file(request, pk):
    """The file as it was written, to be sent to the bank."""
    batch = get_object_or_404(RefundBatch, pk=pk)
    response = HttpResponse(bytes(batch.content), content_type=CONTENT_TYPES[batch.format])
    response["Content-Disposition"] = f'attachment; filename="{batch.file_name}"'
    return response
