"""Filters the portal prints with: amounts, balances, account numbers, quantities.

{% load portal %}
{{ entry.amount|money }}            1 234,56 zł
{{ correction|signed_money }}       +75,00 zł
{{ balance|balance_meaning }}       owed / overpayment / zero balance
{{ ledger.virtual_account|nrb }}    61 1020 1026 4477 0000 0000 0001
{{ value.value|quantity }}          52,40 (no needless zeros)
{{ contract|party_word }}           Najemca / Dzierżawca / Użytkownik lokalu
"""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from iok.ledger.kartoteka import CORRECTIONS, column_of, shown
from iok.ledger.money import format_money
from iok.ledger.nrb import format_nrb

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
def money(amount: Decimal | None) -> str:
    """`1 234,56 zł`; nothing for None, so a cell without an amount stays empty."""
    return "" if amount is None else format_money(amount)


@register.filter
def signed_money(amount: Decimal | None) -> str:
    """`+75,00 zł` or `-75,00 zł`: for amounts whose sign says which way they go."""
    if amount is None:
        return ""
    return ("+" if amount > 0 else "") + format_money(amount)


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


@register.filter
def nrb(number: str | None) -> str:
    """An account number as banks print it: 2 digits, then groups of four."""
    return format_nrb(number) if number else ""


@register.filter
def quantity(value: Decimal | None) -> str:
    """A quantity or property value with a decimal comma: whole numbers without
    decimals (2 persons), others with at least two places (52,40 m², 12,125 m³)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        text = f"{value:.0f}"
    elif value == value.quantize(Decimal("0.01")):
        text = f"{value:.2f}"
    else:
        text = f"{value.normalize():f}"
    return text.replace(".", ",")
