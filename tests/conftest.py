"""The town every test starts from: built once per test, by name, with fixed dates."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from hypothesis import settings

from iok.ledger.models import Component, Rate
from iok.ledger.posting import open_ledger
from iok.registry.models import Building, Contract, Contractor, ContractParty, Premises
from iok.registry.properties import set_property
from tests import clock
from tests.clock import FROZEN_AT

JAN_1 = datetime.date(2026, 1, 1)

# Property tests as every other test: the same examples on every run (fixed
# seeds), and no deadline per example, which a busy CI machine would miss.
settings.register_profile("iok", deadline=None, derandomize=True)
settings.load_profile("iok")


@pytest.fixture(scope="session", autouse=True)
def frozen_clock():
    """The suite's one clock: every test runs at FROZEN_AT, whatever day the
    machine thinks it is, and the clock stands still; the processes tests
    start share it (tests/clock.py). A test that needs another day says so
    with the `time_machine` fixture (`time_machine.move_to(...)`)."""
    clock.started()
    with time_machine.travel(FROZEN_AT, tick=False):
        yield


@pytest.fixture(autouse=True)
def language_of_the_site():
    """Each test starts in the site's language: a request in English (a
    language cookie) leaves English active in the thread after it, which
    would otherwise reach the next test that reads a message."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def force_login_passes_the_second_step(monkeypatch):
    """`client.force_login(user)` stands for a whole login: for a user who
    must have a second step (staff, City Hall, the admin) or has one, the
    session counts as verified with their device (made if missing). Tests of
    the second step itself log in through the login form instead."""
    from django.test import Client

    real = Client.force_login

    def force_login(self, user, backend=None):
        real(self, user, backend)
        from tests.security.helpers import mark_verified

        mark_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def building(db):
    return Building.objects.create(
        street="ul. Mickiewicza", number="12", postal_code="15-213", city="Białystok"
    )


@pytest.fixture
def flat(building):
    premises = Premises.objects.create(building=building, kind="residential", number="4")
    set_property("usable_area", premises, Decimal("52.40"), JAN_1)
    set_property("floor", premises, Decimal(2), JAN_1)
    return premises


@pytest.fixture
def shop(building):
    premises = Premises.objects.create(building=building, kind="commercial", number="U1")
    set_property("usable_area", premises, Decimal("80.00"), JAN_1)
    return premises


def person(first, last, pesel):
    contractor = Contractor(
        kind="person",
        first_name=first,
        last_name=last,
        pesel=pesel,
        street="ul. Mickiewicza 12/4",
        postal_code="15-213",
        city="Białystok",
    )
    contractor.full_clean()
    contractor.save()
    return contractor


@pytest.fixture
def tenant(db):
    return person("Anna", "Kowalska", "85071412341")


@pytest.fixture
def co_tenant(db):
    return person("Piotr", "Kowalski", "83030512372")


def make_contract(number, premises, start, *parties, end=None, persons=None):
    contract = Contract.objects.create(
        number=number, kind="lease", premises=premises, start=start, end=end
    )
    for role, contractor in zip(["main", *["co_tenant"] * len(parties)], parties, strict=False):
        ContractParty.objects.create(contract=contract, contractor=contractor, role=role)
    if persons is not None:
        set_property("persons", contract, Decimal(persons), start)
    open_ledger(contract)
    return contract


@pytest.fixture
def contract(flat, tenant, co_tenant):
    return make_contract(
        "M/2020/0001", flat, datetime.date(2020, 3, 1), tenant, co_tenant, persons=2
    )


@pytest.fixture
def ledger(contract):
    return contract.ledger


def component(code):
    return Component.objects.get(code=code)


@pytest.fixture
def rates(db):
    """Rent per m², cold water per person, waste per premises, from 1 January 2026."""
    return [
        Rate.objects.create(
            component=component("rent"),
            basis="property",
            property_kind_id=_kind("usable_area"),
            amount=Decimal("8.47"),
            valid_from=JAN_1,
        ),
        Rate.objects.create(
            component=component("cold_water"),
            basis="property",
            property_kind_id=_kind("persons"),
            amount=Decimal("41.30"),
            valid_from=JAN_1,
        ),
        Rate.objects.create(
            component=component("waste"),
            basis="premises",
            amount=Decimal("35.00"),
            valid_from=JAN_1,
        ),
    ]


def _kind(code):
    from iok.registry.models import PropertyKind

    return PropertyKind.objects.get(code=code).pk


@pytest.fixture
def people(contract, tenant, co_tenant, building, settings):
    """The named people: `people.tenant` and `people.co_tenant` are parties to
    `contract`; `people.stranger` has a flat and a ledger of his own."""
    from tests.people import build_people

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_people(contract, tenant, co_tenant, building)
