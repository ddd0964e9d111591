"""Charges and corrections from an external billing: a company whose billing
stays in its old system posts its documents to IOK's ledgers (the API).

Each document carries the external system's own number (`document`), kept
unique in `ExternalDocument`: the same document posted again, with the same
content, finds the entry it booked and books nothing; with other content it
is refused (a change to a booked document is a correction, with a number of
its own). Amounts follow the ledger's one sign convention: what the line
does to the tenant's balance, so a charge's lines are negative and a
correction's positive lines take back (at most what is left of the corrected
line) and its negative lines charge more. Every line names its component.

The rules of the books hold as for IOK's own billing: one charge per ledger
and month (a change is a correction), no date inside a closed period, a
correction dated no earlier than the charge it corrects and with a reason.
Charges go through the batch door (`bulk.post_entries`), corrections through
`posting.post_entry`; everything of one call is one transaction, and every
problem is named with the document's place and field (`charges[3].lines[0].
component`): one bad document and nothing is booked."""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from iok.audit.recording import record_bulk
from iok.ledger.allocation import reallocate
from iok.ledger.bulk import NewEntry, post_entries
from iok.ledger.closing import closed_until
from iok.ledger.corrections import (
    REASON_LENGTH,
    correction_title,
    refuse_correction_date,
    remaining_by_component,
)
from iok.ledger.models import Component, CorrectionReason, Entry, ExternalDocument, Ledger
from iok.ledger.money import ZERO, format_money, to_grosze
from iok.ledger.posting import Line, open_ledger, post_entry
from iok.periods import Period
from iok.registry.models import Contract
from iok.registry.upsert import FieldProblem

CREATED, UNCHANGED = "created", "unchanged"
DOCUMENT_LENGTH = ExternalDocument._meta.get_field("number").max_length
TITLE_LENGTH = Entry._meta.get_field("title").max_length


@dataclass
class Posted:
    """Per document, in the order given: (status, entry id); or the problems,
    and then nothing is booked."""

    charges: list[tuple[str, int]] = field(default_factory=list)
    corrections: list[tuple[str, int]] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)


class Refused(Exception):
    """The problems of one document: (field path below it, message) pairs."""

    def __init__(self, *problems: tuple[str, str]):
        super().__init__(problems)
        self.problems = list(problems)


# ---- reading a document ------------------------------------------------------


def _text(data: dict, name: str, *, required: bool = True, limit: int = 200) -> str:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Refused((name, _("a value is required")))
        return ""
    if not isinstance(value, str):
        raise Refused((name, _("give text")))
    if any(ord(char) < 32 for char in value):
        raise Refused(
            (name, _("a value cannot hold control characters (a line break, a tab, NUL)"))
        )
    value = value.strip()
    if len(value) > limit:
        raise Refused(
            (
                name,
                _("at most %(limit)d characters fit, not %(length)d")
                % {"limit": limit, "length": len(value)},
            )
        )
    return value


def _date(data: dict, name: str, *, required: bool = True) -> datetime.date | None:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise Refused((name, _("a value is required")))
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise Refused(
            (name, _("%(value)s is not a date (rrrr-mm-dd)") % {"value": value})
        ) from None


def _amount(data: dict, name: str, *, required: bool = True) -> Decimal:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise Refused((name, _("a value is required")))
        return ZERO
    if isinstance(value, bool | float):
        raise Refused((name, _('give an amount as a string ("-250.00"), never as a float')))
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError:
        amount = None
    if amount is None or not amount.is_finite() or abs(amount.adjusted()) > 12:
        raise Refused((name, _("%(value)s is not an amount (like -250.00)") % {"value": value}))
    if amount != amount.quantize(Decimal("0.01")):
        raise Refused((name, _("%(value)s has a fraction of a grosz") % {"value": value}))
    return amount.quantize(Decimal("0.01"))


def _ledger(data: dict) -> Ledger:
    number = _text(data, "contract", limit=30)
    contract = Contract.objects.filter(number=number).first()
    if contract is None:
        raise Refused(("contract", _("there is no contract %(number)s") % {"number": number}))
    return open_ledger(contract)


