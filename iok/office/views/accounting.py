"""The accounting export from the office: choose a period, see the journal's
totals per account reconciled against the ledger's, download the CSV.
Staff and City Hall (`ledger.view_ledger` and `ledger.view_entry`); each
showing and each download is recorded as a read of the entries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from iok import clock
from iok.access.roles import requires
from iok.accounting.export import journal_csv
from iok.accounting.forms import DownloadForm, PeriodForm
from iok.accounting.journal import journal
from iok.accounting.reconciliation import reconcile
from iok.accounting.summary import summarise
from iok.audit import reads, recording
from iok.ledger.models import Entry
from iok.ledger.money import format_money
from iok.periods import Period

ACCOUNTING = ("ledger.view_ledger", "ledger.view_entry")


def _this_month() -> dict:
    month = Period.of(clock.today())
    return {"first": month.first_day, "last": month.last_day}


def _query_of(first, last) -> str:
    return urlencode({"first": first.isoformat(), "last": last.isoformat()})


def _record_read(request) -> None:
    if reads.is_reader(request.user):
        recording.record_read(Entry)


@requires(*ACCOUNTING)
@require_safe
def accounting(request):
    """The period's form and, for a period given, its totals per account."""
    form = PeriodForm(request.GET or None, initial=_this_month())
    result = None
    if form.is_valid():
        result = _reconciled(request, form.cleaned_data["first"], form.cleaned_data["last"])
    context = {
        "form": form,
        "result": result,
        "rows": summarise(result) if result else None,
        "query": _query_of(form.cleaned_data["first"], form.cleaned_data["last"]) if result else "",
        "section": "accounting",
    }
    response = render(request, "office/accounting/journal.html", context)
    _record_read(request)
    return response


def _reconciled(request, first, last):
    try:
        result = reconcile(first, last)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    facts = {
        "first": first.strftime("%d.%m.%Y"),
        "last": last.strftime("%d.%m.%Y"),
        "documents": result.documents,
        "debit": format_money(result.debit),
    }
    if result.agrees:
        messages.success(
            request,
            _(
                "Journal %(first)s–%(last)s: %(documents)d documents, Wn = Ma = %(debit)s; "
                "every account agrees with the ledger."
            )
            % facts,
        )
    else:
        messages.error(
            request,
            _("Journal %(first)s–%(last)s does not agree with the ledger: see the accounts marked.")
            % facts,
        )
    return result


@requires(*ACCOUNTING)
@require_safe
def download(request):
    """The CSV of the period (the current month when none is given)."""
    form = DownloadForm(request.GET or None, initial=_this_month())
    if request.GET and not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect("office:accounting:journal")
    data = form.cleaned_data if request.GET else {**_this_month(), "encoding": "utf-8"}
    first, last = data["first"], data["last"]
    try:
        documents = journal(first, last)
    except ValidationError:
        # Back to the period's page, which says what has no account (its message).
        return redirect(f"{reverse('office:accounting:journal')}?{_query_of(first, last)}")
    body = journal_csv(documents, encoding=data["encoding"], dates=data.get("dates") or "dmy")
    charset = "utf-8" if data["encoding"] == "utf-8" else "windows-1250"
    response = HttpResponse(body, content_type=f"text/csv; charset={charset}")
    name = f"dziennik-{first:%Y%m%d}-{last:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    _record_read(request)
    return response


urlpatterns = [
    path("", accounting, name="journal"),
    path("dziennik.csv", download, name="csv"),
]
