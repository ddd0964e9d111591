"""A small set of entries whose journal is computed by hand in test_journal.py:
a residential charge (rent and advances), a commercial charge with 23 % and
8 % VAT, a payment that came in a statement, a correction of one advance."""

import datetime
from decimal import Decimal

import pytest

from iok.accounting.models import BankAccount
from iok.ledger.corrections import reverse_entry
from iok.ledger.posting import Line, post_entry
from iok.payments.models import Statement, StatementLine
from tests.conftest import component, make_contract

NOV_1 = datetime.date(2026, 11, 1)
NOV_10 = datetime.date(2026, 11, 10)
NOV_20 = datetime.date(2026, 11, 20)
NOVEMBER = (NOV_1, datetime.date(2026, 11, 30))
COLLECTION = "84102010260000120203456789"


def pay(ledger, amount, day, *, account=COLLECTION, number=1):
    """A payment booked as the import books it, with its statement line."""
    payment = post_entry(
        ledger, "payment", title="Wpłata", operation_date=day, booking_date=day,
        amount=amount, document=f"REF{number}",
    )  # fmt: skip
    statement = Statement.objects.create(
        account=account, number=str(number), currency="PLN", date=day, format="mt940",
        source="test.sta",
    )  # fmt: skip
    StatementLine.objects.create(
        statement=statement, key=f"k{number}", line_number=1, booking_date=day, value_date=day,
        amount=amount, credit=True, status="booked", ledger=ledger, entry=payment,
    )  # fmt: skip
    return payment


@pytest.fixture
def shop_ledger(shop, co_tenant):
    return make_contract("U/2021/0001", shop, datetime.date(2021, 5, 1), co_tenant).ledger


@pytest.fixture
def bank(db):
    """The demo's collection account on 131-1 (the data migration maps each
    configured collection account so; said here, not assumed)."""
    bank, _ = BankAccount.objects.update_or_create(
        collection_account=COLLECTION, defaults={"account": "131-1"}
    )
    return bank


@pytest.fixture
def books(ledger, shop_ledger, bank):
    """The four entries, booked in November 2026."""
    flat_charge = post_entry(
        ledger, "charge", title="Opłaty za 11/2026", operation_date=NOV_1, booking_date=NOV_1,
        lines=[
            Line(component("rent"), Decimal("-443.83")),
            Line(component("cold_water"), Decimal("-82.60")),
            Line(component("waste"), Decimal("-35.00")),
        ],
    )  # fmt: skip
    shop_charge = post_entry(
        shop_ledger, "charge", title="Opłaty za 11/2026", operation_date=NOV_1,
        booking_date=NOV_1,
        lines=[
            Line(component("rent"), Decimal("-833.45"), vat=Decimal("-155.85"), vat_rate=23),
            Line(component("cold_water"), Decimal("-108.00"), vat=Decimal("-8.00"), vat_rate=8),
        ],
    )  # fmt: skip
    payment = pay(ledger, Decimal("561.43"), NOV_10)
    correction = reverse_entry(
        flat_charge, reason="jedna osoba mniej", on=NOV_20, booked_on=NOV_20,
        components=[component("cold_water")],
    )  # fmt: skip
    return flat_charge, shop_charge, payment, correction


def receivable(ledger) -> str:
    return f"200-{ledger.pk:06d}"
