import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from iok.ledger.billing import bill_month
from iok.ledger.models import Entry, EntryLine, Rate
from iok.periods import Period
from iok.registry.models import Premises
from iok.registry.properties import set_property
from tests.conftest import component, make_contract, person

NOVEMBER = Period(2026, 11)
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def charge_of(contract, period=NOVEMBER):
    return Entry.objects.get(ledger=contract.ledger, kind="charge", period=str(period))


def lines_of(entry):
    return {line.component.code: line.amount for line in entry.lines.all()}


def balance(contract):
    contract.ledger.refresh_from_db()
    return contract.ledger.balance


@pytest.fixture
def second_flat(building):
    flat = Premises.objects.create(building=building, kind="residential", number="5")
    set_property("usable_area", flat, Decimal("52.40"), datetime.date(2026, 1, 1))
    return flat


@pytest.fixture
def neighbour(db):
    return person("Ewa", "Zielińska", "90010112349")


def test_a_month_is_charged_as_computed_by_hand(contract, rates):
    result = bill_month(NOVEMBER)
    charge = charge_of(contract)
    # rent 52.40 m² × 8.47 zł = 443.828 → 443.83; cold water 2 persons × 41.30 = 82.60;
    # waste 35.00 per premises. Total 561.43, as a charge: -561.43.
    assert lines_of(charge) == {
        "rent": Decimal("-443.83"),
        "cold_water": Decimal("-82.60"),
        "waste": Decimal("-35.00"),
    }
    assert charge.amount == Decimal("-561.43")
    assert charge.operation_date == datetime.date(2026, 11, 1)
    assert charge.due_date == datetime.date(2026, 11, 10)
    assert "11/2026" in charge.title
    assert balance(contract) == Decimal("-561.43")
    assert (result.charged, result.total) == (1, Decimal("-561.43"))


def test_lines_keep_quantity_and_unit_price(contract, rates):
    bill_month(NOVEMBER)
    rent = charge_of(contract).lines.get(component__code="rent")
    assert (rent.quantity, rent.unit_price) == (Decimal("52.400"), Decimal("8.47"))


def test_commercial_premises_pay_vat_per_component(shop, neighbour, rates):
    Rate.objects.create(
        component=component("rent"),
        basis="property",
        premises_kind="commercial",
        property_kind=rates[0].property_kind,
        amount=Decimal("25.00"),
        valid_from=datetime.date(2026, 1, 1),
    )
    lease = make_contract("U/2024/0007", shop, datetime.date(2024, 5, 1), neighbour)
    result = bill_month(NOVEMBER)
    rent = charge_of(lease).lines.get(component__code="rent")
    # net 80.00 m² × 25.00 = 2000.00, VAT 23 % = 460.00, gross 2460.00
    assert (rent.amount, rent.vat, rent.vat_rate) == (Decimal("-2460.00"), Decimal("-460.00"), 23)
    # waste carries no VAT; the shop has no persons registered, so no water is charged
    assert lines_of(charge_of(lease)) == {"rent": Decimal("-2460.00"), "waste": Decimal("-35.00")}
    assert any("U/2024/0007" in warning for warning in result.warnings)


def test_a_contract_starting_inside_the_month_pays_for_its_days(second_flat, neighbour, rates):
    new = make_contract(
        "M/2026/0100", second_flat, datetime.date(2026, 11, 17), neighbour, persons=2
    )
    bill_month(NOVEMBER)
    # 14 of 30 days: rent 443.828 × 14/30 = 207.1197 → 207.12; water 82.60 × 14/30 = 38.5467
    # → 38.55; waste 35.00 × 14/30 = 16.3333 → 16.33. Total 262.00.
    charge = charge_of(new)
    assert lines_of(charge) == {
        "rent": Decimal("-207.12"),
        "cold_water": Decimal("-38.55"),
        "waste": Decimal("-16.33"),
    }
    assert charge.amount == Decimal("-262.00")
    assert charge.operation_date == datetime.date(2026, 11, 17)


def test_a_contract_that_ends_is_charged_for_its_last_days_and_then_no_more(contract, rates):
    contract.end = datetime.date(2026, 11, 10)
    contract.save()
    bill_month(NOVEMBER)
    # 10 of 30 days: 443.828 × 10/30 = 147.94; 82.60 × 10/30 = 27.53; 35 × 10/30 = 11.67
    assert charge_of(contract).amount == Decimal("-187.14")
    result = bill_month(Period(2026, 12))
    assert result.charged == 0
    assert not Entry.objects.filter(period="2026-12").exists()


