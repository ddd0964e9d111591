"""The tenant's second ledger (a garage of her own) and a way to give a
ledger credit: what transfers and refunds move."""

import contextlib
import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iok.ledger.posting import post_entry
from iok.registry.models import Premises
from tests.conftest import make_contract

NOV_2 = datetime.date(2026, 11, 2)
_numbers = itertools.count(1)


def pay(ledger, amount, day=NOV_2):
    """A payment of `amount` on `day`: credit when nothing is owed."""
    return post_entry(
        ledger, "payment", title="Przelew", operation_date=day, amount=Decimal(amount)
    )


def garage_of(building, *parties, number=None):
    number = number or f"G{next(_numbers)}"
    premises = Premises.objects.create(building=building, kind="garage", number=number)
    return make_contract(f"G/2022/{number}", premises, datetime.date(2022, 5, 1), *parties).ledger


@pytest.fixture
def garage(building, tenant):
    """The tenant's garage: she is its only party, as she is the flat's main tenant."""
    return garage_of(building, tenant)


@pytest.fixture
def clerk(people):
    return people.clerk


def balance(ledger) -> Decimal:
    ledger.refresh_from_db(fields=["balance"])
    return ledger.balance


@contextlib.contextmanager
def refused(code: str):
    """The block raises ValidationError with `code` (messages are in Polish)."""
    with pytest.raises(ValidationError) as error:
        yield
    assert [e.code for e in error.value.error_list] == [code], error.value.messages
