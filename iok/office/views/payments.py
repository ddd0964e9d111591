"""Office pages for payments: statement upload with preview, the history of
imported statements, and the queue of payments nothing matched. Reading them
needs the view permission of what they show (City Hall reads them too),
acting on them the add/change permission of what changes (staff only);
anyone else gets 404."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iok.access.roles import requires
from iok.jobs.models import Job
from iok.jobs.running import start
from iok.ledger.money import format_money
from iok.office.forms import AssignForm, ReversalForm, SetAsideForm, UploadForm
from iok.office.views.jobs import REFRESH_SECONDS, after_start
from iok.payments import reconciliation, reversals, uploads
from iok.payments.models import Statement, StatementLine, Upload
from iok.payments.staged import StatementError

STATEMENTS_PER_PAGE = 50
LINES_PER_PAGE = 200


def _get_upload(pk) -> Upload:
    return get_object_or_404(Upload, pk=pk)


def _to_statements(upload):
    """An imported file's page: its statement's, or the list of its statements."""
    statements = list(upload.statements.values_list("pk", flat=True)[:2])
    if len(statements) == 1:
        return redirect("office:statement_detail", statements[0])
    return redirect(f"{reverse('office:statement_list')}?plik={upload.pk}")


@requires("payments.add_upload")
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        saved = Upload.receive(file.name, file.read(), form.cleaned_data["format"], request.user)
        messages.info(
            request,
            _("File %(name)s received: nothing is booked until you confirm below.")
            % {"name": saved.name},
        )
        return redirect("office:statement_preview", saved.pk)
    return render(request, "office/upload.html", {"form": form, "section": "statements"})


@requires("payments.view_upload")
def preview(request, pk):
    upload = _get_upload(pk)
    if upload.imported is not None:
        return _to_statements(upload)
    job = _import_job(upload)
    if job is not None:
        context = {"upload": upload, "job": job, "refresh": REFRESH_SECONDS}
        return render(request, "office/importing.html", context | {"section": "statements"})
    try:
        found, error = uploads.preview(upload, request.user), None
    except StatementError as exc:
        found, error = None, str(exc)
    context = {"upload": upload, "preview": found, "error": error, "section": "statements"}
    return render(request, "office/preview.html", context)


@require_POST
@requires("payments.change_upload", "payments.add_statement")
def confirm(request, pk):
    """Start the file's import in the background; its preview page follows it."""
    upload = _get_upload(pk)
    preview_url = reverse("office:statement_preview", args=[upload.pk])
    if _import_job(upload) is not None:
        messages.info(request, _("%(name)s is being imported already.") % {"name": upload.name})
        return redirect(preview_url)
    title = _("Import of the statement file %(name)s") % {"name": upload.name}
    job = start(
        Job.Kind.STATEMENT_IMPORT,
        title,
        {"upload": upload.pk},
        user=request.user,
        target=f"upload:{upload.pk}",
    )
    return after_start(request, job, follow_at=preview_url)


def _import_job(upload) -> Job | None:
    """The import of `upload` waiting or running, if any."""
    return Job.objects.active().filter(target=f"upload:{upload.pk}").first()


@requires("payments.view_statement")
def statement_list(request):
    """The imported statements, the latest first, each with what became of its lines."""
    found = Statement.objects.with_outcomes().select_related("imported_by", "upload")
    query = ""
    upload_pk = request.GET.get("plik", "")
    if upload_pk.isdigit():
        found, query = found.filter(upload=upload_pk), f"plik={upload_pk}"
    page = Paginator(found.order_by("-imported", "-pk"), STATEMENTS_PER_PAGE).get_page(
        request.GET.get("strona")
    )
    context = {"page": page, "query": query, "section": "history"}
    return render(request, "office/statements.html", context)


@requires("payments.view_statement", "payments.view_statementline")
def statement_detail(request, pk):
    """One statement: where it came from, and what became of each of its lines."""
    statement = get_object_or_404(
        Statement.objects.with_outcomes().select_related("imported_by", "upload"), pk=pk
    )
    lines = statement.lines.select_related("ledger__contract", "decided_by").order_by(
        "line_number", "pk"
    )
    page = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("strona"))
    context = {"statement": statement, "page": page, "section": "history"}
    return render(request, "office/statement.html", context)


QUEUE_PER_PAGE = 50
NEWEST_FIRST = "najnowsze"


QUEUE_STATEMENT = "wyciag"


@requires("payments.view_statementline")
def queue(request):
    """The payments nothing matched, and the reversals (storno) whose payment
    could not be told, a page at a time: the oldest first (the longest
    waiting), or the newest first when the clerk asks for it; all of them, or
    one statement's (`?wyciag=<id>`, from that statement's page). A reversal
    lists the payments it could take back (reversals are few)."""
    newest = request.GET.get("kolejnosc") == NEWEST_FIRST
    statement = _queue_statement(request.GET.get(QUEUE_STATEMENT))
    order = ("-booking_date", "-pk") if newest else ("booking_date", "pk")
    waiting = StatementLine.objects.filter(status__in=StatementLine.WAITING)
    if statement is not None:
        waiting = waiting.filter(statement=statement)
    waiting = waiting.select_related("statement").order_by(*order)
    page = Paginator(waiting, QUEUE_PER_PAGE).get_page(request.GET.get("strona"))
    for line in page.object_list:
        if line.status == StatementLine.Status.REVERSAL_WAITING:
            line.payments_to_name = reversals.payments_to_name(line)
    kept = {QUEUE_STATEMENT: statement.pk} if statement is not None else {}
    context = {
        "page": page,
        "query": urlencode(kept | ({"kolejnosc": NEWEST_FIRST} if newest else {})),
        "order_query": urlencode(kept | ({} if newest else {"kolejnosc": NEWEST_FIRST})),
        "newest": newest,
        "statement": statement,
        "assign_form": AssignForm(),
        "section": "queue",
    }
    return render(request, "office/queue.html", context)


def _queue_statement(pk: str | None) -> Statement | None:
    """The statement the queue is narrowed to, if asked; an id that is not
    a statement's is a page that does not exist (404), like any other."""
    if not pk:
        return None
    if not pk.isdigit():
        raise Http404("No such statement.")
    return get_object_or_404(Statement, pk=pk)


def _back_to_queue(request):
    """The queue's page the clerk acted from (its order, statement and page
    number kept)."""
    query = {
        key: request.POST[key]
        for key in ("kolejnosc", QUEUE_STATEMENT, "strona")
        if request.POST.get(key, "").isalnum()
    }
    url = reverse("office:payment_queue")
    return redirect(f"{url}?{urlencode(query)}" if query else url)


def _decide(request, pk, form, decision, done):
    """Check the form, take the decision, and say what was done (or why not)."""
    get_object_or_404(StatementLine, pk=pk)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back_to_queue(request)
    try:
        line = decision(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done(line))
    return _back_to_queue(request)


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


def _reversal_booked(line) -> str:
    payment = line.entry.counterpart
    return _(
        "Reversal of %(amount)s of %(date)s booked to the ledger of contract %(contract)s:"
        " it takes back the payment of %(paid)s."
    ) % (
        _payment_of(line)
        | {
            "contract": line.ledger.contract.number,
            "paid": payment.operation_date.strftime("%d.%m.%Y"),
        }
    )


@require_POST
@requires("payments.change_statementline")
def assign_reversal(request, pk):
    form = ReversalForm(request.POST)
    return _decide(
        request,
        pk,
        form,
        lambda data: reversals.assign(pk, data["payment"], request.user, data["reason"]),
        _reversal_booked,
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