def test_second_billing_run_books_nothing(contract, rates):
    bill_month(NOVEMBER)
    entries, lines = Entry.objects.count(), EntryLine.objects.count()
    again = bill_month(NOVEMBER)
    assert (again.charged, again.already_charged, again.total) == (0, 1, 0)
    assert (Entry.objects.count(), EntryLine.objects.count()) == (entries, lines)
    assert balance(contract) == Decimal("-561.43")


def test_a_contract_added_later_is_charged_on_the_next_run(contract, second_flat, neighbour, rates):
    bill_month(NOVEMBER)
    late = make_contract(
        "M/2026/0101", second_flat, datetime.date(2026, 11, 1), neighbour, persons=1
    )
    result = bill_month(NOVEMBER)
    assert (result.charged, result.already_charged) == (1, 1)
    assert charge_of(late).amount == Decimal("-520.13")  # 443.83 + 41.30 + 35.00
    assert Entry.objects.filter(ledger=contract.ledger).count() == 1


def test_properties_and_rates_are_taken_on_the_first_day_of_the_month(
    contract, rates, time_machine
):
    set_property("persons", contract, Decimal(3), datetime.date(2026, 11, 15))
    Rate.objects.create(
        component=component("rent"),
        basis="property",
        property_kind=rates[0].property_kind,
        amount=Decimal("8.90"),
        valid_from=datetime.date(2027, 1, 1),
    )
    bill_month(NOVEMBER)
    bill_month(Period(2026, 12))
    time_machine.move_to(
        datetime.datetime(2026, 12, 15, 12, tzinfo=WARSAW)
    )  # January may be billed
    bill_month(Period(2027, 1))
    assert lines_of(charge_of(contract))["cold_water"] == Decimal("-82.60")
    assert lines_of(charge_of(contract, Period(2026, 12)))["cold_water"] == Decimal("-123.90")
    # 52.40 × 8.90 = 466.36 from 1 January
    assert lines_of(charge_of(contract, Period(2027, 1)))["rent"] == Decimal("-466.36")


def test_billing_asks_the_database_the_same_number_of_times_for_any_size(
    building, rates, django_assert_num_queries, neighbour
):
    def town(count, start):
        for n in range(start, start + count):
            flat = Premises.objects.create(building=building, kind="residential", number=str(n))
            set_property("usable_area", flat, Decimal("40.00"), datetime.date(2026, 1, 1))
            make_contract(f"M/{n}", flat, datetime.date(2025, 1, 1), neighbour, persons=1)

    town(3, 100)
    # The first billing also gathers the new tables' first statistics (SQLite).
    bill_month(Period(2026, 10))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        bill_month(NOVEMBER)
    town(30, 200)
    with django_assert_num_queries(len(small)):
        assert bill_month(Period(2026, 12)).charged == 33


def test_the_bill_command_reports_what_it_did(contract, rates, capsys):
    call_command("bill", "--month", "2026-11")
    out = capsys.readouterr().out
    assert "1" in out and "561,43" in out
    call_command("bill", "--month", "2026-11")
    assert "2026-11" in capsys.readouterr().out
    assert Entry.objects.count() == 1


def test_the_bill_command_refuses_a_month_it_cannot_read(db):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("bill", "--month", "11/2026")


def test_billing_refuses_a_month_after_the_next_one_naming_it_and_the_rule(contract, rates):
    # Today is 28.11.2026: December may be billed, January not yet.
    with pytest.raises(ValidationError) as refused:
        bill_month(Period(2027, 1))
    assert refused.value.code == "too_early"
    assert "2027-01" in refused.value.messages[0] and "2026-12" in refused.value.messages[0]
    assert not Entry.objects.exists()


def test_billing_the_next_month_in_advance_stays_possible(contract, rates):
    assert bill_month(Period(2026, 12)).charged == 1


def test_the_bill_command_refuses_the_month_after_the_next_in_polish(contract, rates, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 9, tzinfo=WARSAW))  # 02.12.2026
    with translation.override("pl"), pytest.raises(CommandError) as refused:
        call_command("bill", "--month", "2027-02")
    assert str(refused.value) == (
        "Nie można jeszcze naliczyć opłat za 2027-02: naliczać można najwyżej jeden miesiąc"
        " naprzód, więc 02.12.2026 najpóźniejszy miesiąc to 2027-01."
    )
    assert not Entry.objects.exists()
    call_command("bill", "--month", "2027-01")
    assert Entry.objects.filter(period="2027-01").count() == 1
