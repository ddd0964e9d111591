"""Office pages for payments: statement upload with preview, and the queue of
payments nothing matched. Reading them needs the view permission of what they
show (City Hall reads them too), acting on them the add/change permission of
what changes (staff only); anyone else gets 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iok import clock
from iok.access.roles import requires
from iok.ledger.money import format_money
from iok.office.forms import AssignForm, SetAsideForm, UploadForm
from iok.payments import reconciliation
from iok.payments.importing import import_statements
from iok.payments.models import StatementLine, Upload
from iok.payments.parsers.detect import parse_statement
from iok.payments.staged import StatementError


def _get_waiting_upload(pk) -> Upload:
    return get_object_or_404(Upload, pk=pk, imported__isnull=True)


def _import(request, upload, *, dry_run):
    staged = parse_statement(bytes(upload.data), source=upload.name, format=upload.format or None)
    return import_statements(staged, user=request.user, dry_run=dry_run)


@requires("payments.add_upload")
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        saved = Upload.objects.create(
            name=file.name,
            data=file.read(),
            format=form.cleaned_data["format"],
            uploaded_by=request.user,
        )
        messages.info(
            request,
            _("File %(name)s received: nothing is booked until you confirm below.")
            % {"name": saved.name},
        )
        return redirect("office:statement_preview", saved.pk)
    return render(request, "office/upload.html", {"form": form, "section": "statements"})


@requires("payments.view_upload")
def preview(request, pk):
    upload = _get_waiting_upload(pk)
    try:
        result, error = _import(request, upload, dry_run=True), None
    except StatementError as exc:
        result, error = None, str(exc)
    context = {"upload": upload, "result": result, "error": error, "section": "statements"}
    return render(request, "office/preview.html", context)


@require_POST
@requires("payments.change_upload", "payments.add_statement")
def confirm(request, pk):
    upload = _get_waiting_upload(pk)
    try:
        result = _import(request, upload, dry_run=False)
    except StatementError as exc:
        messages.error(request, str(exc))
        return redirect("office:statement_preview", upload.pk)
    upload.imported = clock.now()
    upload.save(update_fields=["imported"])
    messages.success(
        request,
        _("Imported: %(booked)d payments booked, %(unmatched)d wait in the queue.")
        % {"booked": result.booked, "unmatched": result.unmatched},
    )
    return redirect("office:payment_queue")


@requires("payments.view_statementline")
def queue(request):
    waiting = (
        StatementLine.objects.filter(status=StatementLine.Status.UNMATCHED)
        .select_related("statement")
        .order_by("booking_date", "pk")
    )
    return render(
        request,
        "office/queue.html",
        {"lines": waiting, "assign_form": AssignForm(), "section": "queue"},
    )


def _decide(request, pk, form, decision, done):
    """Check the form, take the decision, and say what was done (or why not)."""
    get_object_or_404(StatementLine, pk=pk)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("office:payment_queue")
    try:
        line = decision(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done(line))
    return redirect("office:payment_queue")


def _payment_of(line) -> dict:
    return {
        "amount": format_money(line.amount),
        "date": line.booking_date.strftime("%d.%m.%Y"),
        "payer": line.counterparty_name or _("payer unknown"),
    }


def _assigned(line) -> str:
    return _(
        "Payment of %(amount)s of %(date)s from %(payer)s booked to the ledger of contract"
        " %(contract)s."
    ) % (_payment_of(line) | {"contract": line.ledger.contract.number})


def _set_aside(line) -> str:
    return _("Payment of %(amount)s of %(date)s from %(payer)s set aside: %(decision)s.") % (
        _payment_of(line) | {"decision": line.get_status_display()}
    )


@require_POST
@requires("payments.change_statementline")
def assign(request, pk):
    form = AssignForm(request.POST)
    return _decide(
        request,
        pk,
        form,
        lambda data: reconciliation.assign(pk, data["ledger"], request.user, data["reason"]),
        _assigned,
    )


@require_POST
@requires("payments.change_statementline")
def set_aside(request, pk):
    form = SetAsideForm(request.POST)
    return _decide(
        request,
        pk,
        form,
        lambda data: reconciliation.set_aside(pk, data["status"], data["reason"], request.user),
        _set_aside,
    )
