"""Office pages for meters: the queue of readings waiting for staff, a
meter's page with its readings and the reading and replacement forms,
legalisations expiring, and the collectors' CSV import with preview.
Access by model permission (roles.requires): others get 404."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iok import clock
from iok.access.roles import requires
from iok.fields import FixedPointField
from iok.meters import readings
from iok.meters.forms import ReadingForm, RejectForm, ReplacementForm, SearchForm, UploadForm
from iok.meters.importing import import_readings
from iok.meters.models import Meter, Reading, ReadingUpload

LEGALISATION_WARNING_DAYS = 90


def _errors(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


@requires("meters.view_meter")
def search(request):
    form = SearchForm(request.GET)
    found = Meter.objects.none()
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"].strip()
        words = q.replace(",", " ").replace("/", " ").split()
        found = Meter.objects.filter(serial_number__icontains=q)
        address = Q()
        for word in words:
            address &= (
                Q(premises__building__street__icontains=word)
                | Q(premises__building__number__iexact=word)
                | Q(premises__number__iexact=word)
                | Q(premises__building__city__icontains=word)
            )
        found = (found | Meter.objects.filter(address)).select_related("premises__building")[:100]
    return render(
        request, "office/meters/search.html", {"form": form, "meters": found, "section": "meters"}
    )


@requires("meters.view_reading")
def queue(request):
    previous = Reading.objects.filter(
        meter=OuterRef("meter"), status=Reading.Status.ACCEPTED, date__lte=OuterRef("date")
    ).order_by("-date", "-id")
    waiting = (
        Reading.objects.filter(status=Reading.Status.WAITING)
        .select_related("meter__premises__building", "entered_by")
        .annotate(
            previous_value=Subquery(previous.values("value")[:1], output_field=FixedPointField()),
            previous_date=Subquery(previous.values("date")[:1]),
        )
        .order_by("date", "id")
    )
    waiting = list(waiting)
    for reading in waiting:
        reading.impossible = _impossible(reading)
    context = {"readings": waiting, "reject_form": RejectForm(), "section": "meters_queue"}
    return render(request, "office/meters/queue.html", context)


def _impossible(reading) -> str:
    """Why a waiting reading cannot be accepted as physically impossible (from
    the annotated previous accepted reading, no further query), or ""."""
    if reading.previous_date is None:
        return ""
    previous = Reading(date=reading.previous_date, value=reading.previous_value)
    return readings.impossibility(reading.meter, reading.date, reading.value, previous)


@require_POST
@requires("meters.change_reading")
def accept(request, pk):
    reading = get_object_or_404(Reading, pk=pk, status=Reading.Status.WAITING)
    try:
        readings.accept(reading, request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Reading accepted: %(reading)s.") % {"reading": reading})
    return redirect("office:meters:queue")


@require_POST
@requires("meters.change_reading")
def reject(request, pk):
    reading = get_object_or_404(Reading, pk=pk, status=Reading.Status.WAITING)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for rejecting the reading."))
        return redirect("office:meters:queue")
    try:
        readings.reject(reading, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Reading rejected: %(reading)s.") % {"reading": reading})
    return redirect("office:meters:queue")


@requires("meters.view_reading")
def photo(request, pk):
    reading = get_object_or_404(Reading, pk=pk)
    if not reading.photo:
        raise Http404
    response = FileResponse(reading.photo.open("rb"))
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


def _meter_page(request, meter, reading_form=None):
    all_readings = meter.readings.select_related("entered_by", "decided_by").order_by("date", "id")
    steps = {step.reading.pk: step for step in readings.history(meter)}
    context = {
        "meter": meter,
        "rows": [(reading, steps.get(reading.pk)) for reading in all_readings],
        "reading_form": reading_form or ReadingForm(),
        "section": "meters",
    }
    return render(request, "office/meters/meter.html", context)


def _get_meter(pk) -> Meter:
    return get_object_or_404(Meter.objects.select_related("premises__building", "replaces"), pk=pk)


@requires("meters.view_meter", "meters.view_reading")
def meter(request, pk):
    return _meter_page(request, _get_meter(pk))


@require_POST
@requires("meters.view_meter", "meters.add_reading")
def add_reading(request, pk):
    found = _get_meter(pk)
    form = ReadingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            reading = readings.record_reading(
                found, data["date"], data["value"], data["source"], request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if reading.flagged:
                messages.warning(
                    request,
                    _("The reading waits for acceptance: %(why)s") % {"why": reading.flagged},
                )
            else:
                messages.success(request, _("Reading recorded."))
            return redirect("office:meters:meter", found.pk)
    return _meter_page(request, found, form)


@requires("meters.change_meter", "meters.add_reading")
def replace(request, pk):
    old = _get_meter(pk)
    if old.removed:
        raise Http404
    form = ReplacementForm(request.POST or None, initial={"place": old.place})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = readings.replace_meter(
                old,
                data["removed_on"],
                data["final_value"],
                data["new_serial"],
                data["initial_value"],
                user=request.user,
                place=data["place"],
                legalised_until=data["legalised_until"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Meter replaced."))
            return redirect("office:meters:meter", new.pk)
    return render(
        request, "office/meters/replace.html", {"meter": old, "form": form, "section": "meters"}
    )


@requires("meters.view_meter")
def legalisation(request):
    today = clock.today()
    limit = today + datetime.timedelta(days=LEGALISATION_WARNING_DAYS)
    expiring = (
        Meter.objects.filter(removed__isnull=True, legalised_until__lte=limit)
        .select_related("premises__building")
        .order_by("legalised_until", "serial_number")
    )
    context = {"meters": expiring, "today": today, "days": LEGALISATION_WARNING_DAYS}
    return render(
        request, "office/meters/legalisation.html", {**context, "section": "meters_legalisation"}
    )


@requires("meters.add_reading", "meters.add_readingupload")
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        saved = ReadingUpload.objects.create(
            name=file.name, data=file.read(), uploaded_by=request.user
        )
        messages.info(
            request,
            _("File %(name)s received: nothing is imported yet. Check the preview and confirm.")
            % {"name": file.name},
        )
        return redirect("office:meters:import_preview", saved.pk)
    return render(request, "office/meters/upload.html", {"form": form, "section": "meters_import"})


def _get_waiting_upload(pk) -> ReadingUpload:
    return get_object_or_404(ReadingUpload, pk=pk, imported__isnull=True)


@requires("meters.add_reading", "meters.add_readingupload")
def preview(request, pk):
    saved = _get_waiting_upload(pk)
    report = import_readings(bytes(saved.data), user=request.user, dry_run=True)
    context = {"upload": saved, "report": report, "section": "meters_import"}
    return render(request, "office/meters/preview.html", context)


@require_POST
@requires("meters.add_reading", "meters.add_readingupload")
def confirm(request, pk):
    saved = _get_waiting_upload(pk)
    report = import_readings(bytes(saved.data), user=request.user)
    if not report.ok:
        messages.error(request, _("Nothing was imported: the file has errors."))
        return redirect("office:meters:import_preview", saved.pk)
    saved.imported = clock.now()
    saved.save(update_fields=["imported"])
    messages.success(
        request,
        _(
            "Imported: %(added)d readings added (%(flagged)d wait for acceptance), "
            "%(skipped)d were already there."
        )
        % {"added": report.added, "flagged": report.flagged, "skipped": report.skipped},
    )
    return redirect("office:meters:queue")
