"""From the database to the plain data the calculation takes.

A run reads each kind of thing once for all its contracts (meters with their
accepted readings, persons, advances, prices, norms), so the number of queries
does not grow with the number of contracts."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum

from iok.ledger.models import Component, Entry, EntryLine
from iok.meters.models import UNITS, Meter, Reading
from iok.periods import Period
from iok.registry.models import Contract, Premises, PropertyValue
from iok.settlements.arithmetic import ONE_DAY, MeterReadings, Span
from iok.settlements.calculation import ComponentInput, ContractInput
from iok.settlements.models import COMPONENT_MEDIA, ConsumptionNorm, SupplierPrice


def contracts_in_scope(first: datetime.date, last: datetime.date, building=None):
    contracts = Contract.objects.active_between(first, last).select_related(
        "premises__building", "ledger"
    )
    if building is not None:
        contracts = contracts.filter(premises__building=building)
    return contracts.order_by("pk")


def contract_span(contract: Contract, first: datetime.date, last: datetime.date) -> Span:
    """The contract's own days in the period."""
    return Span(max(contract.start, first), min(contract.end or last, last))


class Gathered:
    """Everything a run needs about `contracts`, read once."""

    def __init__(self, contracts: list[Contract], first: datetime.date, last: datetime.date):
        self.first, self.last = first, last
        self.components = list(
            Component.objects.filter(code__in=COMPONENT_MEDIA, supplierprice__valid_from__lte=last)
            .distinct()
            .order_by("order", "code")
        )
        self.prices = defaultdict(list)
        for price in SupplierPrice.objects.filter(valid_from__lte=last):
            self.prices[price.component_id].append((price.valid_from, price.price))
        self.norms = {}
        for norm in ConsumptionNorm.objects.filter(valid_from__lte=first).order_by("valid_from"):
            self.norms[norm.medium] = norm.per_person_month
        premises_ids = {c.premises_id for c in contracts}
        self.meters = _meters(premises_ids)
        self.persons = _persons([c.pk for c in contracts], last)
        self.advances = _advances([c.pk for c in contracts], first, last)

    def contract_input(self, contract: Contract) -> ContractInput:
        span = contract_span(contract, self.first, self.last)
        persons = None
        for valid_from, value in self.persons.get(contract.pk, ()):
            if valid_from <= span.first:
                persons = value
        commercial = contract.premises.kind == Premises.Kind.COMMERCIAL
        components = []
        for component in self.components:
            media = COMPONENT_MEDIA[component.code]
            advance, advance_vat = self.advances.get((contract.pk, component.pk), (0, 0))
            components.append(
                ComponentInput(
                    code=component.code,
                    name=component.name,
                    unit=UNITS[media[0]],
                    meters=[
                        m
                        for medium in media
                        for m in self.meters.get((contract.premises_id, medium), [])
                    ],
                    norm=self.norms.get(media[0]),
                    prices=self.prices[component.pk],
                    vat_rate=component.vat_rate if commercial else None,
                    advances=-Decimal(advance),
                    advances_vat=-Decimal(advance_vat),
                )
            )
        return ContractInput(span=span, persons=persons, components=components)


def _instant(day: datetime.date | None) -> datetime.date | None:
    """The calculation's instant for a reading (or an installation, a
    removal) dated `day`: a reading dated D is the meter's state at the END
    of day D (docs/meters.md, as in iok.meters.readings.consumption and the
    portal chart), which is the state at the start of D + 1."""
    return None if day is None else day + ONE_DAY


def _meters(premises_ids) -> dict[tuple[int, str], list[MeterReadings]]:
    """Each premises' meters per medium, with their accepted readings as the
    calculation takes them: every date moved to its instant (_instant), so
    readings dated 31.12 and 30.06 measure exactly 01.01–30.06, the final
    reading of a replaced meter counts its removal day, and the new meter
    counts from the day after its initial reading."""
    readings = defaultdict(list)
    for meter_id, day, value in (
        Reading.objects.filter(meter__premises_id__in=premises_ids, status=Reading.Status.ACCEPTED)
        .order_by("meter_id", "date", "id")
        .values_list("meter_id", "date", "value")
    ):
        readings[meter_id].append((_instant(day), value))
    found = defaultdict(list)
    for meter in Meter.objects.filter(premises_id__in=premises_ids).select_related("replaces"):
        found[(meter.premises_id, meter.medium)].append(
            MeterReadings(
                serial=meter.serial_number,
                readings=tuple(readings[meter.pk]),
                replaces=meter.replaces.serial_number if meter.replaces else None,
                installed=_instant(meter.installed),
                removed=_instant(meter.removed),
            )
        )
    return found


def _persons(contract_ids, last) -> dict[int, list]:
    found = defaultdict(list)
    for contract_id, valid_from, value in (
        PropertyValue.objects.filter(
            kind__code="persons", contract_id__in=contract_ids, valid_from__lte=last
        )
        .order_by("valid_from")
        .values_list("contract_id", "valid_from", "value")
    ):
        found[contract_id].append((valid_from, value))
    return found


def _advances(contract_ids, first, last) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """Per (contract, component): the advances charged for the months of the
    period, with their corrections, as the ledger holds them (negative)."""
    months = Q(entry__period__gte=str(Period.of(first)), entry__period__lte=str(Period.of(last)))
    corrected = Q(
        entry__corrects__period__gte=str(Period.of(first)),
        entry__corrects__period__lte=str(Period.of(last)),
    )
    rows = (
        EntryLine.objects.filter(
            entry__ledger__contract_id__in=contract_ids, component__code__in=COMPONENT_MEDIA
        )
        .filter(
            (Q(entry__kind=Entry.Kind.CHARGE) & months)
            | (
                Q(entry__kind=Entry.Kind.CORRECTION, entry__corrects__kind=Entry.Kind.CHARGE)
                & corrected
            )
        )
        .values_list("entry__ledger__contract_id", "component_id")
        .annotate(amount=Sum("amount"), vat=Sum("vat"))
    )
    return {(c, k): (amount, vat) for c, k, amount, vat in rows}
