import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iok.registry.models import PropertyKind
from iok.registry.properties import property_history, property_value, set_property
from tests.conftest import JAN_1

JUN_1 = datetime.date(2026, 6, 1)


def test_value_holds_from_its_date_until_the_next(flat):
    set_property("usable_area", flat, Decimal("51.90"), JUN_1, note="re-measured")
    assert property_value("usable_area", flat, JAN_1 - datetime.timedelta(days=1)) is None
    assert property_value("usable_area", flat, JAN_1) == Decimal("52.400")
    assert property_value("usable_area", flat, JUN_1 - datetime.timedelta(days=1)) == Decimal(
        "52.40"
    )
    assert property_value("usable_area", flat, JUN_1) == Decimal("51.90")
    assert property_value("usable_area", flat, datetime.date(2030, 1, 1)) == Decimal("51.90")


def test_persons_registered_follow_people_moving_in_and_out(contract):
    set_property("persons", contract, Decimal(3), datetime.date(2026, 4, 15))
    set_property("persons", contract, Decimal(1), datetime.date(2026, 9, 1))
    days = [datetime.date(2026, 4, 14), datetime.date(2026, 4, 15), datetime.date(2026, 9, 30)]
    assert [property_value("persons", contract, day) for day in days] == [2, 3, 1]


def test_history_lists_every_value_oldest_first(flat):
    set_property("usable_area", flat, Decimal("51.90"), JUN_1)
    history = [(p.kind.code, p.valid_from, p.value) for p in property_history(flat)]
    assert ("usable_area", JAN_1, Decimal("52.40")) in history
    assert ("usable_area", JUN_1, Decimal("51.90")) in history
    areas = [row for row in history if row[0] == "usable_area"]
    assert areas == sorted(areas, key=lambda row: row[1])


def test_a_contract_property_cannot_be_set_on_premises(flat):
    with pytest.raises(ValidationError, match="dotyczy: umowa"):
        set_property("persons", flat, Decimal(2), JAN_1)


def test_two_values_of_a_kind_on_one_day_are_refused(flat):
    with pytest.raises(ValidationError):
        set_property("usable_area", flat, Decimal("50"), JAN_1)


def test_new_kinds_are_data(flat):
    PropertyKind.objects.create(
        code="balconies", name="Balkony", unit="szt.", applies_to="premises"
    )
    set_property("balconies", flat, Decimal(1), JAN_1)
    assert property_value("balconies", flat, JAN_1) == 1


def test_properties_of_premises_and_contracts_are_separate(contract, flat):
    assert property_value("persons", contract, JAN_1) == 2
    assert property_value("usable_area", contract, JAN_1) is None