def _lines(data: dict, components: dict[str, Component]) -> list[Line]:
    given = data.get("lines")
    if not isinstance(given, list) or not given:
        raise Refused(("lines", _("a document needs at least one line")))
    lines, problems, seen = [], [], set()
    for index, item in enumerate(given):
        try:
            line = _line(item if isinstance(item, dict) else {}, components)
        except Refused as refused:
            problems += [(f"lines[{index}].{name}", msg) for name, msg in refused.problems]
            continue
        if line.component.pk in seen:
            problems.append(
                (f"lines[{index}].component", _("the component is named twice in one document"))
            )
        seen.add(line.component.pk)
        lines.append(line)
    if problems:
        raise Refused(*problems)
    return lines


def _line(item: dict, components: dict[str, Component]) -> Line:
    code = _text(item, "component", limit=30)
    component = components.get(code)
    if component is None:
        raise Refused(("component", _("there is no component %(code)s") % {"code": code}))
    amount = _amount(item, "amount")
    if not amount:
        raise Refused(("amount", _("a line of 0.00 books nothing; leave it out")))
    vat = _amount(item, "vat", required=False)
    rate = item.get("vat_rate")
    if (vat and (vat < 0) != (amount < 0)) or abs(vat) > abs(amount):
        raise Refused(("vat", _("the VAT is part of the amount: the same sign, not more")))
    if rate is not None and (
        isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= 100
    ):
        raise Refused(("vat_rate", _("a VAT rate is a whole percentage from 0 to 100")))
    if vat and rate is None:
        raise Refused(("vat_rate", _("VAT needs its rate")))
    return Line(component=component, amount=amount, vat=vat, vat_rate=rate)


