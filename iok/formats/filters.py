"""How every shell prints amounts, account numbers, quantities and meter
values: one filter each, built into every template (TEMPLATES "builtins"
in iok/settings.py), so the portal, the office and the PDFs print them alike.

{{ entry.amount|money }}            1 234,56 zł
{{ correction|signed_money }}       +75,00 zł
{{ ledger.virtual_account|nrb }}    61 1020 1026 4477 0000 0000 0001
{{ value.value|quantity }}          52,40 (no needless zeros)
{{ reading.value|reading:unit }}    123,456 m³ (a meter value: three decimals)
"""

from decimal import Decimal

from django import template

from iok.ledger.money import format_money
from iok.ledger.nrb import format_nrb
from iok.meters.readings import format_value

register = template.Library()


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


@register.filter
def reading(value, unit: str = "") -> str:
    """A meter value, a reading or a use, as the office and the portal write
    it: 123,456 m³ (three decimals, decimal comma); a dash for none."""
    if value is None:
        return "—"
    return format_value(value, unit).strip()
