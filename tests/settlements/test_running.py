"""Settlement runs against the database: what is booked, once, and the
difference after a correction. Numbers worked out by hand in each test."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iok.ledger.models import Entry
from iok.meters.models import Reading
from iok.settlements.models import Settlement, SettlementRun
from iok.settlements.running import run_settlements
from tests.conftest import make_contract, person
from tests.settlements.conftest import DEC31, FIRST, LAST, ON, D, charge_advances, water_meter

pytestmark = pytest.mark.usefixtures("prices")


def lines_of(entry):
    return {line.component.code: line.amount for line in entry.lines.all()}


@pytest.fixture
def metered(flat, ledger):
    """Read on 31.12.2025 (100) and 30.06.2026 (118,1), each the state at the
    end of its day: 18,1 m³ used on 01.01–30.06; advances 6 × 15,00 zł for
    water and 6 × 12,00 zł for sewage."""
    water_meter(flat, "W-1", (D(2025, 6, 30), "80"), (DEC31, "100"), (LAST, "118.1"))
    charge_advances(ledger, range(1, 7))
    return ledger


def test_a_settlement_books_the_difference_between_cost_and_advances_per_component(metered):
    # Water: 18,1 m³ at 5,00 zł for 90 days and 6,00 zł for 91 days
    # = 18,1 × 996 / 181 = 99,60 zł; advances 90,00 zł: −9,60 zł.
    # Sewage: 18,1 × 4,00 = 72,40 zł; advances 72,00 zł: −0,40 zł. Together −10,00 zł.
    result = run_settlements(FIRST, LAST, on=ON)
    [settlement] = Settlement.objects.all()
    assert settlement.entry.kind == Entry.Kind.SETTLEMENT
    assert settlement.amount == Decimal("-10.00") == result.total
    assert lines_of(settlement.entry) == {
        "cold_water": Decimal("-9.60"),
        "sewage": Decimal("-0.40"),
    }
    assert settlement.entry.due_date == D(2026, 7, 29)
    water = settlement.document["components"][0]
    assert (water["consumption"], water["method"], water["cost"]) == ("18.100", "readings", "99.60")
    assert [p["price"] for p in water["prices"]] == ["5.00", "6.00"]
    metered.refresh_from_db()
    assert metered.balance == Decimal("-172.00")  # −90 − 72 − 10


def test_a_second_run_of_a_settled_period_books_nothing(metered):
    run_settlements(FIRST, LAST, on=ON)
    again = run_settlements(FIRST, LAST, on=ON)
    assert Settlement.objects.count() == 1
    assert Entry.objects.filter(kind__in=["settlement", "correction"]).count() == 1
    assert (again.run.booked, again.run.unchanged) == (0, 1)


def test_after_a_corrected_reading_a_rerun_books_only_the_difference_as_a_correction(metered):
    # The 30.06 reading was 120,1, not 118,1: 20,1 m³. Water 20,1 × 996 / 181 =
    # 110,6055… = 110,61 zł, against 90,00: −20,61 zł, of which −9,60 booked:
    # −11,01 zł more. Sewage 20,1 × 4 = 80,40 zł, −8,40 zł, −0,40 booked: −8,00 zł.
    run_settlements(FIRST, LAST, on=ON)
    wrong = Reading.objects.get(value=Decimal("118.1"))
    wrong.status, wrong.reject_reason = "rejected", "Pomyłka przy przepisywaniu"
    wrong.save()
    Reading.objects.create(
        meter=wrong.meter, date=wrong.date, value=Decimal("120.1"), source="staff"
    )
    result = run_settlements(FIRST, LAST, on=ON + datetime.timedelta(days=1))
    first, second = Settlement.objects.order_by("revision")
    assert second.revision == 1 and result.run.corrected == 1
    assert second.entry.kind == Entry.Kind.CORRECTION
    assert second.entry.corrects == first.entry
    assert lines_of(second.entry) == {"cold_water": Decimal("-11.01"), "sewage": Decimal("-8.00")}
    assert second.document["components"][0]["consumption"] == "20.100"
    assert first.amount + second.amount == Decimal("-29.01")  # −20,61 − 8,40
    assert run_settlements(FIRST, LAST, on=ON).run.unchanged == 1  # and then nothing more


def test_a_change_of_tenant_settles_each_contract_for_its_own_days(flat, tenant, co_tenant):
    # Readings 31.12.2025: 100, 31.03 (handover, at the end of A's last day): 109,
    # 30.06: 118,1. A (to 31.03): 9 m³ × 5,00 = 45,00 zł water, 9 × 4 = 36,00 zł sewage.
    # B (from 01.04): 9,1 m³ × 6,00 = 54,60 zł water, 9,1 × 4 = 36,40 zł sewage.
    # No advances charged, so both are underpayments of the whole cost.
    a = make_contract("M/2019/0001", flat, D(2019, 1, 1), tenant, end=D(2026, 3, 31))
    b = make_contract("M/2026/0002", flat, D(2026, 4, 1), co_tenant)
    water_meter(flat, "W-1", (DEC31, "100"), (D(2026, 3, 31), "109"), (LAST, "118.1"))
    run_settlements(FIRST, LAST, on=ON)
    sa, sb = Settlement.objects.get(contract=a), Settlement.objects.get(contract=b)
    assert (sa.first, sa.last, sb.first, sb.last) == (FIRST, D(2026, 3, 31), D(2026, 4, 1), LAST)
    assert lines_of(sa.entry) == {"cold_water": Decimal("-45.00"), "sewage": Decimal("-36.00")}
    assert lines_of(sb.entry) == {"cold_water": Decimal("-54.60"), "sewage": Decimal("-36.40")}


def test_a_meter_replacement_counts_both_meters(flat, ledger):
    # Old: 50 on 31.12.2025, final 62 on 31.03 when it is removed (12 m³ on
    # 01.01–31.03, the removal day included); new: installed on 31.03 with 0,
    # 9,5 on 30.06 (9,5 m³ on 01.04–30.06): 21,5 m³. Spread evenly over the days and priced by days:
    # 21,5 × 996 / 181 = 118,3093… = 118,31 zł; sewage 21,5 × 4 = 86,00 zł.
    old = water_meter(flat, "OLD", (DEC31, "50"), (D(2026, 3, 31), "62"), removed=D(2026, 3, 31))
    water_meter(
        flat,
        "NEW",
        (D(2026, 3, 31), "0"),
        (LAST, "9.5"),
        installed=D(2026, 3, 31),
        replaces=old,
    )
    run_settlements(FIRST, LAST, on=ON)
    settlement = Settlement.objects.get()
    assert settlement.document["components"][0]["consumption"] == "21.500"
    assert lines_of(settlement.entry) == {
        "cold_water": Decimal("-118.31"),
        "sewage": Decimal("-86.00"),
    }


def test_readings_off_the_boundaries_are_prorated_as_the_meters_consumption_does(flat, ledger):
    # A reading dated D is the state at the end of D, as in
    # iok.meters.readings.consumption and the portal chart; all at 0,2 m³ a day.
    # OLD: 90 on 15.12.2025, 95,2 on 10.01 (26 days); at the end of 31.12 (16
    # days on) 90 + 5,2 × 16/26 = 93,2. Final 102,4 on 15.02, removed that day:
    # 102,4 − 93,2 = 9,2 m³ on 01.01–15.02 (46 days × 0,2).
    # NEW: installed 15.02 with 0, 25 on 20.06, 29 on 10.07 (20 days); at the
    # end of 30.06 (10 days on) 25 + 4 × 10/20 = 27: 27 m³ on 16.02–30.06
    # (135 days × 0,2). Together 36,2 m³ (the start-of-day reading would have
    # given 93,4 and 27,2 instead): water 36,2 × 996 / 181 = 199,20 zł, sewage
    # 36,2 × 4 = 144,80 zł, no advances.
    from iok.meters.readings import consumption

    old = water_meter(
        flat,
        "OLD",
        (D(2025, 12, 15), "90"),
        (D(2026, 1, 10), "95.2"),
        (D(2026, 2, 15), "102.4"),
        removed=D(2026, 2, 15),
    )
    water_meter(
        flat,
        "NEW",
        (D(2026, 2, 15), "0"),
        (D(2026, 6, 20), "25"),
        (D(2026, 7, 10), "29"),
        installed=D(2026, 2, 15),
        replaces=old,
    )
    run_settlements(FIRST, LAST, on=ON)
    settlement = Settlement.objects.get()
    water = settlement.document["components"][0]
    assert [
        (p["meter"], p["first"], p["last"], p["start_value"], p["end_value"], p["quantity"])
        for p in water["parts"]
    ] == [
        ("OLD", "2026-01-01", "2026-02-15", "93.200", "102.400", "9.200"),
        ("NEW", "2026-02-16", "2026-06-30", "0.000", "27.000", "27.000"),
    ]
    assert (water["consumption"], water["method"]) == ("36.200", "prorated")
    meters_say = consumption(flat, "cold_water", FIRST, LAST)
    assert (meters_say.amount, meters_say.missing_days) == (Decimal("36.200"), 0)
    assert lines_of(settlement.entry) == {
        "cold_water": Decimal("-199.20"),
        "sewage": Decimal("-144.80"),
    }


def test_a_flat_without_meters_is_estimated_from_persons_and_the_norm(ledger):
    # 2 persons × 3 m³ × 6 months = 36 m³; water 36 × 996 / 181 = 198,0994… =
    # 198,10 zł; sewage 36 × 4 = 144,00 zł; advances 90,00 and 72,00 zł:
    # −108,10 and −72,00 zł.
    charge_advances(ledger, range(1, 7))
    run_settlements(FIRST, LAST, on=ON)
    settlement = Settlement.objects.get()
    water = settlement.document["components"][0]
    assert (water["consumption"], water["method"]) == ("36.000", "persons")
    assert lines_of(settlement.entry) == {
        "cold_water": Decimal("-108.10"),
        "sewage": Decimal("-72.00"),
    }


def test_a_missing_reading_is_estimated_from_the_flats_average(flat, ledger):
    # 0 on 30.06.2025, 36,8 on 31.12.2025 (184 days), 54,8 on 31.03.2026 (90
    # days): 54,8 / 274 = 0,2 m³ a day. 01.01–31.03: 18 m³ read; no reading on
    # 30.06, so 01.04–30.06: 91 days × 0,2 = 18,2 m³ estimated.
    # Water 18 × 5 + 18,2 × 6 would be by the parts; the rule spreads 36,2 m³
    # evenly: 36,2 × 996 / 181 = 199,20 zł. Sewage 36,2 × 4 = 144,80 zł.
    water_meter(flat, "W-1", (D(2025, 6, 30), "0"), (DEC31, "36.8"), (D(2026, 3, 31), "54.8"))
    run_settlements(FIRST, LAST, on=ON)
    settlement = Settlement.objects.get()
    water = settlement.document["components"][0]
    assert (water["consumption"], water["method"]) == ("36.200", "average")
    assert lines_of(settlement.entry) == {
        "cold_water": Decimal("-199.20"),
        "sewage": Decimal("-144.80"),
    }


def test_commercial_premises_settle_with_vat(shop, tenant):
    # 10 m³: water net 10 × 996 / 181 = 55,0276… = 55,03 zł, VAT 8 % 4,40 zł,
    # 59,43 zł; sewage net 40,00, VAT 3,20, 43,20 zł. Advances 6 × 10,80 zł
    # (VAT 0,80 each) for both: 64,80 zł with 4,80 zł VAT.
    # Water +5,37 zł (VAT +0,40); sewage +21,60 zł (VAT +1,60).
    contract = make_contract("U/2024/0001", shop, D(2024, 1, 1), tenant)
    water_meter(shop, "W-U1", (DEC31, "0"), (LAST, "10"))
    charge_advances(
        contract.ledger, range(1, 7), cold="10.80", sewage="10.80", vat_rate=8, vat="0.80"
    )
    run_settlements(FIRST, LAST, on=ON)
    settlement = Settlement.objects.get()
    lines = {
        line.component.code: (line.amount, line.vat, line.vat_rate)
        for line in settlement.entry.lines.all()
    }
    assert lines == {
        "cold_water": (Decimal("5.37"), Decimal("0.40"), 8),
        "sewage": (Decimal("21.60"), Decimal("1.60"), 8),
    }
    assert settlement.entry.due_date is None  # an overpayment is not due


def test_a_dry_run_books_and_stores_nothing(metered):
    result = run_settlements(FIRST, LAST, on=ON, dry_run=True)
    assert result.total == Decimal("-10.00")
    assert not Settlement.objects.exists() and not SettlementRun.objects.exists()


def test_a_period_that_has_not_ended_cannot_be_settled(metered):
    with pytest.raises(ValidationError) as error:
        run_settlements(FIRST, LAST, on=D(2026, 6, 30))
    assert "01.07.2026" in str(error.value)
    with pytest.raises(ValidationError):
        run_settlements(D(2026, 1, 2), LAST, on=ON)


def test_a_stranger_in_another_building_is_not_in_a_building_run(metered, flat):
    from iok.registry.models import Building, Premises

    other = Building.objects.create(
        street="ul. Lipowa", number="3", postal_code="15-001", city="Białystok"
    )
    far = Premises.objects.create(building=other, kind="residential", number="1")
    make_contract(
        "M/2022/0003", far, D(2022, 1, 1), person("Jan", "Nowak", "90010112349"), persons=1
    )
    run_settlements(FIRST, LAST, building=flat.building, on=ON)
    assert [s.contract.number for s in Settlement.objects.all()] == ["M/2020/0001"]