def fingerprint(data: dict) -> str:
    """A hash of what was posted, the same whatever the order of the keys and
    lines and however an amount is written ("-250", "-250.00")."""

    def normal(value):
        if isinstance(value, dict):
            return {key: normal(item) for key, item in value.items() if item not in (None, "")}
        if isinstance(value, list):  # lines by component: their order says nothing
            return sorted((normal(item) for item in value), key=json.dumps)
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return format(Decimal(value).normalize(), "f")
        if isinstance(value, str):
            try:
                return format(Decimal(value.strip()).normalize(), "f")
            except ArithmeticError:
                return value.strip()
        return str(value)

    text = json.dumps(normal(data), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _repeat(number: str, data: dict) -> int | None:
    """The entry a document of this number booked, if it was posted before;
    refused when the content differs."""
    known = ExternalDocument.objects.filter(number=number).first()
    if known is None:
        return None
    if known.fingerprint != fingerprint(data):
        raise Refused(
            (
                "document",
                _(
                    "document %(number)s is already booked (entry %(entry)d) with other content;"
                    " a change to it is a correction with a document number of its own"
                )
                % {"number": number, "entry": known.entry_id},
            )
        )
    return known.entry_id


# ---- charges -----------------------------------------------------------------


@dataclass(frozen=True)
class _Charge:
    number: str
    ledger: Ledger
    period: Period
    operation_date: datetime.date
    due_date: datetime.date
    title: str
    lines: list[Line]
    fingerprint: str


def _read_charge(data: dict, components, until) -> _Charge | int:
    number = _text(data, "document", limit=DOCUMENT_LENGTH)
    known = _repeat(number, data)
    if known is not None:
        return known
    problems = []
    values = {}
    for name, read in (
        ("ledger", lambda: _ledger(data)),
        ("period", lambda: _period(data)),
        ("due_date", lambda: _date(data, "due_date")),
        ("title", lambda: _text(data, "title", required=False, limit=TITLE_LENGTH)),
        ("lines", lambda: _lines(data, components)),
    ):
        try:
            values[name] = read()
        except Refused as refused:
            problems += refused.problems
    if problems:
        raise Refused(*problems)
    period = values["period"]
    day = _date(data, "operation_date", required=False) or period.first_day
    if Period.of(day) != period:
        raise Refused(
            (
                "operation_date",
                _("%(day)s is not in the period %(period)s of the charge")
                % {"day": day.strftime("%d.%m.%Y"), "period": period},
            )
        )
    if until is not None and day <= until:
        raise Refused(("operation_date", _closed(day, until)))
    total = sum((line.amount for line in values["lines"]), ZERO)
    if total >= 0:
        raise Refused(
            (
                "lines",
                _(
                    "a charge lowers the balance: its lines add up to a negative amount"
                    " (-250.00 for a charge of 250.00), not to %(total)s"
                )
                % {"total": format_money(total)},
            )
        )
    with translation.override(settings.LANGUAGE_CODE):  # stored: the site's language
        title = values["title"] or _("Charges for %(month)02d/%(year)d") % {
            "month": period.month,
            "year": period.year,
        }
    return _Charge(
        number,
        values["ledger"],
        period,
        day,
        values["due_date"],
        title,
        values["lines"],
        fingerprint(data),
    )


def _period(data: dict) -> Period:
    text = _text(data, "period", limit=7)
    try:
        return Period.parse(text)
    except ValueError:
        raise Refused(("period", _("%(text)s is not a month (rrrr-mm)") % {"text": text})) from None


def _closed(day: datetime.date, until: datetime.date) -> str:
    return _("the books are closed until %(until)s; %(day)s is inside the closed period") % {
        "until": until.strftime("%d.%m.%Y"),
        "day": day.strftime("%d.%m.%Y"),
    }


def _refuse_second_charges(charges: dict[int, _Charge]) -> dict[int, list]:
    """Per index, the problem of a charge for a month its ledger already has
    one for (booked before, or earlier in the same call)."""
    booked = set(
        Entry.objects.filter(
            kind=Entry.Kind.CHARGE, ledger__in=[c.ledger.pk for c in charges.values()]
        ).values_list("ledger_id", "period")
    )
    problems, taken = {}, {}
    for index, charge in charges.items():
        key = (charge.ledger.pk, str(charge.period))
        if key in booked or key in taken:
            where = (
                _("charges[%(index)d] of this call") % {"index": taken[key]}
                if key in taken
                else _("a charge booked before")
            )
            problems[index] = [
                (
                    "period",
                    _(
                        "the ledger of %(contract)s already has a charge for %(period)s"
                        " (%(where)s); one charge per month, a change is a correction"
                    )
                    % {
                        "contract": charge.ledger.contract.number,
                        "period": charge.period,
                        "where": where,
                    },
                )
            ]
        taken.setdefault(key, index)
    return problems


def _book_charges(charges: list[_Charge]) -> list[int]:
    entries = [
        NewEntry(
            ledger_id=c.ledger.pk,
            kind=Entry.Kind.CHARGE.value,
            operation_date=c.operation_date,
            period=str(c.period),
            title=c.title,
            amount=to_grosze(sum((line.amount for line in c.lines), ZERO)),
            document=c.number,
            due_date=c.due_date,
            lines=tuple(
                (
                    line.component.pk,
                    to_grosze(line.amount),
                    None,
                    None,
                    line.vat_rate,
                    to_grosze(line.vat),
                )
                for line in c.lines
            ),
        )
        for c in charges
    ]
    with translation.override(settings.LANGUAGE_CODE):  # the audit log's language
        description = _("charges from the external billing")
    ids = post_entries(entries, description=description)
    documents = ExternalDocument.objects.bulk_create(
        ExternalDocument(number=c.number, entry_id=pk, fingerprint=c.fingerprint)
        for c, pk in zip(charges, ids, strict=True)
    )
    # bulk_create sends no signals: one event names the entries the numbers belong to
    record_bulk(ExternalDocument, len(documents), "external document numbers", ids)
    # From the earliest charge's date on: the cost is the open items, not the history.
    since = min(entry.operation_date for entry in entries)
    reallocate(sorted({c.ledger.pk for c in charges}), since)
    return ids


# ---- corrections ---------------------------------------------------------------


def _correct(data: dict, components) -> tuple[str, int]:
    number = _text(data, "document", limit=DOCUMENT_LENGTH)
    known = _repeat(number, data)
    if known is not None:
        return UNCHANGED, known
    problems = []
    values = {}
    for name, read in (
        ("entry", lambda: _corrected(data)),
        ("operation_date", lambda: _date(data, "operation_date")),
        ("reason", lambda: _text(data, "reason", limit=REASON_LENGTH)),
        ("lines", lambda: _lines(data, components)),
    ):
        try:
            values[name] = read()
        except Refused as refused:
            problems += refused.problems
    if problems:
        raise Refused(*problems)
    entry, day, lines = values["entry"], values["operation_date"], values["lines"]
    try:
        refuse_correction_date(entry, day)
    except ValidationError as error:
        raise Refused(("operation_date", " ".join(error.messages))) from None
    # Lock the ledger before reading what is left of the charge, as reverse_entry does.
    Ledger.objects.select_for_update().filter(pk=entry.ledger_id).values_list("pk").get()
    _refuse_taking_back_more(entry, lines)
    show = data.get("show_reason") is True
    with translation.override(settings.LANGUAGE_CODE):  # stored: the site's language
        title = correction_title(entry)
    correction = post_entry(
        entry.ledger,
        Entry.Kind.CORRECTION,
        title=f"{title} — {values['reason']}" if show else title,
        operation_date=day,
        lines=lines,
        document=number,
        corrects=entry,
    )
    CorrectionReason.objects.create(
        correction=correction, text=values["reason"], shown_to_tenant=show
    )
    ExternalDocument.objects.create(number=number, entry=correction, fingerprint=fingerprint(data))
    # A corrected charge needs less (or more) payment: allocate again from its date.
    reallocate([entry.ledger_id], min(entry.operation_date, day))
    return CREATED, correction.pk


def _corrected(data: dict) -> Entry:
    number = _text(data, "corrects", limit=DOCUMENT_LENGTH)
    known = ExternalDocument.objects.select_related("entry__ledger").filter(number=number).first()
    if known is None or known.entry.kind != Entry.Kind.CHARGE:
        raise Refused(
            (
                "corrects",
                _("no charge of the external billing has the document number %(number)s")
                % {"number": number},
            )
        )
    return known.entry


def _refuse_taking_back_more(entry: Entry, lines: list[Line]) -> None:
    left = remaining_by_component(entry)
    problems = []
    for index, line in enumerate(lines):
        if line.amount <= 0:
            continue  # charges more: nothing to exceed
        held = -left[line.component].amount if line.component in left else ZERO
        if line.amount > held:
            problems.append(
                (
                    f"lines[{index}].amount",
                    _("%(component)s: at most %(limit)s is left to take back, not %(amount)s")
                    % {
                        "component": line.component.name,
                        "limit": format_money(max(held, ZERO)),
                        "amount": format_money(line.amount),
                    },
                )
            )
    if problems:
        raise Refused(*problems)


# ---- the call ------------------------------------------------------------------


def post_documents(charges: list[dict], corrections: list[dict]) -> Posted:
    """Book the external billing's charges, then its corrections (which may
    correct a charge of the same call), all or nothing; see the module's
    docstring. Each document is a JSON object as the API received it."""
    posted = Posted()
    components = {c.code: c for c in Component.objects.all()}
    with transaction.atomic():
        new = _charges(charges, components, posted)
        if new and not posted.problems:
            _charge(posted, [c for _i, c in sorted(new.items())])
        if not posted.problems:
            for index, data in enumerate(corrections):
                _one(posted, "corrections", index, lambda d=data: _correct(d, components))
        if posted.problems:
            transaction.set_rollback(True)
            posted.charges, posted.corrections = [], []
    return posted


def _charges(charges: list[dict], components, posted: Posted) -> dict[int, _Charge]:
    until, new = closed_until(), {}
    for index, data in enumerate(charges):
        try:
            read = _read_charge(data if isinstance(data, dict) else {}, components, until)
        except Refused as refused:
            _refused(posted, "charges", index, refused)
            posted.charges.append(("", 0))
            continue
        if isinstance(read, int):
            posted.charges.append((UNCHANGED, read))
        else:
            new[index] = read
            posted.charges.append((CREATED, 0))
    for index, problems in _refuse_second_charges(new).items():
        _refused(posted, "charges", index, Refused(*problems))
    first = {}
    for index, charge in new.items():
        if charge.number in first:
            message = _("the same document number as charges[%(index)d]") % {
                "index": first[charge.number]
            }
            _refused(posted, "charges", index, Refused(("document", message)))
        first.setdefault(charge.number, index)
    return new


def _charge(posted: Posted, charges: list[_Charge]) -> None:
    try:
        ids = iter(_book_charges(charges))
    except ValidationError as error:  # today inside a closed period
        posted.problems += [FieldProblem("charges", 0, "", m) for m in error.messages]
        return
    posted.charges = [
        (CREATED, next(ids)) if status == CREATED else (status, pk) for status, pk in posted.charges
    ]


def _one(posted: Posted, collection: str, index: int, book) -> None:
    try:
        with transaction.atomic():  # a savepoint: a refused document leaves the rest usable
            posted.corrections.append(book())
    except Refused as refused:
        _refused(posted, collection, index, refused)
    except ValidationError as error:
        posted.problems += [FieldProblem(collection, index, "", m) for m in error.messages]


def _refused(posted: Posted, collection: str, index: int, refused: Refused) -> None:
    posted.problems += [
        FieldProblem(collection, index, name, message) for name, message in refused.problems
    ]
