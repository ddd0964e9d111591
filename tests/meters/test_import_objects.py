"""Readings given as JSON objects (the API): the collector import's rules,
every error naming its object and field, all or nothing, a repeat adds nothing."""

import datetime
from decimal import Decimal

import pytest

from iok.meters.importing import import_objects
from iok.meters.models import Reading
from tests.meters.conftest import make_meter

GOOD = [
    {"meter": "ZW-0001", "date": "2026-03-31", "value": "112.500"},
    {"meter": "ZW-0001", "date": datetime.date(2026, 6, 30), "value": 125},
]


@pytest.fixture
def meter(flat):
    return make_meter(flat, "ZW-0001")


def test_good_objects_add_each_reading_as_a_collectors(meter):
    report = import_objects(GOOD)
    assert report.ok
    assert report.added == 2
    assert list(meter.readings.filter(source="collector").values_list("value", flat=True)) == [
        Decimal("112.500"),
        Decimal("125.000"),
    ]


def test_the_same_objects_again_add_nothing(meter):
    import_objects(GOOD)
    report = import_objects(GOOD)
    assert (report.added, report.skipped) == (0, 2)


BAD = [
    ({"meter": "XX-9"}, "meter", "XX-9"),
    ({"meter": None, "date": "x", "value": 1.5}, None, ""),
    ({"meter": ""}, "meter", ""),
    ({"date": "2026-02-30"}, "date", "2026-02-30"),
    ({"date": "2025-12-31"}, "date", "31.12.2025"),
    ({"date": "2027-01-01"}, "date", "01.01.2027"),
    ({"value": 112.5}, "value", "zmiennoprzecinkow"),
    ({"value": "-1"}, "value", ""),
    ({"value": "99.000"}, "value", "99,000"),
    ({"value": "1.0001"}, "value", ""),
    ({"value": "1e999999"}, "value", "1e999999"),
    ({"meter": "ZW-0001\x00"}, "meter", ""),
]


@pytest.mark.parametrize(("changes", "field", "says"), BAD)
def test_a_bad_field_is_named_and_nothing_is_added(meter, changes, field, says):
    report = import_objects([GOOD[0], {**GOOD[1], **changes}])
    assert not report.ok
    assert set(report.fields.values()) == ({field} if field else {"meter", "date", "value"})
    assert {index for index, _message in report.errors} == {1}
    assert says in " ".join(message for _index, message in report.errors)
    assert not Reading.objects.filter(source="collector").exists()
