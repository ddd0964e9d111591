"""Registry import from CSV: the first load and the sync with the finance system.

One file per kind, recognised by the start of its name (`budynki`, `lokale`,
`kontrahenci`, `umowy`, `wlasciwosci`; the ledger adds `bilans`, opening
balances, in iok/ledger/opening.py), read as `;`-separated UTF-8 (an Excel BOM
is fine) with a header row; decimal comma; dates dd.mm.rrrr or ISO. Kinds are
imported in that order whatever order the files come in, so a contract can
name the premises and contractors of the same import.

Every row finds its record by a natural key (a building by city, street and
number; premises by building, kind and number; a contractor by PESEL or NIP;
a contract by number; a property value by kind, subject and date) and creates
it, updates the fields that differ, or leaves it alone: a second import of the
same files changes nothing. All files go in one transaction: one bad row
anywhere and nothing is saved, and the report names every bad row (file, row,
column, what is wrong). The formats are in docs/registry.md."""

import csv
import datetime
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from stdnum.pl import nip, pesel, regon

from iok.registry.models import (
    Building,
    Contract,
    Contractor,
    ContractParty,
    Premises,
    PropertyKind,
    PropertyValue,
)
from iok.registry.numbers import number_error
from iok.registry.properties import set_property

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
WHOLE_ROW = "—"
FINANCE_KEY = "klucz_fk"  # the finance system's own key of a building or a contractor


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self):
        return _("%(file)s, row %(row)d, column %(column)s: %(message)s") % {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Report:
    counts: dict[str, Counter] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(c[CREATED] or c[UPDATED] for c in self.counts.values())

    @property
    def saved(self) -> bool:
        return self.changed and not self.problems and not self.dry_run


class RowError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


# ---- reading cells -----------------------------------------------------------


def _plain(text: str) -> str:
    """lower case, no Polish diacritics, spaces as underscores: `Miejscowość` → `miejscowosc`."""
    text = text.strip().lower().replace("ł", "l")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[\s-]+", "_", text)


class Row:
    """One data row: its cells by column, read into Python values or RowError."""

    def __init__(self, cells: dict[str, str]):
        self.cells = cells

    def text(self, column: str, *, required: bool = False) -> str:
        value = (self.cells.get(column) or "").strip()
        if required and not value:
            raise RowError(column, _("a value is required"))
        return value

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(value, pattern).date()
            except ValueError:
                continue
        raise RowError(column, _("%(value)s is not a date (dd.mm.rrrr)") % {"value": value})

    def decimal(self, column: str, places: int, *, required: bool = False) -> Decimal | None:
        value = self.text(column, required=required)
        if not value:
            return None
        compact = re.sub(r"\s", "", value)
        if "," in compact and "." in compact:
            compact = ""  # thousands dots are ambiguous: refuse rather than guess
        try:
            number = Decimal(compact.replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number.adjusted()) > 15:
            raise RowError(column, _("%(value)s is not a number (like 1234,56)") % {"value": value})
        if number != number.quantize(Decimal(1).scaleb(-places)):
            raise RowError(
                column,
                _("%(value)s has more than %(places)d decimal places")
                % {"value": value, "places": places},
            )
        return number

    def whole(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if not (value.isascii() and value.isdigit()):
            raise RowError(column, _("%(value)s is not a whole number") % {"value": value})
        return int(value)

    def choice(self, column: str, words: dict[str, str]) -> str:
        value = self.text(column, required=True)
        code = words.get(_plain(value))
        if code is None:
            allowed = ", ".join(sorted({w for w in words if "_" not in w}))
            raise RowError(
                column,
                _("%(value)s is not one of: %(allowed)s") % {"value": value, "allowed": allowed},
            )
        return code


PREMISES_KINDS = {
    "mieszkalny": "residential",
    "mieszkanie": "residential",
    "lokal_mieszkalny": "residential",
    "residential": "residential",
    "uzytkowy": "commercial",
    "lokal_uzytkowy": "commercial",
    "commercial": "commercial",
    "garaz": "garage",
    "garage": "garage",
}
CONTRACTOR_KINDS = {"osoba": "person", "person": "person", "firma": "company", "company": "company"}
CONTRACT_KINDS = {
    "najem": "lease",
    "lease": "lease",
    "dzierzawa": "tenancy",
    "tenancy": "tenancy",
    "bezumowne": "no_title",
    "bezumowne_korzystanie": "no_title",
    "no_title": "no_title",
}


# ---- finding and saving records -----------------------------------------------


def _building(row: Row) -> Building:
    key = {
        "city": row.text("miejscowosc", required=True),
        "street": row.text("ulica", required=True),
        "number": row.text("numer_budynku", required=True),
    }
    building = Building.objects.filter(**key).first()
    if building is None:
        raise RowError(
            "numer_budynku",
            _("there is no building %(street)s %(number)s, %(city)s in the registry") % key,
        )
    return building


def _premises(row: Row) -> Premises:
    building = _building(row)
    kind = row.choice("rodzaj_lokalu", PREMISES_KINDS)
    number = row.text("numer_lokalu", required=True)
    premises = Premises.objects.filter(building=building, kind=kind, number=number).first()
    if premises is None:
        raise RowError(
            "numer_lokalu",
            _("there are no premises %(number)s in %(building)s")
            % {"number": number, "building": building},
        )
    return premises


def find_contract(row: Row) -> Contract:
    number = row.text("numer_umowy", required=True)
    contract = Contract.objects.filter(number=number).first()
    if contract is None:
        raise RowError("numer_umowy", _("there is no contract %(number)s") % {"number": number})
    return contract


def _contractor(column: str, identifier: str) -> Contractor:
    digits = re.sub(r"[\s-]", "", identifier)
    field_name = {11: "pesel", 10: "nip"}.get(len(digits))
    found = Contractor.objects.filter(**{field_name: digits}).first() if field_name else None
    if found is None:
        raise RowError(
            column,
            _("no contractor has the PESEL or NIP %(number)s") % {"number": identifier},
        )
    return found


def _number(row: Row, column: str, module, *, required: bool = False) -> str:
    value = row.text(column, required=required)
    if not value:
        return ""
    error = number_error(module, value, column.upper())
    if error:
        raise RowError(column, error)
    return module.compact(value)


def upsert(model, key: dict, values: dict, finance_key: str = ""):
    """The record with `key`, created with `values` or updated where they differ.

    With the finance system's own key, the record that holds it is found
    first, and then its natural key is one more value to update (a renamed
    street, a PESEL put right)."""
    record = model.objects.filter(finance_key=finance_key).first() if finance_key else None
    if record is not None:
        values = {**key, **values}
    else:
        record = model.objects.filter(**key).first()
        if finance_key:
            _refuse_other_key(record, finance_key)
            values = {**values, "finance_key": finance_key}
    if record is None:
        record = model(**key, **values)
        _save(record)
        return record, CREATED
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    if not changed:
        return record, UNCHANGED
    for name in changed:
        setattr(record, name, values[name])
    _save(record)
    return record, UPDATED


def _refuse_other_key(record, finance_key: str) -> None:
    if record is not None and record.finance_key and record.finance_key != finance_key:
        raise RowError(
            FINANCE_KEY,
            _("%(record)s has the finance system key %(held)s, not %(given)s")
            % {"record": record, "held": record.finance_key, "given": finance_key},
        )


def _save(record) -> None:
    record.full_clean()
    record.save()


# ---- the kinds ------------------------------------------------------------------


def import_building(row: Row):
    key = {
        "city": row.text("miejscowosc", required=True),
        "street": row.text("ulica", required=True),
        "number": row.text("numer_budynku", required=True),
    }
    values = {
        "postal_code": row.text("kod_pocztowy", required=True),
        "year_built": row.whole("rok_budowy"),
        "floors": row.whole("kondygnacje"),
    }
    finance_key = row.text(FINANCE_KEY)
    natural = finance_key or (key["city"], key["street"], key["number"])
    return natural, lambda: upsert(Building, key, values, finance_key)[1]


def import_premises(row: Row):
    building = _building(row)
    key = {
        "building": building,
        "kind": row.choice("rodzaj_lokalu", PREMISES_KINDS),
        "number": row.text("numer_lokalu", required=True),
    }
    values = {"staircase": row.text("klatka")}
    return (building.pk, key["kind"], key["number"]), lambda: upsert(Premises, key, values)[1]


def import_contractor(row: Row):
    kind = row.choice("rodzaj", CONTRACTOR_KINDS)
    values = {
        "kind": kind,
        "first_name": row.text("imie"),
        "last_name": row.text("nazwisko"),
        "company_name": row.text("nazwa"),
        "pesel": _number(row, "pesel", pesel, required=kind == "person"),
        "nip": _number(row, "nip", nip, required=kind == "company"),
        "regon": _number(row, "regon", regon),
        "street": row.text("adres", required=True),
        "postal_code": row.text("kod_pocztowy", required=True),
        "city": row.text("miejscowosc", required=True),
        "email": row.text("email"),
        "phone": row.text("telefon"),
    }
    key_field = "pesel" if kind == "person" else "nip"
    key = {key_field: values.pop(key_field)}
    finance_key = row.text(FINANCE_KEY)
    return finance_key or key[key_field], lambda: upsert(Contractor, key, values, finance_key)[1]


def import_contract(row: Row):
    number = row.text("numer_umowy", required=True)
    values = {
        "kind": row.choice("rodzaj", CONTRACT_KINDS),
        "premises": _premises(row),
        "start": row.date("od", required=True),
        "end": row.date("do"),
    }
    parties = {_contractor("najemca", row.text("najemca", required=True)).pk: "main"}
    for identifier in filter(None, (i.strip() for i in row.text("wspolnajemcy").split(","))):
        co_tenant = _contractor("wspolnajemcy", identifier)
        if co_tenant.pk in parties:
            raise RowError("wspolnajemcy", _("%(number)s is named twice") % {"number": identifier})
        parties[co_tenant.pk] = "co_tenant"

    def save():
        contract, status = upsert(Contract, {"number": number}, values)
        if _set_parties(contract, parties) and status == UNCHANGED:
            status = UPDATED
        return status

    return number, save


def _set_parties(contract: Contract, wanted: dict[int, str]) -> bool:
    """Make the contract's parties exactly `wanted` (contractor id → role)."""
    held = dict(contract.contractparty_set.values_list("contractor_id", "role"))
    if held == wanted:
        return False
    # Parties that go or change role leave first, so a new main tenant never meets the old one.
    for contractor_id, role in held.items():
        if wanted.get(contractor_id) != role:
            contract.contractparty_set.get(contractor_id=contractor_id).delete()
    for contractor_id, role in wanted.items():
        if held.get(contractor_id) != role:
            ContractParty.objects.create(contract=contract, contractor_id=contractor_id, role=role)
    return True


def import_property(row: Row):
    code = row.text("rodzaj_wlasciwosci", required=True)
    kind = PropertyKind.objects.filter(code=code).first()
    if kind is None:
        raise RowError(
            "rodzaj_wlasciwosci", _("there is no property kind %(code)s") % {"code": code}
        )
    subject = find_contract(row) if row.text("numer_umowy") else _premises(row)
    valid_from = row.date("od", required=True)
    value = row.decimal("wartosc", 3, required=True)
    note = row.text("uwagi")
    owner = {"contract" if isinstance(subject, Contract) else "premises": subject}

    def save():
        existing = PropertyValue.objects.filter(kind=kind, valid_from=valid_from, **owner).first()
        if existing is None:
            set_property(kind, subject, value, valid_from, note)
            return CREATED
        return upsert(PropertyValue, {"pk": existing.pk}, {"value": value, "note": note})[1]

    return (kind.pk, type(subject).__name__, subject.pk, valid_from), save


@dataclass(frozen=True)
class Kind:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    read: object  # Row -> (natural key, save function returning a status)
    columns: dict[str, str]  # model field -> column, for the model's own errors

    @property
    def allowed(self) -> set[str]:
        return {*self.required, *self.optional}


ADDRESS = ("miejscowosc", "ulica", "numer_budynku")
PREMISES_KEY = (*ADDRESS, "rodzaj_lokalu", "numer_lokalu")
KINDS = [
    Kind(
        "budynki",
        (*ADDRESS, "kod_pocztowy"),
        ("rok_budowy", "kondygnacje", FINANCE_KEY),
        import_building,
        {
            "city": "miejscowosc",
            "street": "ulica",
            "number": "numer_budynku",
            "postal_code": "kod_pocztowy",
            "year_built": "rok_budowy",
            "floors": "kondygnacje",
            "finance_key": FINANCE_KEY,
        },
    ),
    Kind(
        "lokale",
        PREMISES_KEY,
        ("klatka",),
        import_premises,
        {"number": "numer_lokalu", "kind": "rodzaj_lokalu", "staircase": "klatka"},
    ),
    Kind(
        "kontrahenci",
        ("rodzaj", "adres", "kod_pocztowy", "miejscowosc"),
        ("imie", "nazwisko", "nazwa", "pesel", "nip", "regon", "email", "telefon", FINANCE_KEY),
        import_contractor,
        {
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
            "finance_key": FINANCE_KEY,
        },
    ),
    Kind(
        "umowy",
        ("numer_umowy", "rodzaj", *PREMISES_KEY, "od", "najemca"),
        ("do", "wspolnajemcy"),
        import_contract,
        {"number": "numer_umowy", "kind": "rodzaj", "start": "od", "end": "do"},
    ),
    Kind(
        "wlasciwosci",
        ("rodzaj_wlasciwosci", "od", "wartosc"),
        ("numer_umowy", *PREMISES_KEY, "uwagi"),
        import_property,
        {"kind": "rodzaj_wlasciwosci", "valid_from": "od", "value": "wartosc", "note": "uwagi"},
    ),
]
ORDER = [kind.name for kind in KINDS]


def kind_of(path: Path, kinds: list[Kind] = KINDS) -> Kind | None:
    """The kind a file holds, from the start of its name: `umowy-2026-11.csv` holds contracts."""
    name = _plain(path.name)
    return next((kind for kind in kinds if name.startswith(kind.name)), None)


# ---- the import -----------------------------------------------------------------


def import_files(paths: list[Path], *, dry_run: bool = False, kinds: list[Kind] = KINDS) -> Report:
    """Import the files all or nothing; the report says what changed or what is wrong.

    `kinds` are the kinds known, in import order: the registry's own, or those
    and the ledger's opening balances (iok.ledger.opening.KINDS)."""
    order = [kind.name for kind in kinds]
    report = Report(counts={name: Counter() for name in order}, dry_run=dry_run)
    files = []
    for path in paths:
        kind = kind_of(Path(path), kinds)
        if kind is None:
            report.problems.append(
                Problem(
                    Path(path).name,
                    0,
                    WHOLE_ROW,
                    _("the file name must start with one of: %(kinds)s")
                    % {"kinds": ", ".join(order)},
                )
            )
            continue
        files.append((order.index(kind.name), Path(path), kind))
    with transaction.atomic():
        for _index, path, kind in sorted(files, key=lambda item: item[0]):
            _import_file(path, kind, report)
        if report.problems or dry_run:
            transaction.set_rollback(True)
    return report


def _import_file(path: Path, kind: Kind, report: Report) -> None:
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.problems.append(
            Problem(
                name, 0, WHOLE_ROW, _("the file is not UTF-8 (byte %(at)d)") % {"at": exc.start}
            )
        )
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = [_plain(cell) for cell in next(reader, [])]
    if not _header_ok(name, header, kind, report):
        return
    seen = {}
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        line = reader.line_num
        if len(cells) != len(header):
            message = _("the row has %(found)d fields, the header %(expected)d") % {
                "found": len(cells),
                "expected": len(header),
            }
            report.problems.append(Problem(name, line, WHOLE_ROW, message))
            continue
        outcome = import_row(Row(dict(zip(header, cells, strict=True))), line, kind, seen)
        if isinstance(outcome, list):
            report.problems += [Problem(name, line, column, message) for column, message in outcome]
        else:
            report.counts[kind.name][outcome] += 1


def _header_ok(name: str, header: list[str], kind: Kind, report: Report) -> bool:
    problems = [
        Problem(name, 1, column, _("the column is missing"))
        for column in kind.required
        if column not in header
    ]
    problems += [
        Problem(
            name,
            1,
            column,
            _("unknown column (expected: %(columns)s)")
            % {"columns": ", ".join([*kind.required, *kind.optional])},
        )
        for column in header
        if column not in kind.allowed
    ]
    problems += [
        Problem(name, 1, column, _("the column appears twice"))
        for column in {c for c in header if header.count(c) > 1}
    ]
    report.problems.extend(problems)
    return not problems


def import_row(row: Row, line: int, kind: Kind, seen: dict, same_as=None):
    """The row's status, or its problems as (column, message) pairs.

    `seen` maps the natural keys met so far to where they were; `same_as`
    words a repeat (by default: "the same record as in row N")."""
    try:
        # A savepoint per row: a failed row leaves the transaction usable for the next.
        with transaction.atomic():
            key, save = kind.read(row)
            if key in seen:
                raise RowError(WHOLE_ROW, (same_as or _same_row)(seen[key]))
            seen[key] = line
            return save()
    except RowError as exc:
        return [(exc.column, exc.message)]
    except ValidationError as exc:
        return _model_errors(exc, kind)
    except IntegrityError as exc:
        return [(WHOLE_ROW, _("the database refused the row: %(error)s") % {"error": exc})]


def _same_row(line: int) -> str:
    return _("the same record as in row %(row)d") % {"row": line}


def _model_errors(exc: ValidationError, kind: Kind) -> list[tuple[str, str]]:
    if not hasattr(exc, "error_dict"):
        return [(WHOLE_ROW, message) for message in exc.messages]
    return [
        (kind.columns.get(field_name, WHOLE_ROW), message)
        for field_name, errors in exc.message_dict.items()
        for message in errors
    ]
