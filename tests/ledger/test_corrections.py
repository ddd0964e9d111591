import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from iok.ledger import corrections
from iok.ledger.corrections import plan_reversal, reverse_entry
from iok.ledger.models import Closing, CorrectionReason, Entry
from iok.ledger.posting import Line, post_entry
from tests.conftest import component

NOV_1 = datetime.date(2026, 11, 1)
NOV_20 = datetime.date(2026, 11, 20)


@pytest.fixture
def charge(ledger):
    return post_entry(
        ledger,
        "charge",
        title="Opłaty za 11/2026",
        operation_date=NOV_1,
        lines=[
            Line(component("rent"), Decimal("-443.83")),
            Line(component("cold_water"), Decimal("-82.60")),
            Line(component("waste"), Decimal("-35.00")),
        ],
    )


def balance(ledger):
    ledger.refresh_from_db()
    return ledger.balance


def test_a_correction_reverses_a_charge_in_full(ledger, charge):
    correction = reverse_entry(charge, reason="błędna powierzchnia", on=NOV_20)
    assert correction.kind == Entry.Kind.CORRECTION
    assert correction.amount == Decimal("561.43")
    assert correction.corrects == charge
    assert list(charge.corrections.all()) == [correction]
    assert balance(ledger) == 0
    assert {(line.component.code, line.amount) for line in correction.lines.all()} == {
        ("rent", Decimal("443.83")),
        ("cold_water", Decimal("82.60")),
        ("waste", Decimal("35.00")),
    }


def test_a_correction_may_reverse_one_component(ledger, charge):
    correction = reverse_entry(
        charge, reason="woda", on=NOV_20, components=[component("cold_water")]
    )
    assert correction.amount == Decimal("82.60")
    assert balance(ledger) == Decimal("-478.83")


def test_corrections_never_reverse_more_than_was_charged(ledger, charge):
    reverse_entry(charge, reason="woda", on=NOV_20, components=[component("cold_water")])
    rest = reverse_entry(charge, reason="reszta", on=NOV_20)
    assert rest.amount == Decimal("478.83")
    with pytest.raises(ValidationError, match="w całości skorygowana"):
        reverse_entry(charge, reason="jeszcze raz", on=NOV_20)
    with pytest.raises(
        ValidationError, match="Nie pozostało nic do skorygowania dla: Zaliczka na zimną wodę"
    ):
        reverse_entry(charge, reason="woda", on=NOV_20, components=[component("cold_water")])
    assert balance(ledger) == 0


def test_a_payment_without_lines_is_reversed_by_its_amount(ledger):
    payment = post_entry(
        ledger, "payment", title="Przelew", operation_date=NOV_1, amount=Decimal("100.00")
    )
    correction = reverse_entry(payment, reason="zwrot do nadawcy", on=NOV_20)
    assert correction.amount == Decimal("-100.00")
    assert balance(ledger) == 0


def test_a_correction_needs_a_reason(charge):
    with pytest.raises(ValidationError, match="przyczyny"):
        reverse_entry(charge, reason="  ", on=NOV_20)
    assert not charge.corrections.exists()


def test_a_correction_cannot_stand_alone(ledger):
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(
            ledger=ledger,
            kind="correction",
            title="x",
            amount=Decimal(1),
            operation_date=NOV_1,
            booking_date=NOV_1,
            period="2026-11",
        )


OCT_1 = datetime.date(2026, 10, 1)


@pytest.fixture
def october(ledger):
    return post_entry(
        ledger,
        "charge",
        title="Opłaty za 10/2026",
        operation_date=OCT_1,
        lines=[
            Line(component("rent"), Decimal("-443.83")),
            Line(component("waste"), Decimal("-35.00")),
        ],
    )


def test_a_correction_dated_before_the_entry_it_corrects_is_refused_naming_the_first_day(
    ledger, october
):
    with pytest.raises(ValidationError, match=r"Korekta może mieć datę od 01\.10\.2026") as refusal:
        reverse_entry(october, reason="błąd", on=datetime.date(2023, 1, 15))
    assert "15.01.2023" in str(refusal.value)
    assert not ledger.entries.filter(operation_date__year=2023).exists()
    assert balance(ledger) == Decimal("-478.83")


def test_a_correction_inside_a_closed_period_is_refused_naming_the_first_open_day(ledger, october):
    Closing.objects.create(closed_until=datetime.date(2026, 10, 31))
    with pytest.raises(ValidationError) as refusal:
        reverse_entry(october, reason="błąd", on=datetime.date(2026, 10, 20))
    (message,) = refusal.value.messages
    assert "Korekta może mieć datę od 01.11.2026" in message
    assert "księgi są zamknięte do 31.10.2026" in message
    with pytest.raises(ValidationError, match=r"od 01\.11\.2026"):
        reverse_entry(october, reason="błąd", on=datetime.date(2023, 1, 15))
    assert not october.corrections.exists()


def test_a_correction_may_be_dated_on_the_entrys_day_or_the_first_open_day(ledger, october):
    same_day = reverse_entry(october, reason="a", on=OCT_1, components=[component("waste")])
    assert same_day.operation_date == OCT_1
    Closing.objects.create(closed_until=datetime.date(2026, 10, 31))
    first_open = reverse_entry(october, reason="b", on=datetime.date(2026, 11, 1))
    assert first_open.operation_date == datetime.date(2026, 11, 1)
    assert balance(ledger) == 0


