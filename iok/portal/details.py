"""What a kartoteka row opens to: the entry's facts, what paid it or what it
paid, and its lines by component; the entry's own page shows the same.

Built in Python, as Django's admin builds its changelist rows, rather than
in a template: the day view opens every entry of a year to this, and the
template engine's cost per variable, tag and translated label made it most
of the page's time (docs/benchmarks.md, *The tenant's pages under
gunicorn*). Every value goes through `html()` (iok/portal/html.py), which escapes it; the
labels are translated once a page (`Words`), the dates printed as the
active language's DATE_FORMAT prints them, as the `date` filter would."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from iok import clock
from iok.formats.filters import money, quantity, signed_money
from iok.interest import accrual
from iok.interest.calculation import DAY, Interest
from iok.ledger.kartoteka import PAID, PARTLY_PAID, EntryRow
from iok.ledger.models import Entry
from iok.portal.html import html, joined
from iok.portal.templatetags.portal import column_money

PLACE = 987654321  # a number no other part of an entry's address holds


class Words:
    """The labels of the details, translated once for a page's rows."""

    def __init__(self):
        self.kind, self.title, self.document = _("Kind"), _("Title"), _("Document")
        self.booked, self.due, self.corrects = _("Booked on"), _("Due by"), _("Corrects")
        self.corrected_by, self.reason = _("Corrected by"), _("reason")
        self.correction_reason = _("Reason for the correction")
        self.shown = _("shown to the tenant")
        self.staff_only = _("staff only: the tenant does not see it")
        self.paid_by, self.this_paid = _("Paid by:"), _("This payment paid:")
        self.takes_back, self.reversed_by = _("Takes back"), _("Reversed by the bank:")
        self.by_component, self.component = _("By component"), _("Component")
        self.quantity, self.unit_price = _("Quantity"), _("Unit price")
        self.vat, self.amount = _("VAT included"), _("Amount")
        self.interest_heading = _("Interest for delay")
        self.interest_how = _(
            "Each period: days × annual rate × unpaid amount ÷ 365; the total is rounded"
            " to the grosz."
        )
        self.start, self.end, self.days = _("From"), _("To"), _("Days")
        self.rate, self.base, self.interest = _("Annual rate"), _("Unpaid amount"), _("Interest")
        self.date_format = get_format("DATE_FORMAT")
        self.kinds = {kind: capfirst(label) for kind, label in Entry.Kind.choices}


