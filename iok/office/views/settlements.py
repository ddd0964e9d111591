"""The office's utility settlements: the runs, a new run with its preview
and confirmation, a run's settlements and the advances they recommend, one
settlement's calculation. Pages need the view permission of what they show
and the add permission of what they create."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iok.access.roles import requires
from iok.jobs.models import Job
from iok.jobs.running import start
from iok.office.views.jobs import after_start
from iok.settlements.advances import apply_advances, latest_settlements, recommendations
from iok.settlements.forms import ApplyAdvancesForm, RunForm
from iok.settlements.models import Settlement, SettlementRun
from iok.settlements.presentation import meaning, readable
from iok.settlements.running import Outcome, run_settlements


@requires("settlements.view_settlementrun")
def runs(request):
    return render(
        request,
        "office/settlements/runs.html",
        {
            "runs": SettlementRun.objects.select_related("building", "created_by")[:100],
            "section": "settlements",
        },
    )


@requires("settlements.add_settlementrun")
def run_new(request):
    return render(
        request, "office/settlements/new.html", {"form": RunForm(), "section": "settlements"}
    )


@requires("settlements.add_settlementrun")
def run_preview(request):
    form = RunForm(request.GET or None)
    if not form.is_valid():
        return render(
            request, "office/settlements/new.html", {"form": form, "section": "settlements"}
        )
    data = form.cleaned_data
    result = run_settlements(data["first"], data["last"], building=data["building"], dry_run=True)
    return render(
        request,
        "office/settlements/preview.html",
        {
            "form": form,
            "result": result,
            "rows": result.rows,
            "new": result.count(Outcome.NEW),
            "corrected": result.count(Outcome.CORRECTED),
            "unchanged": result.count(Outcome.UNCHANGED),
            "section": "settlements",
        },
    )


@require_POST
@requires("settlements.add_settlementrun")
def run_confirm(request):
    form = RunForm(request.POST)
    if not form.is_valid():
        return render(
            request, "office/settlements/new.html", {"form": form, "section": "settlements"}
        )
    data = form.cleaned_data
    building = data["building"]
    title = _("Settlement run %(first)s–%(last)s, %(scope)s") % {
        "first": data["first"].strftime("%d.%m.%Y"),
        "last": data["last"].strftime("%d.%m.%Y"),
        "scope": building or _("every building"),
    }
    payload = {
        "first": data["first"].isoformat(),
        "last": data["last"].isoformat(),
        "building": building.pk if building else None,
    }
    job = start(Job.Kind.SETTLEMENT_RUN, title, payload, user=request.user)
    return after_start(request, job)


@requires("settlements.view_settlementrun", "settlements.view_settlement")
def run(request, pk):
    the_run = get_object_or_404(SettlementRun.objects.select_related("building"), pk=pk)
    return render(
        request,
        "office/settlements/run.html",
        {
            "run": the_run,
            "settlements": latest_settlements(the_run),
            "recommendations": recommendations(the_run),
            "form": ApplyAdvancesForm(),
            "section": "settlements",
        },
    )


@require_POST
@requires("settlements.view_settlementrun", "ledger.add_rate")
def run_apply(request, pk):
    the_run = get_object_or_404(SettlementRun, pk=pk)
    form = ApplyAdvancesForm(request.POST)
    if form.is_valid():
        try:
            created = apply_advances(the_run, form.cleaned_data["month"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)d new advance rates set.") % {"count": created})
    else:
        messages.error(request, " ".join(form.errors["month"]))
    return redirect("office:settlements:run", the_run.pk)


@requires("settlements.view_settlement")
def settlement(request, pk):
    found = get_object_or_404(
        Settlement.objects.select_related("entry", "contract__premises", "run"), pk=pk
    )
    return render(
        request,
        "office/settlements/settlement.html",
        {
            "settlement": found,
            "calc": readable(found.document),
            "meaning": meaning(found.amount),
            "section": "settlements",
        },
    )
