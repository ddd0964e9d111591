from django import template

from iok.meters.readings import format_value

register = template.Library()


@register.filter
def reading(value, unit: str = "") -> str:
    """A meter value as the office writes it: 123,456 m³ (three decimals)."""
    if value is None:
        return "—"
    return format_value(value, unit).strip()
