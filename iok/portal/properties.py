"""The dated properties of a contract's premises and of the contract itself,
as the tenant's page lists them: today's values and every change."""

import datetime
from dataclasses import dataclass

from iok.registry.models import Contract, PropertyValue
from iok.registry.properties import property_history


@dataclass(frozen=True)
class Properties:
    current: list[PropertyValue]
    history: list[PropertyValue]


def properties_of(contract: Contract, today: datetime.date) -> Properties:
    """For the premises and the contract: the value of each kind valid `today`
    (by kind name), and every value ever set (newest first). Two queries."""
    values = [*property_history(contract.premises), *property_history(contract)]
    current = {}
    for value in sorted(values, key=lambda value: value.valid_from):
        if value.valid_from <= today:
            current[value.kind_id] = value
    history = sorted(values, key=lambda value: value.kind.name)
    history.sort(key=lambda value: value.valid_from, reverse=True)
    return Properties(
        current=sorted(current.values(), key=lambda value: value.kind.name),
        history=history,
    )
