"""One small town for the matrix, built once per test module: the town and
the named people of tests/conftest.py and tests/people.py; the tenant's
ledger with half a year of charges, a payment, a correction and its utility
settlement; the stranger's ledger; a pending access request; a statement file
waiting for its preview and a payment waiting in the queue; a meter with a
self-reading waiting, and a collector's file. `World.mine(who)` is what a
person may open as their own, `World.foreign(kind, who)` the ids they must not.

The module's town lives in a transaction rolled back when the module ends;
each test runs in a savepoint inside it, so no test sees another's changes."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings

from iok.access.models import AccessRequest, Account
from iok.jobs.models import Job
from iok.ledger.corrections import reverse_entry
from iok.ledger.models import Entry, Ledger
from iok.ledger.posting import Line, post_entry
from iok.meters.models import Meter, Reading, ReadingUpload
from iok.payments.models import Statement, StatementLine, Upload
from iok.periods import Period
from iok.refunds.models import RefundBatch, RefundOrder
from iok.registry.models import Building, Contractor, Premises
from iok.registry.properties import set_property
from iok.settlements.models import ConsumptionNorm, Settlement, SettlementRun, SupplierPrice
from iok.settlements.running import run_settlements
from tests.conftest import JAN_1, component, make_contract, person
from tests.office.test_payment_pages import camt053
from tests.people import build_people


def charge(ledger, day):
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
            Line(component("cold_water"), Decimal("-15.00")),
            Line(component("sewage"), Decimal("-12.00")),
        ],
    )


@dataclass
class Own:
    """What one person opens as their own: their ledger, one of its entries
    and its settlement of the first half of 2026."""

    ledger: Ledger
    entry: Entry
    settlement: Settlement | None


@dataclass
class World:
    people: object
    tenant: Own
    stranger: Own
    access_request: AccessRequest
    upload: Upload
    waiting_line: StatementLine
    meter: Meter
    waiting_reading: Reading
    reading_upload: ReadingUpload
    job: Job
    refund_order: RefundOrder
    refund_batch: RefundBatch

    def mine(self, who: str) -> Own:
        return self.stranger if who == "stranger" else self.tenant

    def foreign(self, kind: str, who: str) -> list[int]:
        """Existing ids of `kind` that `who` may not open."""
        own = self.mine(who)
        if kind == "ledger":
            return list(Ledger.objects.exclude(pk=own.ledger.pk).values_list("pk", flat=True))
        if kind == "entry":
            return list(Entry.objects.exclude(ledger=own.ledger).values_list("pk", flat=True))
        if kind == "meter":
            theirs = Meter.objects.exclude(premises=own.ledger.contract.premises)
            return list(theirs.values_list("pk", flat=True))
        if kind == "settlement":
            theirs = Settlement.objects.exclude(contract__ledger=own.ledger)
            return list(theirs.values_list("pk", flat=True))
        return list(OFFICE_KINDS[kind].objects.values_list("pk", flat=True))


OFFICE_KINDS = {
    "account": Account,
    "access_request": AccessRequest,
    "upload": Upload,
    "statement_line": StatementLine,
    "statement": Statement,
    "meter": Meter,
    "contractor": Contractor,
    "reading": Reading,
    "reading_upload": ReadingUpload,
    "settlement_run": SettlementRun,
    "job": Job,
    "refund_order": RefundOrder,
    "refund_batch": RefundBatch,
}


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    quick = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),  # the self-reading's photo
    )
    with django_db_blocker.unblock(), quick, transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(module_world, db) -> World:
    return module_world


def build_world() -> World:
    """The town of tests/conftest.py (its fixtures are per test), then ours."""
    building = Building.objects.create(
        street="ul. Mickiewicza", number="12", postal_code="15-213", city="Białystok"
    )
    flat = Premises.objects.create(building=building, kind="residential", number="4")
    set_property("usable_area", flat, Decimal("52.40"), JAN_1)
    tenant = person("Anna", "Kowalska", "85071412341")
    co_tenant = person("Piotr", "Kowalski", "83030512372")
    contract = make_contract(
        "M/2020/0001", flat, datetime.date(2020, 3, 1), tenant, co_tenant, persons=2
    )
    people = build_people(contract, tenant, co_tenant, building)
    ledger = contract.ledger
    meters = meter_and_readings(contract.premises, people)
    charges = [charge(ledger, datetime.date(2026, month, 1)) for month in range(1, 7)]
    post_entry(
        ledger, "payment", title="Przelew", operation_date=datetime.date(2026, 3, 15),
        amount=Decimal("500.00"),
    )  # fmt: skip
    reverse_entry(
        charges[2], reason="odpady", on=datetime.date(2026, 3, 20),
        components=[component("waste")],
    )  # fmt: skip
    theirs = Ledger.objects.for_contractor(people.stranger.account.contractor).get()
    their_charge = charge(theirs, datetime.date(2026, 3, 1))
    settle_the_first_half_year()
    applicant = person("Zofia", "Wiśniewska", "72050945620")
    garage = Premises.objects.create(building=building, kind="garage", number="G3")
    make_contract("G/2024/0003", garage, datetime.date(2024, 4, 1), applicant)
    return World(
        people=people,
        tenant=Own(ledger, charges[2], Settlement.objects.for_ledger(ledger).first()),
        stranger=Own(theirs, their_charge, Settlement.objects.for_ledger(theirs).first()),
        access_request=AccessRequest.objects.create(
            first_name="Zofia",
            last_name="Wiśniewska",
            pesel="72050945620",
            premises_address="ul. Mickiewicza 12, garaż G3, Białystok",
            contract_number="G/2024/0003",
            email="zofia@example.pl",
            consents_to_electronic_correspondence=True,
        ),
        upload=Upload.objects.create(
            name="wyciag.xml", data=camt053(ledger.virtual_account), uploaded_by=people.clerk
        ),
        waiting_line=waiting_payment(),
        job=Job.objects.create(
            kind=Job.Kind.MAIL, title="E-mail to anna@example.pl", state=Job.State.DONE
        ),
        **meters,
        **refunds(ledger, people.clerk),
    )


def refunds(ledger, clerk) -> dict:
    """A refund waiting to be sent and a bank file written before: rows as
    the office finds them (the ledger's own credit is no matter here)."""
    order = RefundOrder.objects.create(
        ledger=ledger, amount=Decimal("10.00"), account="61109010140000071219812874",
        recipient_name="Anna Kowalska", reason="nadpłata", ordered_by=clerk,
    )  # fmt: skip
    batch = RefundBatch.objects.create(
        format="elixir", file_name="zwroty-20261127-1.pli", content=b"110,20261127\r\n",
        execution_date=datetime.date(2026, 11, 27), count=1, total=Decimal("5.00"),
        created_by=clerk,
    )  # fmt: skip
    return {"refund_order": order, "refund_batch": batch}


def settle_the_first_half_year():
    """Water at 5,00 zł/m³ and sewage at 4,00 zł/m³ against the advances charged."""
    for code, price in (("cold_water", "5.00"), ("sewage", "4.00")):
        SupplierPrice.objects.create(
            component=component(code), price=Decimal(price), valid_from=datetime.date(2025, 1, 1)
        )
    ConsumptionNorm.objects.create(
        medium="cold_water", per_person_month=Decimal("3.000"),
        valid_from=datetime.date(2025, 1, 1),
    )  # fmt: skip
    run_settlements(
        datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), on=datetime.date(2026, 7, 15)
    )


