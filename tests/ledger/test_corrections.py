import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from iok.ledger.corrections import reverse_entry
from iok.ledger.models import Entry
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
