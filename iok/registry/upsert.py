"""Registry upsert from JSON objects: the finance system's sync through the API.

The same rules as the CSV import (iok/registry/importing.py), through the
same per-record functions: an object is turned into the cells of a CSV row
(`Fields`), read by the kind's own `import_*` function, and found by the
same natural key, then created, updated where it differs, or left alone. Only
the names differ: the API names fields in English (`city`, `building_number`)
where the CSV has Polish columns (`miejscowosc`, `numer_budynku`), and every
problem is reported under the API's name of the field, with the collection and
the object's index (`contracts[2].tenant`).

All collections of one call go in one transaction, in the import's order
(buildings, premises, contractors, contracts, properties), so one call can
create a building, its premises, the contractors and their contract: one bad
object anywhere and nothing is saved."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from iok.registry.importing import KINDS, Kind, Row, import_row

BUILDING_KEY = {
    "building.city": "miejscowosc",
    "building.street": "ulica",
    "building.number": "numer_budynku",
}
PREMISES_KEY = {
    **{f"premises.{name}": column for name, column in BUILDING_KEY.items()},
    "premises.kind": "rodzaj_lokalu",
    "premises.number": "numer_lokalu",
}

# Per kind of the import: the API's collection and its fields (API name → CSV column).
COLLECTIONS = {
    "budynki": (
        "buildings",
        {
            "city": "miejscowosc",
            "street": "ulica",
            "number": "numer_budynku",
            "postal_code": "kod_pocztowy",
            "year_built": "rok_budowy",
            "floors": "kondygnacje",
            "finance_key": "klucz_fk",
        },
    ),
    "lokale": (
        "premises",
        {**BUILDING_KEY, "kind": "rodzaj_lokalu", "number": "numer_lokalu", "staircase": "klatka"},
    ),
    "kontrahenci": (
        "contractors",
        {
            "kind": "rodzaj",
            "first_name": "imie",
            "last_name": "nazwisko",
            "company_name": "nazwa",
            "pesel": "pesel",
            "nip": "nip",
            "regon": "regon",
            "street": "adres",
            "postal_code": "kod_pocztowy",
            "city": "miejscowosc",
            "email": "email",
            "phone": "telefon",
            "finance_key": "klucz_fk",
        },
    ),
    "umowy": (
        "contracts",
        {
            "number": "numer_umowy",
            "kind": "rodzaj",
            **PREMISES_KEY,
            "start": "od",
            "end": "do",
            "tenant": "najemca",
            "co_tenants": "wspolnajemcy",
        },
    ),
    "wlasciwosci": (
        "properties",
        {
            "kind": "rodzaj_wlasciwosci",
            "contract": "numer_umowy",
            **PREMISES_KEY,
            "valid_from": "od",
            "value": "wartosc",
            "note": "uwagi",
        },
    ),
}


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field of one object: `contracts`, 2, `tenant`.
    `field` is empty when the problem is the object as a whole."""

    collection: str
    index: int
    field: str
    message: str

    @property
    def path(self) -> str:
        where = f"{self.collection}[{self.index}]"
        return f"{where}.{self.field}" if self.field else where

    def __str__(self):
        return f"{self.path}: {self.message}"


@dataclass
class Outcome:
    """Per collection, each object's status (created, updated, unchanged) in
    the order given, or the problems; nothing is saved when there are any."""

    statuses: dict[str, list[str]] = field(default_factory=dict)
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, Counter]:
        return {name: Counter(statuses) for name, statuses in self.statuses.items()}


class Fields(Row):
    """One JSON object read as a CSV row: its values written as the cells
    the import reads (dates ISO, numbers with a dot, lists joined by
    commas). A float is refused, since it may have lost a digit already."""

    def __init__(self, data: dict, names: dict[str, str]):
        flat = dict(_flatten(data))
        self.unknown = [
            name for name, value in flat.items() if name not in names and value is not None
        ]
        self.refused: list[tuple[str, str]] = []
        cells = {}
        for name, column in names.items():
            try:
                cells[column] = _cell(flat.get(name))
            except ValueError as exc:
                self.refused.append((column, str(exc)))
        super().__init__(cells)


def _flatten(data: dict, prefix: str = ""):
    """A nested object's values by dotted name: {"building": {"city": …}} → "building.city"."""
    for name, value in data.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | float):
        raise ValueError(
            _('give a number as a string ("48.70") or a whole number, never as a float')
            if isinstance(value, float)
            else _("true and false are not values of this field")
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return ",".join(_cell(item) for item in value)
    value = str(value)
    if any(ord(char) < 32 for char in value):
        raise ValueError(_("a value cannot hold control characters (a line break, a tab, NUL)"))
    return value


def upsert(collections: dict[str, list[dict]], *, kinds: list[Kind] = KINDS) -> Outcome:
    """Upsert every object of `collections` ({"buildings": [{…}, …], …}), all
    or nothing. `kinds`: the registry's own, or the ledger's (which open
    each contract's ledger, iok.ledger.opening.KINDS)."""
    known = {COLLECTIONS[kind.name][0]: kind for kind in kinds if kind.name in COLLECTIONS}
    outcome = Outcome()
    for name in collections:
        if name not in known:
            allowed = ", ".join(known)
            outcome.problems.append(
                FieldProblem(
                    name, 0, "", _("unknown collection (expected: %(names)s)") % {"names": allowed}
                )
            )
    with transaction.atomic():
        for name, kind in known.items():
            if name in collections:
                outcome.statuses[name] = _upsert_all(name, kind, collections[name], outcome)
        if outcome.problems:
            transaction.set_rollback(True)
    return outcome


def _upsert_all(name: str, kind: Kind, objects: list[dict], outcome: Outcome) -> list[str]:
    names = COLLECTIONS[kind.name][1]
    to_name = {column: api_name for api_name, column in names.items()}
    statuses, seen = [], {}
    for index, data in enumerate(objects):
        fields = Fields(data, names)
        problems = [(to_name[column], message) for column, message in fields.refused]
        problems += [(unknown, _("unknown field")) for unknown in fields.unknown]
        if not problems:
            result = import_row(fields, index, kind, seen, _same_object(name))
            if isinstance(result, str):
                statuses.append(result)
                continue
            problems = [(to_name.get(column, ""), message) for column, message in result]
        outcome.problems += [FieldProblem(name, index, f, message) for f, message in problems]
        statuses.append("")
    return statuses


def _same_object(name: str):
    def same_as(index: int) -> str:
        return _("the same record as %(path)s") % {"path": f"{name}[{index}]"}

    return same_as
