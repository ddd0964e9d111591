"""The tenant's readings page (Odczyty liczników) and the self-reading form.

The page belongs to a ledger, like every portal page: the meters of the
contract's premises that were in place during the contract (removed ones and
replacements too), their accepted readings with the consumption between
them, the tenant's self-readings still waiting or rejected, a chart per
medium of monthly consumption against the advances charged, and, within the
reading window (IOK_SELF_READING_DAYS), a self-reading form for each meter in
place today. Staff read tenants' pages elsewhere, so the ledger comes through
`Ledger.objects.for_user` (shell.get_ledger) and anyone else gets 404.

The page makes the same number of queries however many readings there are:
the meters, their readings and the advances are fetched once each."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from iok import clock
from iok.meters import readings as rules
from iok.meters.charts.advances import COMPONENTS, advances_by_month
from iok.meters.charts.bars import Chart, chart
from iok.meters.charts.consumption import Month, by_month, intervals_of
from iok.meters.models import UNITS, Medium, Meter, Reading
from iok.meters.self_reading import (
    check_photo,
    describe_window,
    submit_self_reading,
    window_open,
)
from iok.periods import Period
from iok.portal.views.shell import get_ledger, ledger_page, own

PAGE = "meters:readings"
CHART_MONTHS = 12


class SelfReadingForm(forms.Form):
    value = forms.CharField(label=gettext_lazy("Meter reading"), max_length=20)
    photo = forms.FileField(
        label=gettext_lazy("Photo of the meter (optional)"),
        required=False,
        help_text=gettext_lazy("A JPEG or PNG picture of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        error_messages={"empty": gettext_lazy("The photo file is empty.")},
    )

    def __init__(self, *args, unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        value = self.fields["value"]
        value.label = _("Meter reading in %(unit)s") % {"unit": unit}
        value.error_messages["required"] = _(
            "Enter the meter reading in %(unit)s: the field is empty."
        ) % {"unit": unit}
        value.widget.attrs.update(inputmode="decimal", autocomplete="off")

    def clean_value(self) -> Decimal:
        return rules.as_value(self.cleaned_data["value"])

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            check_photo(photo)
        return photo or None


@dataclass
class MeterRows:
    meter: Meter
    steps: list  # accepted readings in date order, with the use since the previous one
    pending: list[Reading]  # the tenants' self-readings waiting or rejected
    form: SelfReadingForm | None = None

    @property
    def unit(self) -> str:
        return UNITS[self.meter.medium]

    @property
    def replaced_by(self) -> Meter | None:
        try:
            return self.meter.replaced_by
        except Meter.DoesNotExist:
            return None


@dataclass
class MonthRow:
    period: Period
    consumption: Month | None
    advances: Decimal | None

    @property
    def first_day(self) -> datetime.date:
        return self.period.first_day


@dataclass
class MediumSection:
    medium: str
    meters: list[MeterRows]
    months: list[MonthRow] = field(default_factory=list)
    chart: Chart | None = None
    has_advances: bool = False

    @property
    def label(self) -> str:
        return Medium(self.medium).label

    @property
    def first_month(self) -> datetime.date:
        return self.months[0].first_day

    @property
    def last_month(self) -> datetime.date:
        return self.months[-1].first_day

    @property
    def unit(self) -> str:
        return UNITS[self.medium]


def meters_of_contract(contract):
    """The meters of the contract's premises in place at any time of the contract."""
    meters = Meter.objects.filter(premises_id=contract.premises_id).filter(
        Q(removed__isnull=True) | Q(removed__gte=contract.start)
    )
    if contract.end is not None:
        meters = meters.filter(installed__lte=contract.end)
    return meters.select_related("replaces", "replaced_by").order_by("installed", "pk")


def _readings_of(contract, meters):
    """Accepted readings and the tenants' own self-readings, dated within the contract."""
    found = Reading.objects.filter(meter__in=meters, date__gte=contract.start).filter(
        Q(status=Reading.Status.ACCEPTED) | Q(source=Reading.Source.TENANT)
    )
    if contract.end is not None:
        found = found.filter(date__lte=contract.end)
    return found.order_by("meter", "date", "id")


def is_current(meter: Meter, contract, today: datetime.date) -> bool:
    """A meter the tenant may read today (as self_reading.meters_for_user has
    it): in place today, on a contract still running."""
    return (
        meter.installed <= today
        and (meter.removed is None or meter.removed >= today)
        and (contract.end is None or contract.end >= today)
    )


