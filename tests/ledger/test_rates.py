import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iok.ledger.models import Rate
from iok.ledger.rates import RateBook
from tests.conftest import JAN_1, component

NOV_1 = datetime.date(2026, 11, 1)


def rate_for(contract, component, on: datetime.date) -> Rate | None:
    """The rate of `component` for `contract` on the day `on`, as billing finds it."""
    premises = contract.premises
    for rate in RateBook(on).for_contract(contract.pk, premises.building_id, premises.kind):
        if rate.component_id == component.pk:
            return rate
    return None


def rent(amount, valid_from=JAN_1, **scope):
    return Rate.objects.create(
        component=component("rent"),
        basis="premises",
        amount=Decimal(amount),
        valid_from=valid_from,
        **scope,
    )


def test_the_narrowest_scope_wins(contract, building):
    rent("8.47")
    rent("9.00", premises_kind="residential")
    rent("9.50", building=building)
    own = rent("10.00", contract=contract)
    assert rate_for(contract, component("rent"), NOV_1) == own
    own.delete()
    assert rate_for(contract, component("rent"), NOV_1).amount == Decimal("9.50")
    Rate.objects.filter(building=building).delete()
    assert rate_for(contract, component("rent"), NOV_1).amount == Decimal("9.00")
    Rate.objects.filter(premises_kind="residential").delete()
    assert rate_for(contract, component("rent"), NOV_1).amount == Decimal("8.47")


def test_a_newer_rate_in_a_wider_scope_does_not_beat_a_narrower_one(contract, building):
    rent("9.50", building=building)
    rent("11.00", valid_from=datetime.date(2026, 6, 1))
    assert rate_for(contract, component("rent"), NOV_1).amount == Decimal("9.50")


def test_within_a_scope_the_latest_start_not_after_the_day_wins(contract):
    rent("8.47")
    rent("8.90", valid_from=datetime.date(2027, 1, 1))
    assert rate_for(contract, component("rent"), datetime.date(2026, 12, 31)).amount == Decimal(
        "8.47"
    )
    assert rate_for(contract, component("rent"), datetime.date(2027, 1, 1)).amount == Decimal(
        "8.90"
    )


def test_rates_of_another_building_kind_or_contract_do_not_apply(contract, shop):
    other = Rate.objects.create(
        component=component("rent"),
        basis="premises",
        amount=Decimal("30"),
        valid_from=JAN_1,
        premises_kind="commercial",
    )
    assert rate_for(contract, component("rent"), NOV_1) is None
    assert other.scope == Rate.SCOPE_PREMISES_KIND


def test_no_rate_before_its_first_day(contract):
    rent("8.47")
    assert rate_for(contract, component("rent"), datetime.date(2025, 12, 31)) is None


def test_a_rate_has_one_scope(contract, building):
    rate = Rate(
        component=component("rent"),
        basis="premises",
        amount=Decimal(1),
        valid_from=JAN_1,
        building=building,
        contract=contract,
    )
    with pytest.raises(ValidationError, match="Wybierz jeden zakres"):
        rate.full_clean()


def test_a_per_property_rate_names_its_property_kind(db):
    rate = Rate(component=component("rent"), basis="property", amount=Decimal(1), valid_from=JAN_1)
    with pytest.raises(ValidationError):
        rate.full_clean()
