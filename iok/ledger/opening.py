"""The registry import with the ledger's part: every contract imported gets its
ledger, and `bilans*` files book opening balances, one per ledger.

The registry knows nothing of ledgers (data flow one way: registry → ledger),
so its import (iok/registry/importing.py) reads buildings, premises,
contractors, contracts and properties, and this module adds what the books
need: the kinds below are the registry's, contracts opening their ledger,
then the opening balances. `iok import-registry` imports with these kinds.
The formats are in docs/registry.md."""

import dataclasses
from pathlib import Path

from django.utils.translation import gettext as _

from iok.ledger.allocation import allocate_ledger
from iok.ledger.models import Entry
from iok.ledger.money import format_money
from iok.ledger.posting import open_ledger, post_entry
from iok.registry import importing
from iok.registry import upsert as registry_upsert
from iok.registry.importing import CREATED, UNCHANGED, Kind, Report, Row, RowError, find_contract
from iok.registry.models import Contract


def import_contract(row: Row):
    """The registry's contract row, and the contract's ledger opened."""
    number, save = importing.import_contract(row)

    def save_and_open():
        status = save()
        open_ledger(Contract.objects.get(number=number))
        return status

    return number, save_and_open


def import_opening(row: Row):
    contract = find_contract(row)
    day = row.date("data", required=True)
    amount = row.decimal("kwota", 2, required=True)
    title = row.text("tytul") or _("Opening balance")

    def save():
        ledger = open_ledger(contract)
        booked = ledger.entries.filter(kind=Entry.Kind.OPENING).first()
        if booked is not None:
            if (booked.operation_date, booked.amount) == (day, amount):
                return UNCHANGED
            raise RowError(
                "kwota",
                _(
                    "the ledger of %(number)s already has an opening balance of %(amount)s "
                    "from %(day)s; change it with a correction, not by import"
                )
                % {
                    "number": contract.number,
                    "amount": format_money(booked.amount),
                    "day": booked.operation_date.strftime("%d.%m.%Y"),
                },
            )
        post_entry(ledger, Entry.Kind.OPENING, title=title, operation_date=day, amount=amount)
        allocate_ledger(ledger)
        return CREATED

    return contract.number, save


KINDS = [
    *(
        dataclasses.replace(kind, read=import_contract) if kind.name == "umowy" else kind
        for kind in importing.KINDS
    ),
    Kind(
        "bilans",
        ("numer_umowy", "data", "kwota"),
        ("tytul",),
        import_opening,
        {"operation_date": "data", "amount": "kwota", "title": "tytul"},
    ),
]
ORDER = [kind.name for kind in KINDS]


def import_files(paths: list[Path], *, dry_run: bool = False) -> Report:
    """The registry's import_files with the ledger's kinds: all or nothing."""
    return importing.import_files(paths, dry_run=dry_run, kinds=KINDS)


def upsert(collections: dict[str, list[dict]]) -> registry_upsert.Outcome:
    """The registry's upsert of JSON objects (the API) with the ledger's
    kinds, so every contract upserted has its ledger: all or nothing."""
    return registry_upsert.upsert(collections, kinds=KINDS)
