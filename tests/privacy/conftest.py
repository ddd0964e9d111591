"""A tenant with a full record: a shared contract whose ledger has charges, a
payment and allocations, a meter with readings before, during and after
the contract, logins with an access log, and an access request; and a
stranger with a record of his own."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

from iok.access.models import AccessRequest
from iok.ledger.allocation import allocate_ledger
from iok.ledger.models import Entry, Ledger
from iok.ledger.posting import Line, post_entry
from iok.meters.models import Meter, Reading
from iok.periods import Period
from iok.settlements.models import Settlement, SettlementRun
from tests.conftest import component

PAYMENT = Decimal("1234.56")


@dataclass
class Record:
    charge: Entry
    payment: Entry
    stranger_charge: Entry
    meter: Meter


def _charge(ledger, day):
    return post_entry(
        ledger,
        "charge",
        title=f"Opłaty za {day:%m/%Y}",
        operation_date=day,
        due_date=day.replace(day=10),
        period=Period.of(day),
        document=f"NAL/{day:%Y/%m}/{ledger.pk}",
        lines=[
            Line(component("rent"), Decimal("-443.83")),
            Line(component("waste"), Decimal("-35.00")),
        ],
    )


def _log(model, username, when, **fields):
    row = model.objects.create(
        username=username, ip_address="192.0.2.10", user_agent="Firefox", **fields
    )
    model.objects.filter(pk=row.pk).update(attempt_time=when)


@pytest.fixture
def record(people, contract, flat):
    ledger = contract.ledger
    charge = _charge(ledger, datetime.date(2026, 3, 1))
    payment = post_entry(
        ledger,
        "payment",
        title="Przelew",
        operation_date=datetime.date(2026, 3, 15),
        amount=PAYMENT,
    )
    settled = post_entry(
        ledger,
        "settlement",
        title="Rozliczenie wody 2025",
        operation_date=datetime.date(2026, 2, 15),
        amount=Decimal("-56.10"),
    )
    run = SettlementRun.objects.create(
        first=datetime.date(2025, 1, 1), last=datetime.date(2025, 12, 31)
    )
    Settlement.objects.create(
        run=run,
        contract=contract,
        first=run.first,
        last=run.last,
        entry=settled,
        amount=Decimal("-56.10"),
        document={"cost": "356.10", "advances": "300.00", "difference": "-56.10"},
    )
    allocate_ledger(ledger)
    stranger_ledger = Ledger.objects.for_contractor(people.stranger.account.contractor).get()
    stranger_charge = _charge(stranger_ledger, datetime.date(2026, 3, 1))
    meter = Meter.objects.create(
        premises=flat,
        medium="cold_water",
        serial_number="WZ-1001",
        place="bathroom",
        installed=datetime.date(2019, 1, 1),
    )
    for day, value in [("2020-02-01", "10.000"), ("2026-01-31", "123.456")]:
        Reading.objects.create(
            meter=meter, date=datetime.date.fromisoformat(day), value=Decimal(value), source="staff"
        )
    when = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 30))
    _log(AccessLog, "najemca", when)
    _log(AccessFailureLog, "najemca", when - datetime.timedelta(minutes=5))
    _log(AccessLog, "wspolnajemca", when)
    _log(AccessLog, "obcy", when)
    attempt = AccessAttempt.objects.create(
        username="najemca",
        ip_address="192.0.2.11",
        user_agent="Firefox",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)
    AccessRequest.objects.create(
        first_name="Anna",
        last_name="Kowalska",
        pesel="85071412341",
        premises_address="ul. Mickiewicza 12/4, Białystok",
        contract_number="M/2020/0001",
        consents_to_electronic_correspondence=True,
    )
    AccessRequest.objects.create(
        first_name="Piotr",
        last_name="Kowalski",
        pesel="83030512372",
        premises_address="ul. Mickiewicza 12/4, Białystok",
        contract_number="M/2020/0001",
        consents_to_electronic_correspondence=True,
    )
    return Record(charge=charge, payment=payment, stranger_charge=stranger_charge, meter=meter)
