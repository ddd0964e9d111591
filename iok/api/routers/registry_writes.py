"""Upsert of the registry by the finance system's own keys: buildings,
premises, contractors, contracts with their parties and dated properties in
one call, under the CSV import's rules (iok/registry/upsert.py, through the
import's own per-record functions and the ledger's kinds, so every contract
has its ledger). All or nothing: one bad object and nothing is saved, the
422 naming each bad field (`contracts.0.tenant`)."""

import datetime
from typing import Literal

from ninja import Field, Schema

from iok.api.auth import needs
from iok.api.errors import Error  # 400: a body that is not JSON
from iok.api.framework import answers, choice
from iok.api.idempotency import IdempotencyKey, idempotent
from iok.api.routers.problems import refuse_other_than_an_object, refused
from iok.api.routers.registry import router
from iok.api.scopes import Scope
from iok.ledger import opening
from iok.registry.models import Contract, Contractor, Premises

WRITE = needs(Scope.WRITE_REGISTRY)
MANY = 5000  # objects of one kind in one call
# A property's value: at most three decimal places, a dot or a comma.
VALUE = r"^-?\d{1,9}([.,]\d{1,3})?$"


class BuildingKeyIn(Schema):
    city: str = Field(max_length=60)
    street: str = Field(max_length=100)
    number: str = Field(max_length=10)


class BuildingIn(BuildingKeyIn):
    postal_code: str = Field(max_length=6)
    year_built: int | None = Field(None, ge=1000, le=2999)
    floors: int | None = Field(None, ge=0, le=200)
    finance_key: str = Field(
        "", max_length=40, description="The finance system's own key: found by it first."
    )


class PremisesKeyIn(Schema):
    building: BuildingKeyIn
    kind: choice(Premises.Kind)
    number: str = Field(max_length=10)


class PremisesIn(PremisesKeyIn):
    staircase: str = Field("", max_length=10)


class ContractorIn(Schema):
    kind: choice(Contractor.Kind)
    first_name: str = Field("", max_length=60)
    last_name: str = Field("", max_length=80)
    company_name: str = Field("", max_length=200)
    pesel: str = Field("", max_length=20, description="A person's key (dashes allowed).")
    nip: str = Field("", max_length=20, description="A company's key (dashes allowed).")
    regon: str = Field("", max_length=20)
    street: str = Field(max_length=120, description="Street and number.")
    postal_code: str = Field(max_length=6)
    city: str = Field(max_length=60)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=20)
    finance_key: str = Field(
        "", max_length=40, description="The finance system's own key: found by it first."
    )


class ContractIn(Schema):
    number: str = Field(max_length=30)
    kind: choice(Contract.Kind)
    premises: PremisesKeyIn
    start: datetime.date
    end: datetime.date | None = Field(None, description="The last day, inclusive.")
    tenant: str = Field(max_length=20, description="The main tenant's PESEL or NIP.")
    co_tenants: list[str] = Field(
        [], max_length=20, description="The co-tenants' PESEL or NIP numbers."
    )


class PropertyIn(Schema):
    kind: str = Field(max_length=30, description="A property kind's code (usable_area, …).")
    contract: str | None = Field(None, max_length=30, description="Its contract's number, or")
    premises: PremisesKeyIn | None = Field(None, description="its premises.")
    valid_from: datetime.date
    value: str = Field(pattern=VALUE, description='A decimal string, "48.70".')
    note: str = Field("", max_length=200)


class UpsertIn(Schema):
    buildings: list[BuildingIn] = Field([], max_length=MANY)
    premises: list[PremisesIn] = Field([], max_length=MANY)
    contractors: list[ContractorIn] = Field([], max_length=MANY)
    contracts: list[ContractIn] = Field([], max_length=MANY)
    properties: list[PropertyIn] = Field([], max_length=MANY)


Status = Literal["created", "updated", "unchanged"]


class Statuses(Schema):
    created: int
    updated: int
    unchanged: int
    statuses: list[Status] = Field(description="Each object's, in the order sent.")


class Upserted(Schema):
    buildings: Statuses
    premises: Statuses
    contractors: Statuses
    contracts: Statuses
    properties: Statuses


@router.post("/upsert", auth=WRITE, response=answers({200: Upserted, 400: Error}, writes=True))
@idempotent
def upsert_registry(request, payload: UpsertIn, idempotency_key: IdempotencyKey):
    """Create, update or leave alone each object, found by its natural key
    (a building by city, street and number, or its finance key; premises by
    building, kind and number; a contractor by PESEL or NIP, or its finance
    key; a contract by number; a property by kind, subject and date), in the
    order buildings, premises, contractors, contracts, properties. A
    contract's parties become exactly those sent. All or nothing."""
    refuse_other_than_an_object(request)
    outcome = opening.upsert(payload.model_dump(exclude_unset=True))
    if outcome.problems:
        raise refused(outcome.problems)
    return Upserted(**{name: _statuses(outcome.statuses.get(name, [])) for name in COLLECTIONS})


COLLECTIONS = list(UpsertIn.model_fields)


def _statuses(statuses: list[str]) -> Statuses:
    return Statuses(
        created=statuses.count("created"),
        updated=statuses.count("updated"),
        unchanged=statuses.count("unchanged"),
        statuses=statuses,
    )