def waiting_payment() -> StatementLine:
    statement = Statement.objects.create(
        account="PL84102010260000120203456789",
        number="17",
        currency="PLN",
        date=datetime.date(2026, 11, 16),
        format="camt053",
        source="wyciag.xml",
    )
    return StatementLine.objects.create(
        statement=statement,
        key="matrix-1",
        line_number=1,
        booking_date=datetime.date(2026, 11, 16),
        value_date=datetime.date(2026, 11, 16),
        amount=Decimal("45.00"),
        credit=True,
        counterparty_name="Jan Nieznany",
        title="za garaz",
        status=StatementLine.Status.UNMATCHED,
    )


# The smallest GIF there is: a self-reading's photo.
PIXEL = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def meter_and_readings(flat, people) -> dict:
    meter = Meter.objects.create(
        premises=flat,
        medium="cold_water",
        serial_number="WZ-2023-0417",
        place="bathroom",
        installed=datetime.date(2023, 1, 10),
        legalised_until=datetime.date(2028, 1, 10),
    )
    for day, value in ((datetime.date(2026, 1, 1), "100"), (datetime.date(2026, 7, 1), "118.1")):
        Reading.objects.create(meter=meter, date=day, value=Decimal(value), source="staff")
    waiting = Reading(
        meter=meter, date=datetime.date(2026, 11, 20), value=Decimal("125.250"), source="tenant",
        status="waiting", entered_by=people.tenant,
    )  # fmt: skip
    waiting.photo.save("licznik.gif", ContentFile(PIXEL), save=False)
    waiting.save()
    upload = ReadingUpload.objects.create(name="odczyty.csv", data=b"", uploaded_by=people.clerk)
    return {"meter": meter, "waiting_reading": waiting, "reading_upload": upload}
