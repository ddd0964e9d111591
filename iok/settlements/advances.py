"""New monthly advances recommended by a settlement, and applying them as
contract-scope rates (which win over every wider scope in billing)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iok.audit.recording import record_bulk
from iok.ledger.models import Component, Rate
from iok.periods import Period
from iok.registry.models import Contract
from iok.settlements.models import Settlement, SettlementRun


@dataclass(frozen=True)
class Recommendation:
    contract: Contract
    component: Component
    amount: Decimal  # net, per month


def latest_settlements(run: SettlementRun) -> list[Settlement]:
    """The latest revision of each contract's settlement in the run's period and scope."""
    settlements = Settlement.objects.filter(first__gte=run.first, last__lte=run.last)
    if run.building_id:
        settlements = settlements.filter(contract__premises__building_id=run.building_id)
    latest = {}
    for settlement in settlements.select_related("contract__premises", "entry").order_by(
        "contract__number", "first", "revision"
    ):
        latest[settlement.contract_id] = settlement
    return list(latest.values())


def recommendations(run: SettlementRun, month: Period | None = None) -> list[Recommendation]:
    """Per contract and component, the monthly advance that pays for the
    period's daily use at the latest price; contracts ended before `month`
    get none."""
    components = {c.code: c for c in Component.objects.all()}
    found = []
    for settlement in latest_settlements(run):
        contract = settlement.contract
        if month and contract.end and contract.end < month.first_day:
            continue
        for row in settlement.document["components"]:
            found.append(
                Recommendation(contract, components[row["code"]], Decimal(row["recommended"]))
            )
    return found


@transaction.atomic
def apply_advances(run: SettlementRun, month: Period) -> int:
    """Create the recommended advances as contract-scope fixed monthly rates
    valid from the first day of `month`, all or nothing; a rate already set
    for the same contract, component and day is left as it is. Returns how
    many rates were created."""
    if month.first_day <= run.last:
        raise ValidationError(
            _("New advances apply from a month after the settled period (after %(day)s).")
            % {"day": run.last.strftime("%d.%m.%Y")}
        )
    # Lock the run, so that two clerks applying at once create each rate once.
    SettlementRun.objects.select_for_update().filter(pk=run.pk).values_list("pk").get()
    existing = set(
        Rate.objects.filter(contract__isnull=False, valid_from=month.first_day).values_list(
            "contract_id", "component_id"
        )
    )
    rates = [
        Rate(
            component=r.component,
            basis=Rate.Basis.FIXED,
            amount=r.amount,
            valid_from=month.first_day,
            contract=r.contract,
        )
        for r in recommendations(run, month)
        if (r.contract.pk, r.component.pk) not in existing
    ]
    Rate.objects.bulk_create(rates)
    # bulk_create goes around the audit's signals: one event for the rates.
    record_bulk(
        Rate,
        len(rates),
        f"advances from settlement run {run.pk}, from {month}",
        sorted({rate.contract_id for rate in rates}),
    )
    run.advances_applied_from = month.first_day
    run.save(update_fields=["advances_applied_from"])
    return len(rates)