def test_the_tenant_reads_a_plain_title_and_the_reason_is_kept_beside_it(ledger, october):
    first = reverse_entry(october, reason="odpady naliczone podwójnie", on=NOV_20,
                          components=[component("waste")])  # fmt: skip
    second = reverse_entry(october, reason="umowa rozwiązana", on=NOV_20)
    for correction, reason in [(first, "odpady naliczone podwójnie"), (second, "umowa rozwiązana")]:
        assert correction.title == "Korekta naliczenia za 10/2026"
        assert correction.heading == "Korekta naliczenia za 10/2026"
        assert reason not in correction.title
        assert CorrectionReason.objects.get(correction=correction).text == reason
        assert not correction.reason.shown_to_tenant
    assert october.heading == "Naliczenie: Opłaty za 10/2026"


def test_a_reason_the_clerk_chooses_to_show_follows_the_title_once(ledger, october):
    correction = reverse_entry(october, reason="zmiana stawki", on=NOV_20, show_reason=True)
    assert correction.title == "Korekta naliczenia za 10/2026 — zmiana stawki"
    assert correction.heading.count("Korekta") == 1
    assert correction.reason.shown_to_tenant


def test_a_payment_correction_is_titled_by_its_day(ledger):
    payment = post_entry(
        ledger, "payment", title="Przelew", operation_date=NOV_1, amount=Decimal("100.00")
    )
    correction = reverse_entry(payment, reason="zwrot", on=NOV_20)
    assert correction.title == "Korekta wpłaty z 01.11.2026"


def test_a_part_of_a_components_line_is_corrected(ledger, october):
    correction = reverse_entry(
        october, reason="jedna osoba zamiast dwóch", on=NOV_20,
        amounts={component("rent"): Decimal("221.92")},
    )  # fmt: skip
    assert [(line.component.code, line.amount) for line in correction.lines.all()] == [
        ("rent", Decimal("221.92"))
    ]
    assert correction.amount == Decimal("221.92")
    assert balance(ledger) == Decimal("-256.91")
    left = corrections.remaining_by_component(october)
    assert left[component("rent")].amount == Decimal("-221.91")
    assert left[component("waste")].amount == Decimal("-35.00")


def test_more_than_a_line_holds_is_refused_naming_the_limit(ledger, october):
    reverse_entry(october, reason="a", on=NOV_20, amounts={component("rent"): Decimal("221.92")})
    with pytest.raises(ValidationError) as refusal:
        reverse_entry(
            october, reason="b", on=NOV_20, amounts={component("rent"): Decimal("221.92")}
        )
    assert refusal.value.messages == [
        "Czynsz: do skorygowania pozostało najwyżej 221,91\xa0zł, nie 221,92\xa0zł."
    ]
    assert october.corrections.count() == 1


@pytest.mark.parametrize("wanted", ["0", "-10.00", "1.005"])
def test_a_part_that_is_not_a_positive_amount_in_grosze_is_refused(ledger, october, wanted):
    with pytest.raises(
        ValidationError, match="dodatnią kwotę w złotych i groszach, najwyżej 35,00"
    ):
        reverse_entry(october, reason="a", on=NOV_20, amounts={component("waste"): Decimal(wanted)})
    assert not october.corrections.exists()


def test_one_refused_part_books_nothing_of_the_others(ledger, october):
    with pytest.raises(ValidationError, match="najwyżej 35,00"):
        reverse_entry(
            october, reason="a", on=NOV_20,
            amounts={component("rent"): Decimal("10.00"), component("waste"): Decimal("35.01")},
        )  # fmt: skip
    assert not october.corrections.exists()
    assert balance(ledger) == Decimal("-478.83")


def test_a_failure_after_posting_leaves_no_correction_no_reason_and_the_balance(
    ledger, october, monkeypatch
):
    def broken(ledger_ids, since=None):
        raise RuntimeError("allocation failed")

    monkeypatch.setattr(corrections, "reallocate", broken)
    with pytest.raises(RuntimeError):
        reverse_entry(october, reason="a", on=NOV_20)
    assert not Entry.objects.filter(kind="correction").exists()
    assert not CorrectionReason.objects.exists()
    assert balance(ledger) == Decimal("-478.83")


def test_the_preview_is_what_is_booked(ledger, october):
    parts = {component("rent"): Decimal("100.00"), component("waste"): None}
    plan = plan_reversal(october, parts)
    correction = reverse_entry(october, reason="a", on=NOV_20, amounts=parts)
    booked = [(line.component, line.amount, line.vat) for line in correction.lines.all()]
    assert booked == [(line.component, line.amount, line.vat) for line in plan.lines]
    assert correction.amount == plan.amount == Decimal("135.00")


def test_vat_is_taken_back_in_proportion_and_in_full_at_the_end(ledger):
    shop = post_entry(
        ledger, "charge", title="Opłaty", operation_date=NOV_1,
        lines=[Line(component("rent"), Decimal("-123.00"), vat=Decimal("-23.00"), vat_rate=23)],
    )  # fmt: skip
    part = reverse_entry(shop, reason="a", on=NOV_20, amounts={component("rent"): Decimal("41.00")})
    assert part.lines.get().vat == Decimal("7.67")
    rest = reverse_entry(shop, reason="b", on=NOV_20)
    assert rest.lines.get().amount == Decimal("82.00")
    assert rest.lines.get().vat == Decimal("15.33")


def test_a_payment_without_lines_is_corrected_by_a_part_of_its_amount(ledger):
    payment = post_entry(
        ledger, "payment", title="Przelew", operation_date=NOV_1, amount=Decimal("100.00")
    )
    correction = reverse_entry(payment, reason="część zwrócona", on=NOV_20, amount=Decimal("40"))
    assert correction.amount == Decimal("-40.00")
    with pytest.raises(ValidationError, match="najwyżej 60,00"):
        reverse_entry(payment, reason="za dużo", on=NOV_20, amount=Decimal("60.01"))
    assert balance(ledger) == Decimal("60.00")
