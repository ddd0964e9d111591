"""The housing allowance the city pays for many tenants in one transfer:
the clerk splits a waiting payment by the welfare office's list (upload,
preview, confirm), and City Hall reads the allowances booked month by
month. Splitting needs the change permission of statement lines and the
add permission of the split's rows (staff); the report the view permission
of the rows and of entries (staff and City Hall; its reads are audited,
iok/audit/reads.py). Anyone else gets 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from iok.access.roles import requires
from iok.ledger.money import format_money
from iok.office.allowance_forms import AllowanceConfirmForm, AllowanceListForm, AllowanceReportForm
from iok.payments import allowance
from iok.payments.models import StatementLine

SPLIT = ("payments.change_statementline", "payments.add_allowancesplit")
REPORT = ("payments.view_allowancesplit", "ledger.view_entry")


def _get_waiting_line(pk) -> StatementLine:
    """The payment to split: a credit still waiting for a ledger."""
    line = get_object_or_404(StatementLine.objects.select_related("statement"), pk=pk)
    if not allowance.can_split(line):
        raise ValidationError(_("This payment has been decided already."))
    return line


@requires(*SPLIT)
def split(request, pk):
    """The list's upload (GET) and its preview (POST): nothing is booked yet."""
    try:
        line = _get_waiting_line(pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("office:payment_queue")
    form = AllowanceListForm(request.POST or None, request.FILES or None)
    rows, errors = None, []
    if request.method == "POST" and form.is_valid():
        try:
            rows = allowance.read_list(form.cleaned_data["file"], line)
        except ValidationError as exc:
            errors = exc.messages
    context = {
        "line": line,
        "form": form,
        "rows": rows,
        "errors": errors,
        "confirm": AllowanceConfirmForm(initial={"text": form.cleaned_data.get("file", "")})
        if rows
        else None,
        "section": "queue",
    }
    return render(request, "office/allowances/split.html", context)


@require_POST
@requires(*SPLIT)
def split_confirm(request, pk):
    get_object_or_404(StatementLine, pk=pk)
    form = AllowanceConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The list is missing: upload it again."))
        return redirect("office:allowance_split", pk)
    try:
        splits = allowance.split(pk, form.cleaned_data["text"], request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("office:allowance_split", pk)
    line = splits[0].line
    messages.success(
        request,
        _("Housing allowance of %(amount)s split into %(count)d ledgers.")
        % {"amount": format_money(line.amount), "count": len(splits)},
    )
    return redirect("office:statement_detail", line.statement_id)


@requires(*REPORT)
@require_safe
def report(request):
    """The allowances booked in each month of a year, with the year's total."""
    form = AllowanceReportForm(request.GET)  # bound even when empty: this year
    year = form.year() if form.is_valid() else None
    months = allowance.booked_per_month(year, form.cleaned_data["budynki"]) if year else []
    context = {
        "form": form,
        "year": year,
        "months": months,
        "total": allowance.year_total(months),
        "by_building": year is not None and form.cleaned_data["budynki"],
        "section": "allowances",
    }
    return render(request, "office/allowances/report.html", context)
