"""The repeated parts of the readings page: a meter's accepted readings,
a medium's months and the bars of its chart.

Built in Python, as the kartoteka's details are (iok/portal/details.py) and
for the same reason: a meter of many years has a row per reading, a chart
a shape per month, and the template engine's cost per variable, filter and
tag made those loops most of the page's time (docs/benchmarks.md, *The
tenant's pages under gunicorn*). The page around them stays a template.
Every value goes through `html()` (iok/portal/html.py), which escapes it; the labels are
translated once a page (`Words`); dates print as the `date` filter prints
them, in the active language's DATE_FORMAT."""

from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from iok.formats.filters import money, quantity, reading
from iok.meters.models import Reading
from iok.portal.html import html, joined

DASH = "—"
STEP = (
    '<tr><th scope="row">{}</th>'
    '<td class="amount" data-label="{}">{}</td>'
    '<td class="amount" data-label="{}">{}</td>'
    '<td class="amount" data-label="{}">{}</td>'
    '<td class="amount" data-label="{}">{}</td>'
    '<td data-label="{}">{}</td></tr>'
)
TICK = (
    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#c8ced4" stroke-width="1"/>'
    '<text x="{}" y="{}" dy="4" font-size="10" text-anchor="end" fill="#4a4a4a">{}</text>'
)


class Words:
    """The labels of the rows, translated once for a page."""

    def __init__(self):
        self.reading, self.use = _("Reading"), _("Use since the previous reading")
        self.days, self.daily, self.source = _("Days"), _("Average per day"), _("Source")
        self.consumption, self.advances = _("Consumption"), _("Advances charged")
        self.no_readings = _("no readings")
        self.date_format = get_format("DATE_FORMAT")


class ReadingsHtml:
    def __init__(self):
        self.words = Words()

    def date(self, value) -> str:
        return dateformat.format(value, self.words.date_format)

    def steps(self, rows) -> SafeString:
        """The body of a meter's table of accepted readings, oldest first."""
        return joined("\n", (self.step(step, rows.unit) for step in rows.steps))

    def step(self, step, unit: str) -> SafeString:
        words = self.words
        return html(
            STEP,
            self.date(step.reading.date),
            words.reading,
            reading(step.reading.value, unit),
            words.use,
            reading(step.consumption, unit),
            words.days,
            DASH if step.days is None else step.days,
            words.daily,
            reading(step.daily, unit),
            words.source,
            _source(step.reading),
        )

    def months(self, section) -> SafeString:
        """The body of a medium's table of months: consumption, and advances
        where advances pay for the medium."""
        return joined(
            "\n", (html("<tr>{}</tr>", self.month(section, row)) for row in section.months)
        )

    def month(self, section, row) -> SafeString:
        words = self.words
        used = row.consumption
        if used is None:
            consumption = words.no_readings
        elif used.whole:
            consumption = reading(used.consumption, section.unit)
        else:
            covered = _("readings cover %(days)s of its %(total)s days") % {
                "days": used.days_covered,
                "total": row.period.days,
            }
            consumption = html(
                "{}<br><small>{}</small>", reading(used.consumption, section.unit), covered
            )
        cells = html(
            '<th scope="row">{}</th><td class="amount" data-label="{}">{}</td>',
            dateformat.format(row.first_day, "m.Y"),
            words.consumption,
            consumption,
        )
        if not section.has_advances:
            return cells
        advances = DASH if row.advances is None else money(row.advances)
        return html('{}<td class="amount" data-label="{}">{}</td>', cells, words.advances, advances)


def _source(meter_reading: Reading) -> str:
    source = capfirst(meter_reading.get_source_display())
    if meter_reading.kind == Reading.Kind.REGULAR:
        return source
    return f"{source} — {meter_reading.get_kind_display()}"


def chart_panel(chart, panel, colour: str) -> SafeString:
    """The scale lines, their values and the bars of one panel of the chart."""
    ticks = joined("\n", (_tick(chart, tick) for tick in panel.ticks))
    bars = joined(
        "\n",
        (
            html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>', *bar, colour)
            for bar in ((bar.x, bar.y, bar.width, bar.height) for bar in panel.bars)
        ),
    )
    return html("{}\n{}", ticks, bars)


def _tick(chart, tick) -> SafeString:
    return html(
        TICK, chart.left, chart.right, tick.y, tick.y, chart.tick_x, tick.y, quantity(tick.value)
    )


def chart_labels(chart) -> SafeString:
    """The months under the chart."""
    return joined(
        "\n",
        (
            html(
                '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#1b1b1b">{}</text>',
                label.x,
                chart.label_y,
                label.text,
            )
            for label in chart.labels
        ),
    )
