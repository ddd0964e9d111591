"""Housing allowance (dodatek mieszkaniowy) paid by the city: the welfare
office transfers the allowances of many tenants in one payment and sends a
list naming each tenant's ledger and amount. The clerk splits the payment,
waiting in the queue, by that list: one allowance entry in each ledger the
list names, all of them or none.

The list is a CSV file, UTF-8 or CP1250, separated by semicolons (or tabs,
or commas with quoted amounts), with a header row or without: the ledger (its
contract number, virtual account number or ledger identifier), the tenant's
name as the office wrote it, and the amount with a decimal comma
(`1 234,56`). Every row must name an existing ledger, once, with an amount
above zero, and the rows must add up to the payment exactly; otherwise
nothing is booked and each faulty row is named."""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from iok import clock
from iok.forms import parse_decimal
from iok.ledger.allocation import reallocate
from iok.ledger.models import Entry, Ledger
from iok.ledger.money import ZERO, format_money, money
from iok.ledger.posting import post_entry
from iok.payments.keys import digits
from iok.payments.models import AllowanceSplit, StatementLine
from iok.payments.parsers.text import nul_message
from iok.periods import Period

MAX_ERRORS = 20  # named one by one; more are counted
NAME_LENGTH = 200


@dataclass(frozen=True)
class ListRow:
    number: int  # the row's line in the file, as the clerk's editor counts them
    ledger: Ledger
    tenant_name: str
    amount: Decimal


def decode(data: bytes) -> str:
    """The list's text: UTF-8 (with or without its BOM), else CP1250, as the
    welfare office's spreadsheet writes it on Windows."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1250", errors="replace")
    if "\x00" in text:
        raise ValidationError(nul_message())
    return text


def read_list(text: str, line: StatementLine) -> list[ListRow]:
    """The rows of the list for the payment `line`, every one checked, or a
    ValidationError naming each faulty row (and the sum, when the rows are
    right but do not add up to the payment)."""
    errors: list[str] = []
    rows: list[ListRow] = []
    seen: dict[int, int] = {}  # ledger id -> the row that named it first
    for number, cells in _cells(text):
        try:
            row = _row(number, cells)
        except ValidationError as error:
            errors.append(_at(number, " ".join(error.messages)))
            continue
        first = seen.setdefault(row.ledger.pk, number)
        if first != number:
            errors.append(
                _at(
                    number,
                    _("the ledger of contract %(contract)s is named in row %(first)d already")
                    % {"contract": row.ledger.contract.number, "first": first},
                )
            )
            continue
        rows.append(row)
    if not errors and not rows:
        errors.append(_("The list has no rows."))
    if not errors:
        _check_sum(rows, line)
    if errors:
        raise ValidationError(_limited(errors))
    return rows


def _cells(text: str):
    """(line number, cells) of every non-empty row, the header row left out."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))
    for cells in reader:
        cells = [cell.strip() for cell in cells]
        while cells and not cells[-1]:
            cells.pop()  # trailing separators a spreadsheet adds
        if not cells:
            continue
        if reader.line_num == _first_line(text) and _is_header(cells):
            continue
        yield reader.line_num, cells


def _separator(text: str) -> str:
    first = next((row for row in text.splitlines() if row.strip()), "")
    for separator in (";", "\t"):
        if separator in first:
            return separator
    return ","


def _first_line(text: str) -> int:
    for number, row in enumerate(text.splitlines(), start=1):
        if row.strip():
            return number
    return 0


def _is_header(cells: list[str]) -> bool:
    """A first row whose amount holds no digit names the columns."""
    return len(cells) < 3 or not any(char.isdigit() for char in cells[2])


def _at(number: int, problem: str) -> str:
    return _("Row %(row)d: %(problem)s") % {"row": number, "problem": problem}


