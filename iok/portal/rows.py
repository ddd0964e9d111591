"""The kartoteka's rows: the day view's entries, each opening to its details
(iok/portal/details.py), and the month view's list of each month's entries.

Built in Python for the reason the details are (that module's docstring):
a year of a long ledger is hundreds of rows, each some twenty template
variables and filters. The table around the rows, its caption, head, opening
row and totals, stays in the templates. Labels are translated once a page;
every value goes through `html()` (iok/portal/html.py), which escapes it."""

from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from iok.formats.filters import money, signed_money
from iok.ledger.kartoteka import PAID, PARTLY_PAID, EntryRow
from iok.portal.details import Details
from iok.portal.html import html, joined
from iok.portal.templatetags.portal import balance_class

DAY_ROW = (
    '<tr id="entry-{}">\n<th scope="row">{}</th>\n'
    "<td>\n<details>\n<summary>{}{}</summary>\n{}\n"
    '<p><a href="{}">{}</a></p>\n</details>\n</td>\n'
    '<td class="amount" data-label="{}">{}</td>\n'
    '<td class="amount" data-label="{}">{}</td>\n'
    '<td class="amount" data-label="{}">{}</td>\n'
    '<td class="amount {}" data-label="{}">{}</td>\n</tr>'
)
LISTED = (
    '<tr><th scope="row">{}</th>'
    '<td data-label="{}"><a href="{}">{}</a></td>'
    '<td class="amount" data-label="{}">{}</td></tr>'
)


class Rows:
    """The rows of one page of one ledger, through that page's `Details`."""

    def __init__(self, details: Details):
        self.details = details

    @cached_property
    def words(self) -> dict[str, str]:
        return {
            "charges": _("Charges"),
            "corrections": _("Corrections"),
            "payments": _("Payments"),
            "balance_after": _("Balance after"),
            "own_page": _("This entry on a page of its own"),
            PAID: _("paid"),
            PARTLY_PAID: _("partly paid"),
            "unpaid": _("unpaid"),
            "date": _("Date"),
            "entry": _("Entry"),
            "change": pgettext("balance change", "Change"),
            "listed": _("Entries, with what each did to the balance"),
        }

    def day_rows(self, rows: list[EntryRow]) -> SafeString:
        return joined("\n", (self.day_row(row) for row in rows))

    def day_row(self, row: EntryRow) -> SafeString:
        words, details, entry = self.words, self.details, row.entry
        return html(
            DAY_ROW,
            entry.pk,
            details.date(entry.operation_date),
            entry.heading,
            self.status(row),
            details.html(row),
            details.url(entry.pk),
            words["own_page"],
            words["charges"],
            money(row.charges),
            words["corrections"],
            signed_money(row.corrections),
            words["payments"],
            money(row.payments),
            balance_class(row.balance),
            words["balance_after"],
            money(row.balance),
        )

    def status(self, row: EntryRow) -> SafeString | str:
        status = row.payment_status
        if not status:
            return ""
        word = self.words.get(status, self.words["unpaid"])
        return html(' <span class="status status-{}">({})</span>', status, word)

    def entry_list(self, rows: list[EntryRow]) -> SafeString:
        """A month's entries, each linked to its page, with what it did to the balance."""
        words, details = self.words, self.details
        body = joined(
            "\n",
            (
                html(
                    LISTED,
                    details.date(row.entry.operation_date),
                    words["entry"],
                    details.url(row.entry.pk),
                    row.entry.heading,
                    words["change"],
                    signed_money(row.entry.amount),
                )
                for row in rows
            ),
        )
        return html(
            '<table class="lines stacked">\n<caption>{}</caption>\n<thead>\n<tr>'
            '<th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col" class="amount">{}</th></tr>\n</thead>\n<tbody>\n{}\n</tbody>\n'
            "</table>",
            words["listed"],
            words["date"],
            words["entry"],
            words["change"],
            body,
        )
