"""Ledgers (kartoteki) with their balance, and their entries, oldest first.
A ledger is found by its contract's number; its id is in every answer."""

import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from iok.api.auth import needs
from iok.api.framework import (
    Amount,
    Day,
    Id,
    PageQuery,
    Quantity,
    Text,
    answers,
    choice,
    paginate,
    read,
)
from iok.api.scopes import Scope
from iok.ledger.models import Entry, EntryLine, Ledger

router = Router(tags=["ledgers"])
READ = needs(Scope.READ_LEDGER)


class LedgerOut(Schema):
    id: int
    contract: str = Field(description="The contract's number.")
    virtual_account: str | None
    balance: Amount = Field(description="Positive: overpaid; negative: owed.")
    opened: datetime.datetime

    @staticmethod
    def resolve_contract(obj):
        return obj.contract.number


class LedgerPage(Schema):
    count: int
    offset: int
    limit: int
    items: list[LedgerOut]


class LineOut(Schema):
    component: str
    amount: Amount
    quantity: Quantity | None
    unit_price: Amount | None
    vat_rate: int | None
    vat: Amount

    @staticmethod
    def resolve_component(obj):
        return obj.component.code


class EntryOut(Schema):
    id: int
    kind: choice(Entry.Kind)
    booking_date: datetime.date
    operation_date: datetime.date
    due_date: datetime.date | None
    period: str
    title: str
    amount: Amount = Field(description="Negative: a charge; positive: a payment.")
    document: str
    corrects: int | None = Field(description="The corrected entry's id, for a correction.")
    lines: list[LineOut]

    @staticmethod
    def resolve_corrects(obj):
        return obj.corrects_id

    @staticmethod
    def resolve_lines(obj):
        return obj.lines.all()


class EntryPage(LedgerPage):
    items: list[EntryOut]


class LedgerFilter(Schema):
    contract: Text(30) | None = Field(None, description="A contract's number.")


class EntryFilter(Schema):
    since: Day | None = Field(None, description="Entries of this operation date or later.")


@router.get("", auth=READ, response=answers(LedgerPage))
def ledgers(request, key: Query[LedgerFilter], page: Query[PageQuery]):
    """Ledgers with their balance, all or the one of a contract."""
    read(Ledger)
    found = Ledger.objects.select_related("contract").order_by("id")
    if key.contract is not None:
        found = found.filter(contract__number=key.contract)
    return paginate(found, page)


@router.get("/{ledger_id}", auth=READ, response=answers(LedgerOut, missing=True))
def ledger(request, ledger_id: Id):
    """One ledger with its balance."""
    found = get_object_or_404(Ledger.objects.select_related("contract"), pk=ledger_id)
    read(Ledger, found)
    return found


@router.get("/{ledger_id}/entries", auth=READ, response=answers(EntryPage, missing=True))
def entries(request, ledger_id: Id, when: Query[EntryFilter], page: Query[PageQuery]):
    """The ledger's entries by operation date, with their lines per component."""
    found = get_object_or_404(Ledger.objects.select_related("contract"), pk=ledger_id)
    read(Ledger, found)
    lines = EntryLine.objects.select_related("component").order_by("component__order", "id")
    booked = found.entries.prefetch_related(Prefetch("lines", queryset=lines)).order_by(
        "operation_date", "id"
    )
    if when.since is not None:
        booked = booked.filter(operation_date__gte=when.since)
    return paginate(booked, page)
