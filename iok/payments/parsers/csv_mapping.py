"""Other banks' CSV exports, read through a mapping of their column names.

A CSV export has no standard: each bank names its columns, picks a separator,
a decimal mark, an encoding and a date format, and says debit or credit by
the amount's sign or by a column of its own. `CsvMapping` holds those choices
for one bank; the statement's own account (and number) are not in the file,
so the caller gives them. No balances: a CSV export does not check itself."""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from iok.ledger.nrb import compact
from iok.payments.parsers.text import refuse_nul
from iok.payments.staged import StagedLine, StagedStatement, StatementError

AMOUNT = re.compile(r"[+-]?\d+(\.\d{1,2})?")


@dataclass(frozen=True)
class CsvMapping:
    # The statement, as the caller knows it: the file does not say.
    account: str
    number: str = ""
    currency: str = "PLN"
    # Column names (as in the header row) for each StagedLine field.
    # A tuple joins several columns (a title split over "Tytuł 1", "Tytuł 2").
    booking_date: str = ""
    amount: str = ""
    value_date: str = ""  # empty: the booking date
    counterparty_name: str | tuple[str, ...] = ""
    counterparty_address: str | tuple[str, ...] = ""
    counterparty_account: str = ""
    title: str | tuple[str, ...] = ""
    bank_reference: str = ""
    virtual_account: str = ""
    transaction_code: str = ""
    # Debit or credit: the amount's sign, unless a column says it.
    credit_debit: str = ""
    credit_marks: tuple[str, ...] = ("C", "CR", "MA", "UZNANIE")
    debit_marks: tuple[str, ...] = ("D", "DR", "WN", "OBCIĄŻENIE")
    # The file.
    separator: str = ";"
    decimal_comma: bool = True
    encoding: str = "cp1250"
    date_format: str = "%Y-%m-%d"
    skip_rows: int = 0  # lines before the header row
    footer_rows: int = 0  # lines after the payments (totals, balances)


def parse_csv(data: bytes, mapping: CsvMapping, source: str = "") -> list[StagedStatement]:
    source = source or "CSV"
    try:
        text = data.decode(mapping.encoding)
    except UnicodeDecodeError as e:
        message = _("not %(encoding)s text (%(reason)s)") % {
            "encoding": mapping.encoding,
            "reason": e.reason,
        }
        raise StatementError(message, source) from e
    text = text.removeprefix("\ufeff")
    refuse_nul(text, source)
    raw_lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.separator)
    try:
        rows = list(reader)
    except csv.Error as e:
        raise StatementError(
            _("not readable as CSV (%(error)s)") % {"error": e}, _where(source, reader.line_num)
        ) from e
    body = rows[mapping.skip_rows :]
    if not body:
        raise StatementError(_("no header row: the file is empty or cut short"), source)
    header = [name.strip() for name in body[0]]
    first = mapping.skip_rows + 2  # 1-based line number of the first payment
    data_rows = body[1 : len(body) - mapping.footer_rows]
    row_reader = _RowReader(mapping, header, source)
    lines = [
        row_reader.line(
            first + i, row, raw_lines[first + i - 1] if first + i <= len(raw_lines) else ""
        )
        for i, row in enumerate(data_rows)
        if any(cell.strip() for cell in row)
    ]
    if not lines:
        raise StatementError(_("no payments after the header row"), _where(source, first - 1))
    statement = StagedStatement(
        account=mapping.account,
        number=mapping.number,
        currency=mapping.currency,
        date=max(line.booking_date for line in lines),
        lines=lines,
        format="csv",
        source=source,
    )
    return [statement]


class _RowReader:
    def __init__(self, mapping: CsvMapping, header: list[str], source: str):
        self.mapping = mapping
        self.source = source
        self.columns = {name: i for i, name in enumerate(header)}
        for field in ("booking_date", "amount"):
            if not getattr(mapping, field):
                raise StatementError(
                    _("the mapping names no %(field)s column") % {"field": field}, source
                )
        for name in self._mapped_names():
            if name not in self.columns:
                raise StatementError(
                    _("no column %(name)r in the header (%(header)s)")
                    % {"name": name, "header": ", ".join(header)},
                    _where(source, mapping.skip_rows + 1),
                )

    def _mapped_names(self):
        for field in (
            "booking_date",
            "amount",
            "value_date",
            "counterparty_name",
            "counterparty_address",
            "counterparty_account",
            "title",
            "bank_reference",
            "virtual_account",
            "transaction_code",
            "credit_debit",
        ):
            names = getattr(self.mapping, field)
            yield from (names,) if isinstance(names, str) and names else names or ()

    def line(self, number: int, row: list[str], raw: str) -> StagedLine:
        where = _where(self.source, number)
        cell = self._cell_reader(row, where)
        amount = self._amount(cell(self.mapping.amount), where)
        booking = self._date(cell(self.mapping.booking_date), where)
        value = (
            self._date(cell(self.mapping.value_date), where) if self.mapping.value_date else None
        )
        return StagedLine(
            booking_date=booking,
            value_date=value or booking,
            amount=abs(amount),
            credit=self._credit(cell, amount, where),
            counterparty_name=cell(self.mapping.counterparty_name),
            counterparty_address=cell(self.mapping.counterparty_address, ", "),
            counterparty_account=_compact(cell(self.mapping.counterparty_account)),
            title=cell(self.mapping.title),
            bank_reference=cell(self.mapping.bank_reference),
            virtual_account=_compact(cell(self.mapping.virtual_account)),
            transaction_code=cell(self.mapping.transaction_code),
            line_number=number,
            raw=raw,
        )

    def _cell_reader(self, row: list[str], where: str):
        def cell(names: str | tuple[str, ...], joiner: str = " ") -> str:
            names = (names,) if isinstance(names, str) else names
            values = []
            for name in filter(None, names):
                i = self.columns[name]
                if i >= len(row):
                    raise StatementError(
                        _("the row has no column %(name)r: cut short?") % {"name": name}, where
                    )
                values.append(" ".join(row[i].split()))
            return joiner.join(v for v in values if v)

        return cell

    def _amount(self, text: str, where: str) -> Decimal:
        compact = text.replace(" ", "").replace("\xa0", "")
        if self.mapping.decimal_comma:
            compact = compact.replace(".", "").replace(",", ".")
        else:
            compact = compact.replace(",", "")
        if not AMOUNT.fullmatch(compact):
            raise StatementError(_("not an amount: %(text)r") % {"text": text}, where)
        return Decimal(compact)

    def _date(self, text: str, where: str) -> datetime.date:
        try:
            return datetime.datetime.strptime(text, self.mapping.date_format).date()
        except ValueError:
            raise StatementError(
                _("not a date (%(format)s): %(text)r")
                % {"format": self.mapping.date_format, "text": text},
                where,
            ) from None

    def _credit(self, cell, amount: Decimal, where: str) -> bool:
        if not self.mapping.credit_debit:
            return amount > 0
        mark = cell(self.mapping.credit_debit).upper()
        if mark in (m.upper() for m in self.mapping.credit_marks):
            return True
        if mark in (m.upper() for m in self.mapping.debit_marks):
            return False
        raise StatementError(
            _("neither a credit nor a debit mark: %(mark)r") % {"mark": mark}, where
        )


def _where(source: str, line: int) -> str:
    return _("%(source)s, line %(line)d") % {"source": source, "line": line}


def _compact(account: str) -> str:
    return compact(account).strip("'")  # Excel's apostrophe that keeps the digits text
