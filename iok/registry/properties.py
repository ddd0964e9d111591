"""Dated properties: the value of a kind for a premises or contract on a day."""

import datetime
from decimal import Decimal

from iok.registry.models import Contract, Premises, PropertyKind, PropertyValue


def _subject_filter(subject: Premises | Contract) -> dict:
    if isinstance(subject, Premises):
        return {"premises": subject}
    if isinstance(subject, Contract):
        return {"contract": subject}
    raise TypeError(f"Properties belong to premises or contracts, not {type(subject).__name__}.")


def _kind(kind: PropertyKind | str) -> PropertyKind:
    return kind if isinstance(kind, PropertyKind) else PropertyKind.objects.get(code=kind)


def property_value(
    kind: PropertyKind | str, subject: Premises | Contract, on: datetime.date
) -> Decimal | None:
    """The value of `kind` for `subject` on the day `on`, or None if none was set yet."""
    row = (
        PropertyValue.objects.filter(
            kind=_kind(kind), valid_from__lte=on, **_subject_filter(subject)
        )
        .order_by("-valid_from")
        .values_list("value", flat=True)
        .first()
    )
    return row


def property_history(subject: Premises | Contract):
    """Every value ever set for `subject`, by kind and date, oldest first."""
    return (
        PropertyValue.objects.filter(**_subject_filter(subject))
        .select_related("kind")
        .order_by("kind__name", "valid_from")
    )


def set_property(
    kind: PropertyKind | str,
    subject: Premises | Contract,
    value: Decimal,
    valid_from: datetime.date,
    note: str = "",
) -> PropertyValue:
    """Record a new value from `valid_from` on; earlier values stay in the history."""
    prop = PropertyValue(
        kind=_kind(kind), valid_from=valid_from, value=value, note=note, **_subject_filter(subject)
    )
    prop.full_clean()
    prop.save()
    return prop