def window_opens(today: datetime.date) -> datetime.date | None:
    """The next day the reading window opens after `today`; None without a window."""
    for ahead in range(1, 63):
        day = today + datetime.timedelta(days=ahead)
        if window_open(day) and not window_open(day - datetime.timedelta(days=1)):
            return day
    return None


def chart_months(contract, today: datetime.date) -> list[Period]:
    """The last CHART_MONTHS months up to this one (or the contract's last), within the contract."""
    last = Period.of(min(today, contract.end) if contract.end else today)
    first = Period.of(contract.start)
    months = [last]
    while len(months) < CHART_MONTHS and months[0] > first:
        months.insert(0, months[0].previous())
    return months


def _section(medium, meters, months, advances) -> MediumSection:
    """One medium's meters, with its months: consumption from all its meters'
    readings (a replacement counted across) and, for a medium that advances
    pay for, what was charged."""
    section = MediumSection(medium=medium, meters=meters, has_advances=medium in COMPONENTS)
    intervals = [i for rows in meters for i in intervals_of(step.reading for step in rows.steps)]
    used = by_month(intervals)
    section.months = [
        MonthRow(period=period, consumption=used.get(period), advances=advances.get(period))
        for period in months
    ]
    section.chart = chart(
        months,
        {period: month.consumption for period, month in used.items()},
        advances if section.has_advances else None,
    )
    return section


def readings_page_sections(ledger, today, failed=None) -> list[MediumSection]:
    """The page's sections, one per medium with meters; `failed` is a bound
    form to show again (with its errors) in place of its meter's empty one."""
    contract = ledger.contract
    meters = list(meters_of_contract(contract))
    found = {meter.pk: [] for meter in meters}
    for reading in _readings_of(contract, meters):
        found[reading.meter_id].append(reading)
    open_now = window_open(today)
    by_medium: dict[str, list[MeterRows]] = {}
    for meter in meters:
        accepted = [r for r in found[meter.pk] if r.status == Reading.Status.ACCEPTED]
        rows = MeterRows(
            meter=meter,
            steps=rules.history(meter, accepted),
            pending=[r for r in found[meter.pk] if r.status != Reading.Status.ACCEPTED],
        )
        if failed is not None and failed.prefix == f"meter-{meter.pk}":
            rows.form = failed  # shown again with its errors, even if the window just closed
        elif open_now and is_current(meter, contract, today):
            rows.form = SelfReadingForm(prefix=f"meter-{meter.pk}", unit=meter.unit)
        by_medium.setdefault(meter.medium, []).append(rows)
    advances = advances_by_month(ledger)
    months = chart_months(contract, today)
    return [
        _section(medium, by_medium[medium], months, advances.get(medium, {}))
        for medium in Medium.values
        if medium in by_medium
    ]


def _page(request, reader, ledger, failed=None):
    today = clock.today()
    sections = readings_page_sections(ledger, today, failed)
    return ledger_page(
        request,
        reader,
        "portal/readings/readings.html",
        ledger,
        PAGE,
        sections=sections,
        window_open=window_open(today),
        window_opens=window_opens(today),
        window_days=describe_window(),
        any_form=any(rows.form for section in sections for rows in section.meters),
    )


@login_required
def readings(request, ledger_pk):
    reader = own(request)
    return _page(request, reader, get_ledger(reader, ledger_pk))


@login_required
@require_POST
def self_reading(request, ledger_pk, meter_pk):
    """A tenant's self-reading of one meter in place today; it waits for staff."""
    reader = own(request)
    ledger = get_ledger(reader, ledger_pk)
    today = clock.today()
    meter = get_object_or_404(meters_of_contract(ledger.contract), pk=meter_pk)
    if not is_current(meter, ledger.contract, today):
        raise Http404
    form = SelfReadingForm(request.POST, request.FILES, prefix=f"meter-{meter.pk}", unit=meter.unit)
    if form.is_valid():
        try:
            reading = submit_self_reading(
                meter, request.user, today, form.cleaned_data["value"], form.cleaned_data["photo"]
            )
        except Meter.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            form.add_error("value", error)
        else:
            messages.success(
                request,
                _("Thank you. Your reading of meter %(serial)s waits for acceptance by the office.")
                % {"serial": meter.serial_number},
            )
            if reading.replaced is not None:
                messages.info(
                    request,
                    _(
                        "It replaces your reading of %(value)s sent earlier today, which "
                        "no longer waits."
                    )
                    % {"value": rules.format_value(reading.replaced.value, meter.unit)},
                )
            return redirect(reverse(PAGE, args=[ledger.pk]) + f"#meter-{meter.pk}")
    return _page(request, reader, ledger, failed=form)
