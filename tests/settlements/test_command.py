"""iok settle, through call_command: it books, once, and says what it did."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from iok.settlements.models import Settlement
from tests.settlements.conftest import DEC31, LAST, charge_advances, water_meter

pytestmark = pytest.mark.usefixtures("prices")


@pytest.fixture
def metered(flat, ledger):
    water_meter(flat, "W-1", (DEC31, "100"), (LAST, "118.1"))
    charge_advances(ledger, range(1, 7))
    return ledger


def settle(*args):
    out = StringIO()
    call_command("settle", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_command_books_a_period_once(metered):
    # −10,00 zł as worked out in test_running.
    first = settle("--from", "2026-01-01", "--to", "2026-06-30")
    assert "booked 1 settlements" in first and "-10,00" in first
    again = settle("--from", "2026-01-01", "--to", "2026-06-30")
    assert "booked 0 settlements" in again and "1 already settled" in again
    assert Settlement.objects.get().amount == Decimal("-10.00")


def test_a_dry_run_books_nothing(metered):
    assert "would book 1 settlements" in settle(
        "--from", "2026-01-01", "--to", "2026-06-30", "--dry-run"
    )
    assert not Settlement.objects.exists()


def test_a_period_of_broken_months_is_refused_with_the_rule(metered):
    with pytest.raises(CommandError, match="pierwszego dnia miesiąca"):
        settle("--from", "2026-01-15", "--to", "2026-06-30")


def test_an_unknown_building_is_refused(metered):
    with pytest.raises(CommandError, match="no building with id 999"):
        settle("--from", "2026-01-01", "--to", "2026-06-30", "--building", "999")
