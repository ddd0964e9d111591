from django import template

register = template.Library()


@register.filter
def field_changes(changes: dict) -> list[tuple]:
    """(field, before, after) for each field of an event's changes, in name order."""
    return [
        (name, value.get("before"), value.get("after"))
        for name, value in sorted(changes.items())
        if isinstance(value, dict) and "before" in value
    ]
