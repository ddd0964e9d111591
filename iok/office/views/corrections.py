"""Corrections from the office: find a ledger, choose an entry, say what to
reverse (whole components or an amount of a line), when and why, see the
lines it will book, confirm. The preview is `iok.ledger.corrections.plan_reversal`,
the booking `reverse_entry`, which books the same plan; both refuse a date
before the entry or inside a closed period."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iok import clock
from iok.access.roles import requires
from iok.ledger.corrections import (
    correction_title,
    first_correction_day,
    remaining_amount,
    remaining_by_component,
    reverse_entry,
)
from iok.ledger.models import Entry, EntryLine
from iok.ledger.money import format_money
from iok.office.forms import CorrectionForm, LedgerSearchForm

SHOWN_ENTRIES = 60


def _get_entry(pk) -> Entry:
    entries = Entry.objects.select_related("ledger__contract", "corrects")
    return get_object_or_404(entries, pk=pk)


def _back_to_ledger(entry):
    return f"{reverse('office:corrections')}?{urlencode({'ledger': entry.ledger.contract.number})}"


@requires("ledger.add_correction", "ledger.view_entry")
def find(request):
    """The entries of the ledger asked for, latest first, each to be corrected."""
    form = LedgerSearchForm(request.GET if "ledger" in request.GET else None)
    ledger, entries = None, []
    if form.is_valid():
        ledger = form.cleaned_data["ledger"]
        lines = EntryLine.objects.select_related("component")
        entries = (
            ledger.entries.order_by("-operation_date", "-id")
            .select_related("reason")
            .prefetch_related(Prefetch("lines", queryset=lines), "corrections")[:SHOWN_ENTRIES]
        )
    context = {"form": form, "ledger": ledger, "entries": entries, "section": "corrections"}
    return render(request, "office/corrections/find.html", context)


def _correction_form(request, entry):
    left = remaining_by_component(entry) if entry.lines.exists() else {}
    data = request.POST if request.method == "POST" else None
    # Today, unless the entry is dated later (a charge billed in advance).
    on = max(clock.today(), first_correction_day(entry))
    form = CorrectionForm(entry, left, data, initial={"on": on})
    return form, left


def _refusal(entry) -> str | None:
    """Why nothing can be reversed of `entry`, or None."""
    if entry.kind == Entry.Kind.CORRECTION:
        return _("This entry is a correction itself: it cannot be corrected; book a new entry.")
    if entry.lines.exists():
        nothing_left = not remaining_by_component(entry)
    else:
        nothing_left = not remaining_amount(entry)
    return _("Nothing is left to reverse in this entry.") if nothing_left else None


@requires("ledger.add_correction", "ledger.view_entry")
def new(request, pk):
    """The form; a valid POST shows what will be booked, to be confirmed."""
    entry = _get_entry(pk)
    refusal = _refusal(entry)
    form, left = _correction_form(request, entry)
    template, tenant_title = "office/corrections/new.html", None
    if refusal is None and request.method == "POST" and form.is_valid():
        template = "office/corrections/confirm.html"
        shown = form.cleaned_data["reason"] if form.cleaned_data["show_reason"] else None
        tenant_title = correction_title(entry, shown)
    context = {
        "tenant_title": tenant_title,
        "entry": entry,
        "left": left.values(),
        "form": form,
        "refusal": refusal,
        "section": "corrections",
    }
    return render(request, template, context)


@require_POST
@requires("ledger.add_correction", "ledger.view_entry")
def confirm(request, pk):
    """Book the confirmed correction, all or nothing."""
    entry = _get_entry(pk)
    refusal = _refusal(entry)
    form, _left = _correction_form(request, entry)
    if refusal is not None:
        messages.error(request, refusal)
        return redirect(_back_to_ledger(entry))
    if not form.is_valid():
        return render(
            request,
            "office/corrections/new.html",
            {"entry": entry, "left": _left.values(), "form": form, "section": "corrections"},
        )
    try:
        correction = reverse_entry(
            entry,
            reason=form.cleaned_data["reason"],
            on=form.cleaned_data["on"],
            amounts=form.parts(),
            amount=form.cleaned_data.get("amount"),
            show_reason=form.cleaned_data["show_reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("office:correction_new", entry.pk)
    messages.success(request, _booked(correction))
    return redirect(_back_to_ledger(entry))


def _booked(correction) -> str:
    """What was booked, in one sentence for the clerk."""
    lines = ", ".join(
        f"{line.component.name}: {format_money(line.amount)}"
        for line in correction.lines.select_related("component")
    )
    values = {
        "title": correction.title,
        "day": correction.operation_date.strftime("%d.%m.%Y"),
        "amount": format_money(correction.amount),
        "number": correction.ledger.contract.number,
    }
    if lines:
        values["lines"] = lines
        return (
            _(
                "Correction booked in the ledger of contract %(number)s: “%(title)s” of"
                " %(day)s, %(amount)s (%(lines)s)."
            )
            % values
        )
    return (
        _(
            "Correction booked in the ledger of contract %(number)s: “%(title)s”"
            " of %(day)s, %(amount)s."
        )
        % values
    )
