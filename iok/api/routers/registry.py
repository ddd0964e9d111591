"""Reading the registry by the finance system's own keys, as the CSV import
finds records (iok/registry/importing.py): a building by city, street and
number; premises by building, kind and number; a contractor by PESEL or
NIP; a contract by number. Every filter is optional; a list is paginated."""

import datetime

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema

from iok.api.auth import needs
from iok.api.framework import PageQuery, Quantity, Text, answers, choice, paginate, read
from iok.api.scopes import Scope
from iok.registry.models import Building, Contract, Contractor, ContractParty, Premises

router = Router(tags=["registry"])
READ = needs(Scope.READ_REGISTRY)


class BuildingKey(Schema):
    city: str
    street: str
    number: str


class BuildingOut(BuildingKey):
    id: int
    postal_code: str
    year_built: int | None
    floors: int | None


class PropertyOut(Schema):
    kind: str = Field(description="The property kind's code (usable_area, persons, …).")
    valid_from: datetime.date
    value: Quantity

    @staticmethod
    def resolve_kind(obj):
        return obj.kind.code


class PremisesKey(Schema):
    building: BuildingKey
    kind: choice(Premises.Kind)
    number: str


class PremisesOut(PremisesKey):
    id: int
    staircase: str
    properties: list[PropertyOut]

    @staticmethod
    def resolve_properties(obj):
        return obj.property_values.all()


class ContractorOut(Schema):
    id: int
    kind: choice(Contractor.Kind)
    first_name: str
    last_name: str
    company_name: str
    pesel: str
    nip: str
    regon: str
    street: str
    postal_code: str
    city: str
    email: str
    phone: str


class PartyOut(Schema):
    role: choice(ContractParty.Role)
    pesel: str
    nip: str
    name: str

    @staticmethod
    def resolve_pesel(obj):
        return obj.contractor.pesel

    @staticmethod
    def resolve_nip(obj):
        return obj.contractor.nip

    @staticmethod
    def resolve_name(obj):
        return obj.contractor.name


class ContractOut(Schema):
    id: int
    number: str
    kind: choice(Contract.Kind)
    premises: PremisesKey
    start: datetime.date
    end: datetime.date | None
    parties: list[PartyOut]
    properties: list[PropertyOut]

    @staticmethod
    def resolve_parties(obj):
        return obj.contractparty_set.all()

    @staticmethod
    def resolve_properties(obj):
        return obj.property_values.all()


class BuildingPage(Schema):
    count: int
    offset: int
    limit: int
    items: list[BuildingOut]


class PremisesPage(BuildingPage):
    items: list[PremisesOut]


class ContractorPage(BuildingPage):
    items: list[ContractorOut]


class ContractPage(BuildingPage):
    items: list[ContractOut]


class BuildingFilter(Schema):
    city: Text(60) | None = None
    street: Text(100) | None = None
    number: Text(10) | None = None


class PremisesFilter(BuildingFilter):
    kind: choice(Premises.Kind) | None = None
    premises_number: Text(10) | None = None


class ContractorFilter(Schema):
    pesel: Text(11) | None = None
    nip: Text(10) | None = None


class ContractFilter(Schema):
    number: Text(30) | None = None


def _given(**lookups) -> dict:
    return {name: value for name, value in lookups.items() if value is not None}


def _properties():
    return Prefetch("property_values", to_attr=None, queryset=_property_values())


def _property_values():
    from iok.registry.models import PropertyValue

    return PropertyValue.objects.select_related("kind").order_by("kind__code", "valid_from")


@router.get("/buildings", auth=READ, response=answers(BuildingPage))
def buildings(request, key: Query[BuildingFilter], page: Query[PageQuery]):
    """Buildings, by their key (city, street, number) or all."""
    read(Building)
    found = Building.objects.filter(**_given(**key.dict())).order_by("id")
    return paginate(found, page)


@router.get("/premises", auth=READ, response=answers(PremisesPage))
def premises(request, key: Query[PremisesFilter], page: Query[PageQuery]):
    """Premises with their dated properties, by building, kind and number."""
    read(Premises)
    found = (
        Premises.objects.filter(
            **_given(
                building__city=key.city,
                building__street=key.street,
                building__number=key.number,
                kind=key.kind,
                number=key.premises_number,
            )
        )
        .select_related("building")
        .prefetch_related(_properties())
        .order_by("id")
    )
    return paginate(found, page)


@router.get("/contractors", auth=READ, response=answers(ContractorPage))
def contractors(request, key: Query[ContractorFilter], page: Query[PageQuery]):
    """Contractors (personal data: every call is in the audit log), by PESEL or NIP."""
    read(Contractor)
    found = Contractor.objects.filter(**_given(**key.dict())).order_by("id")
    return paginate(found, page)


@router.get("/contracts", auth=READ, response=answers(ContractPage))
def contracts(request, key: Query[ContractFilter], page: Query[PageQuery]):
    """Contracts with their parties and dated properties, by number."""
    read(Contract)
    found = (
        Contract.objects.filter(**_given(**key.dict()))
        .select_related("premises__building")
        .prefetch_related(
            Prefetch(
                "contractparty_set",
                queryset=ContractParty.objects.select_related("contractor").order_by("role", "id"),
            ),
            _properties(),
        )
        .order_by("id")
    )
    return paginate(found, page)