class Details:
    """The details of the rows of one page of one ledger; `links` are the
    URL names of the reader's pages (iok/portal/views/shell.py)."""

    def __init__(self, ledger, links, staff_view: bool = False):
        self.ledger, self.links, self.staff_view = ledger, links, staff_view
        self.words = Words()
        self.today, self._rates = clock.today(), None

    def html(self, row: EntryRow) -> SafeString:
        parts = [self.facts(row), self.allocations(row)]
        if accrual.accrues(row.entry):
            parts.append(self.interest(row))
        if row.lines:
            parts.append(self.lines(row))
        return joined("\n", parts)

    def rates(self):
        """The rate table, read once a page and only for a page with a debt."""
        if self._rates is None:
            self._rates = accrual.rate_table(accrual.kind_for(self.ledger))
        return self._rates

    def interest(self, row: EntryRow) -> SafeString:
        """The interest accrued on a debt as of today, not booked, and how."""
        try:
            found = accrual.of_entry(
                row.entry, row.corrected_by, row.paid_by, self.today, self.rates()
            )
        except ValidationError as refused:
            return self._interest_section(html("<p>{}</p>", " ".join(refused.messages)))
        if found is None:
            return joined("", [])
        summary = _("Accrued as of today (%(day)s), not booked: %(amount)s.") % {
            "day": self.date(self.today),
            "amount": money(found.total),
        }
        parts = [html('<p class="interest-total">{}</p>', summary)]
        if found.due_moved:
            moved = _(
                "The due date %(due)s fell on a Saturday, a Sunday or a public holiday,"
                " so it moves to %(moved)s (art. 115 of the Civil Code): interest runs"
                " from %(day)s."
            )
            text = moved % {
                "due": self.date(found.due),
                "moved": self.date(found.runs_from - DAY),
                "day": self.date(found.runs_from),
            }
            parts.append(html("<p>{}</p>", text))
        if found.periods:
            parts.append(self.interest_periods(found))
        return self._interest_section(joined("\n", parts))

    def _interest_section(self, body) -> SafeString:
        return html(
            '<div class="interest">\n<p><strong>{}</strong></p>\n{}\n</div>',
            self.words.interest_heading,
            body,
        )

    def interest_periods(self, found: Interest) -> SafeString:
        words = self.words
        labels = [words.start, words.end, words.days, words.rate, words.base, words.interest]
        heads = joined("", (html('<th scope="col">{}</th>', label) for label in labels))
        rows = []
        for period in found.periods:
            cells = [
                self.date(period.start),
                self.date(period.end),
                period.days,
                percent(period.rate),
                money(period.base),
                money(period.interest),
            ]
            tds = joined(
                "",
                (
                    html('<td data-label="{}">{}</td>', label, cell)
                    for label, cell in zip(labels, cells, strict=True)
                ),
            )
            rows.append(html("<tr>{}</tr>", tds))
        return html(
            '<table class="interest-periods stacked">\n<caption>{}</caption>\n'
            "<thead><tr>{}</tr></thead>\n<tbody>\n{}\n</tbody>\n</table>",
            words.interest_how,
            heads,
            joined("\n", rows),
        )

    def date(self, value) -> str:
        return dateformat.format(value, self.words.date_format)

    def url(self, entry_pk: int) -> str:
        return self.entry_url.format(entry_pk)

    @cached_property
    def entry_url(self) -> str:
        """The address of an entry's page with `{}` for the entry: reversed once
        a page, not once a link (a year of the day view links hundreds)."""
        return reverse(self.links["entry"], args=[self.ledger.pk, PLACE]).replace(str(PLACE), "{}")

    def facts(self, row: EntryRow) -> SafeString:
        entry, words = row.entry, self.words
        facts = [
            (words.kind, words.kinds[entry.kind]),
            (words.title, entry.title),
        ]
        reason = self.staff_view and getattr(entry, "reason", None)
        if reason:
            whose = words.shown if reason.shown_to_tenant else words.staff_only
            facts.append((words.correction_reason, html("{} ({})", reason.text, whose)))
        if entry.document:
            facts.append((words.document, entry.document))
        facts.append((words.booked, self.date(entry.booking_date)))
        if entry.due_date:
            facts.append((words.due, self.date(entry.due_date)))
        if entry.corrects:
            facts.append((words.corrects, self.corrected(entry.corrects)))
        if entry.kind == Entry.Kind.REVERSAL and entry.counterpart_id:
            facts.append((words.takes_back, self.corrected(entry.counterpart)))
        if row.corrected_by:
            facts.append((words.corrected_by, self.corrections(row.corrected_by)))
        items = joined("\n", (html("<dt>{}</dt><dd>{}</dd>", *fact) for fact in facts))
        return html('<dl class="entry-facts">\n{}\n</dl>', items)

    def named(self, entry: Entry) -> SafeString:
        """An entry as a link names it: its kind, its date and its title."""
        words = self.words
        return html(
            "{} {}: {}", words.kinds[entry.kind], self.date(entry.operation_date), entry.title
        )

    def corrected(self, entry: Entry) -> SafeString:
        return html(
            '<a href="{}">{} ({})</a>',
            self.url(entry.pk),
            self.named(entry),
            signed_money(entry.amount),
        )

    def corrections(self, corrections: list[Entry]) -> SafeString:
        items = []
        for correction in corrections:
            reason = self.staff_view and getattr(correction, "reason", None)
            items.append(
                html(
                    '<li><a href="{}">{}: {} ({})</a>{}</li>',
                    self.url(correction.pk),
                    self.date(correction.operation_date),
                    correction.title,
                    signed_money(correction.amount),
                    html(" — {}: {}", self.words.reason, reason.text) if reason else "",
                )
            )
        return html("<ul>{}</ul>", joined("", items))

    def allocations(self, row: EntryRow) -> SafeString:
        """What paid the row, or what it paid. A reversal and the payment it
        takes back are allocated to each other (iok/ledger/allocation.py):
        that is said as the reversal, not as a payment that paid a debt."""
        if row.entry.kind == Entry.Kind.REVERSAL:
            return html("")  # its facts name the payment it takes back
        parts = []
        reversals = [a for a in row.pays if _reverses(a.charge, row.entry)]
        if reversals:
            parts.append(self.allocated(self.words.reversed_by, reversals, "charge"))
        if status := row.payment_status:
            parts.append(html('<p class="allocation allocation-{}">{}</p>', status, _status(row)))
            if row.paid_by:
                parts.append(self.allocated(self.words.paid_by, row.paid_by, "payment"))
        if paid := [a for a in row.pays if a not in reversals]:
            parts.append(self.allocated(self.words.this_paid, paid, "charge"))
        if (row.pays or row.entry.kind == Entry.Kind.PAYMENT) and row.credit_left:
            left = _("%(amount)s of it is left as an overpayment for the next charges.")
            text = left % {"amount": money(row.credit_left)}
            parts.append(html('<p class="allocation-credit">{}</p>', text))
        return joined("\n", parts)

    def allocated(self, heading: str, allocations, side: str) -> SafeString:
        """The allocations of a row, each naming the entry on the other `side`."""
        others = [(getattr(allocation, side), allocation.amount) for allocation in allocations]
        items = joined(
            "\n",
            (
                html(
                    '<li><a href="{}">{}</a> — {}</li>',
                    self.url(other.pk),
                    self.named(other),
                    money(amount),
                )
                for other, amount in others
            ),
        )
        return html('<p>{}</p>\n<ul class="allocations">\n{}\n</ul>', heading, items)

    def lines(self, row: EntryRow) -> SafeString:
        words, vat = self.words, row.has_vat
        heads = [html('<th scope="col">{}</th>', words.component)]
        labels = [words.quantity, words.unit_price, *([words.vat] if vat else []), words.amount]
        heads += [html('<th scope="col" class="amount">{}</th>', label) for label in labels]
        body = []
        for line, amount in row.lines:
            cells = [quantity(line.quantity), money(line.unit_price)]
            if vat:
                rate = "" if line.vat_rate is None else f"{line.vat_rate}%: {money(line.vat)}"
                cells.append(rate)
            cells.append(column_money(amount, row.column))
            tds = joined(
                "",
                (
                    html('<td class="amount" data-label="{}">{}</td>', label, cell)
                    for label, cell in zip(labels, cells, strict=True)
                ),
            )
            body.append(html('<tr><th scope="row">{}</th>{}</tr>', line.component.name, tds))
        return html(
            '<table class="lines stacked">\n<caption>{}</caption>\n'
            "<thead><tr>{}</tr></thead>\n<tbody>\n{}\n</tbody>\n</table>",
            words.by_component,
            joined("", heads),
            joined("\n", body),
        )


def _reverses(entry: Entry, payment: Entry) -> bool:
    return entry.kind == Entry.Kind.REVERSAL and entry.counterpart_id == payment.pk


def percent(rate) -> str:
    """An annual rate as Polish print has it: `9,25 %`."""
    return f"{rate:.2f}".replace(".", ",") + "\u00a0%"


def _status(row: EntryRow) -> str:
    if row.payment_status == PAID:
        return _("Paid: %(amount)s.") % {"amount": money(row.paid)}
    if row.payment_status == PARTLY_PAID:
        return _("Partly paid: %(paid)s paid, %(unpaid)s still to pay.") % {
            "paid": money(row.paid),
            "unpaid": money(row.unpaid),
        }
    return _("Unpaid: %(amount)s to pay.") % {"amount": money(row.unpaid)}