def _limited(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_ERRORS:
        return errors
    more = len(errors) - MAX_ERRORS
    return [*errors[:MAX_ERRORS], _("…and %(count)d more faulty rows.") % {"count": more}]


def _row(number: int, cells: list[str]) -> ListRow:
    if len(cells) < 3:
        raise ValidationError(
            _("expected three columns (ledger; tenant; amount), found %(count)d")
            % {"count": len(cells)}
        )
    given, name, amount = cells[0], cells[1], cells[2]
    return ListRow(number, _ledger(given), name[:NAME_LENGTH], _amount(amount))


def _amount(text: str) -> Decimal:
    text = text.removesuffix("zł").removesuffix("PLN").strip()
    try:
        amount = parse_decimal(text)
    except ValidationError:
        raise ValidationError(_("%(text)r is not an amount") % {"text": text}) from None
    if amount != money(amount):
        raise ValidationError(_("%(text)r has more than two decimal places") % {"text": text})
    if amount <= ZERO:
        raise ValidationError(_("the amount must be more than zero, not %(text)s") % {"text": text})
    return amount


def _ledger(given: str) -> Ledger:
    """The ledger a row names: by virtual account number (26 digits, with or
    without spaces and PL), ledger identifier (its digits, leading zeros
    allowed) or contract number."""
    if not given:
        raise ValidationError(_("no ledger is named"))
    number = digits(given)
    query = Q(contract__number__iexact=given)
    if number.isdigit() and len(number) == 26:
        query = Q(virtual_account=number)
    elif number.isdigit() and len(number) <= settings.IOK_VIRTUAL_ID_DIGITS:
        query |= Q(pk=int(number))
    found = Ledger.objects.select_related("contract").filter(query).first()
    if found is None:
        raise ValidationError(
            _("no ledger has contract number, virtual account or identifier %(given)s")
            % {"given": given}
        )
    return found


def _check_sum(rows: list[ListRow], line: StatementLine) -> None:
    total = sum((row.amount for row in rows), ZERO)
    if total != line.amount:
        raise ValidationError(
            _(
                "The list adds up to %(total)s, the payment is %(amount)s: "
                "the list must account for the payment exactly."
            )
            % {"total": format_money(total), "amount": format_money(line.amount)}
        )


def can_split(line: StatementLine) -> bool:
    """A credit waiting for a ledger may be split by a list."""
    return line.credit and line.status == StatementLine.Status.UNMATCHED


def _waiting(line_pk: int) -> StatementLine:
    # The row lock makes a second clerk's decision wait and then find the
    # line decided, instead of booking the allowances twice.
    line = StatementLine.objects.select_for_update().get(pk=line_pk)
    if not can_split(line):
        raise ValidationError(_("This payment has been decided already."))
    return line


def split(line_pk: int, text: str, user) -> list[AllowanceSplit]:
    """Book the list: an allowance entry a row, in the row's ledger, dated as
    the payment; the line booked, its rows kept; the ledgers allocated. One
    transaction: a faulty row, a sum that differs or a closed period books
    nothing. The list is read again here, under the line's lock, so what is
    booked is what was checked."""
    with transaction.atomic():
        line = _waiting(line_pk)
        rows = read_list(text, line)
        splits = [_book(line, row) for row in rows]
        line.match = StatementLine.Match.ALLOWANCE_LIST
        line.status = StatementLine.Status.BOOKED
        line.decided_by, line.decided_at = user, clock.now()
        line.reason = _("housing allowance list of %(count)d rows") % {"count": len(rows)}
        line.save()
        reallocate(sorted({row.ledger.pk for row in rows}), line.booking_date)
    return splits


def _book(line: StatementLine, row: ListRow) -> AllowanceSplit:
    entry = post_entry(
        row.ledger,
        Entry.Kind.ALLOWANCE,
        title=(line.title or _("housing allowance"))[:200],
        amount=row.amount,
        operation_date=line.booking_date,
        document=(line.bank_reference or line.key)[:60],
    )
    return AllowanceSplit.objects.create(
        line=line, row=row.number, entry=entry, tenant_name=row.tenant_name
    )


# --- City Hall's report: allowances booked, month by month -------------------


@dataclass(frozen=True)
class MonthAllowances:
    period: str  # YYYY-MM
    count: int
    total: Decimal
    building: str = ""  # the building's address, when the report is by building

    @property
    def first_day(self) -> datetime.date:
        """The month as a date, for the page to name it ("listopad 2026")."""
        return Period.parse(self.period).first_day


def booked_per_month(year: int, by_building: bool = False) -> list[MonthAllowances]:
    """Every allowance entry of `year`'s months (the entry's period, the month
    the payment was booked in), counted and added up: a row a month, or a
    row a month and building. Every allowance entry counts, however it was
    booked (a split, or a single payment a clerk booked as one)."""
    entries = Entry.objects.filter(kind=Entry.Kind.ALLOWANCE, period__startswith=f"{year:04d}-")
    keys = ["period"]
    if by_building:
        keys += [
            "ledger__contract__premises__building__street",
            "ledger__contract__premises__building__number",
            "ledger__contract__premises__building__city",
        ]
    rows = (
        entries.order_by()
        .values(*keys)
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by(*keys)
    )
    return [
        MonthAllowances(
            row["period"],
            row["count"],
            money(row["total"]),
            _building(row) if by_building else "",
        )
        for row in rows
    ]


def _building(row: dict) -> str:
    prefix = "ledger__contract__premises__building__"
    return f"{row[prefix + 'street']} {row[prefix + 'number']}, {row[prefix + 'city']}"


def year_total(months: list[MonthAllowances]) -> MonthAllowances:
    return MonthAllowances(
        "",
        sum(month.count for month in months),
        sum((month.total for month in months), ZERO),
    )
