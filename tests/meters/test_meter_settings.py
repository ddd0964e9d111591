"""The meters' settings are read strictly: a typo stops IOK at start."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from iok.env import envdays, envdecimals

MEDIA = ["cold_water", "hot_water"]
DEFAULT = {"cold_water": 2, "hot_water": 1}


def test_reading_days_are_ranges_and_single_days(monkeypatch):
    monkeypatch.setenv("IOK_SELF_READING_DAYS", "25-31, 1-3,15")

    assert envdays("IOK_SELF_READING_DAYS", "1-7") == {1, 2, 3, 15, 25, 26, 27, 28, 29, 30, 31}


@pytest.mark.parametrize("text", ["0-3", "25-32", "7-1", "pierwszy", "1-"])
def test_reading_days_out_of_the_month_stop_the_start(monkeypatch, text):
    monkeypatch.setenv("IOK_SELF_READING_DAYS", text)

    with pytest.raises(ImproperlyConfigured, match="IOK_SELF_READING_DAYS"):
        envdays("IOK_SELF_READING_DAYS", "1-7")


def test_one_bound_applies_to_every_medium(monkeypatch):
    monkeypatch.setenv("IOK_READING_MAX_DAILY", "2,5")

    assert envdecimals("IOK_READING_MAX_DAILY", DEFAULT, MEDIA) == {
        "cold_water": Decimal("2.5"),
        "hot_water": Decimal("2.5"),
    }


def test_a_bound_per_medium_keeps_the_others_default(monkeypatch):
    monkeypatch.setenv("IOK_READING_MAX_DAILY", "hot_water=0.8")

    assert envdecimals("IOK_READING_MAX_DAILY", DEFAULT, MEDIA) == {
        "cold_water": Decimal(2),
        "hot_water": Decimal("0.8"),
    }


@pytest.mark.parametrize("text", ["water=2", "cold_water=-1", "cold_water=dużo", "0"])
def test_a_wrong_bound_stops_the_start(monkeypatch, text):
    monkeypatch.setenv("IOK_READING_MAX_DAILY", text)

    with pytest.raises(ImproperlyConfigured, match="IOK_READING_MAX_DAILY"):
        envdecimals("IOK_READING_MAX_DAILY", DEFAULT, MEDIA)
