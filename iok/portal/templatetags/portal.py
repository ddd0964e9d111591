"""The portal's own filters: the kartoteka's columns, what a balance means,
what the tenant is called. Amounts, account numbers and quantities print
with the filters every shell has (iok/formats/filters.py).

{% load portal %}
{{ entry|entry_amount }}            104,74 zł (a charge as its column shows it)
{{ balance|balance_meaning }}       owed / overpayment / zero balance
{{ contract|party_word }}           Najemca / Dzierżawca / Użytkownik lokalu
"""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from iok.formats.filters import money, signed_money
from iok.ledger.kartoteka import CORRECTIONS, column_of, shown

register = template.Library()


@register.filter
def party_word(contract) -> str:
    """What the tenant is called by the kind of the contract: Najemca of a lease
    (najem), Dzierżawca of a tenancy (dzierżawa), Użytkownik lokalu of premises
    used without a contract; never "Kontrahent" (docs/portal.md, Words)."""
    if contract.kind == "tenancy":
        return pgettext("contract party", "Lessee")
    if contract.kind == "no_title":
        return pgettext("contract party", "Occupant")
    return pgettext("contract party", "Tenant")


@register.filter
def column_money(amount: Decimal | None, column: str) -> str:
    """An amount as the kartoteka column it belongs to prints it: corrections
    with their sign, charges and payments as they are (already positive)."""
    return signed_money(amount) if column == CORRECTIONS else money(amount)


@register.filter
def entry_amount(entry) -> str:
    """An entry's amount as its kartoteka column prints it: a charge of
    -104,74 zł as `104,74 zł`, a correction with its sign."""
    column = column_of(entry.kind, entry.amount)
    return column_money(shown(entry.amount, column), column)


@register.filter
def balance_meaning(balance: Decimal) -> str:
    """What a balance means, in words: negative is owed, positive overpayment.
    Owed is not arrears: what of it is late depends on the due dates
    (iok/ledger/standing.py)."""
    if balance < 0:
        return _("owed")
    if balance > 0:
        return _("overpayment")
    return _("zero balance")


@register.filter
def balance_class(balance: Decimal) -> str:
    """The CSS class that colours a balance; the sign and the words carry the meaning."""
    if balance < 0:
        return "debt"
    return "credit" if balance > 0 else ""


def _once(context, key, make):
    """The one `make()` of the page being rendered: built on first use and
    kept in its render context, so its labels are translated once a page."""
    found = context.render_context.get(key)
    if found is None:
        found = context.render_context[key] = make()
    return found


def _details(context):
    """The page's `Details` (iok/portal/details.py)."""
    from iok.portal.details import Details  # it imports this module's filters

    return _once(
        context,
        Details,
        lambda: Details(context["ledger"], context["links"], context.get("staff_view", False)),
    )


def _rows(context):
    from iok.portal.rows import Rows

    return _once(context, Rows, lambda: Rows(_details(context)))


@register.simple_tag(takes_context=True)
def entry_details(context, row):
    """What a kartoteka row opens to (iok/portal/details.py)."""
    return _details(context).html(row)


@register.simple_tag(takes_context=True)
def day_rows(context, rows):
    """The day view's rows, each opening to its details (iok/portal/rows.py)."""
    return _rows(context).day_rows(rows)


@register.simple_tag(takes_context=True)
def entry_list(context, rows):
    """A month's entries as a table (iok/portal/rows.py)."""
    return _rows(context).entry_list(rows)


def _readings_html(context):
    from iok.portal.readings_html import ReadingsHtml  # it imports the filters too

    return _once(context, ReadingsHtml, ReadingsHtml)


@register.simple_tag(takes_context=True)
def reading_steps(context, rows):
    """The rows of a meter's accepted readings (iok/portal/readings_html.py)."""
    return _readings_html(context).steps(rows)


@register.simple_tag(takes_context=True)
def month_rows(context, section):
    """The rows of a medium's months (iok/portal/readings_html.py)."""
    return _readings_html(context).months(section)


@register.simple_tag
def chart_panel(chart, panel, colour):
    """The scale and bars of one panel of a readings chart."""
    from iok.portal.readings_html import chart_panel

    return chart_panel(chart, panel, colour)


@register.simple_tag
def chart_labels(chart):
    """The months under a readings chart."""
    from iok.portal.readings_html import chart_labels

    return chart_labels(chart)
