"""The monthly billing (naliczenie) from the office: choose a month, see what
it would book and skip, book it. Staff only (`ledger.run_billing`), like
`iok bill`; the run is the same `bill_month`, audited the same way, with
the clerk as the actor."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iok import clock
from iok.access.roles import requires
from iok.ledger.billing import bill_month, latest_billable, preview_month
from iok.ledger.money import format_money
from iok.office.billing_forms import BillingMonthForm
from iok.periods import Period

BILLING = ("ledger.view_ledger", "ledger.run_billing")
WARNINGS_SHOWN = 20


@requires(*BILLING)
def billing(request):
    """The month's form and, for a month given, the preview of its run."""
    today = clock.today()
    form = BillingMonthForm(request.GET or None, initial={"month": str(Period.of(today))})
    preview = preview_month(form.cleaned_data["month"]) if form.is_valid() else None
    context = {
        "form": form,
        "preview": preview,
        "latest": latest_billable(today),
        "warnings_shown": WARNINGS_SHOWN,
        "section": "billing",
    }
    return render(request, "office/billing.html", context)


@require_POST
@requires(*BILLING)
def book(request):
    """Book the month's charges; the message says what was booked."""
    form = BillingMonthForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("month", []):
            messages.error(request, error)
        return redirect("office:billing")
    period = form.cleaned_data["month"]
    try:
        result = bill_month(period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("office:billing")
    facts = {
        "period": period,
        "charged": result.charged,
        "total": format_money(-result.total),
        "before": result.already_charged,
    }
    if result.charged:
        messages.success(
            request,
            _(
                "Billed %(period)s: %(charged)d ledgers charged, %(total)s in total;"
                " %(before)d already charged were left alone."
            )
            % facts,
        )
    else:
        messages.info(
            request,
            _("Nothing booked for %(period)s: %(before)d ledgers were already charged.") % facts,
        )
    for warning in result.warnings[:WARNINGS_SHOWN]:
        messages.warning(request, warning)
    return redirect(f"{reverse('office:billing')}?{urlencode({'month': period})}")
