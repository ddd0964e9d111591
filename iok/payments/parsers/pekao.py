"""Bank Pekao's virtual-account report ("Collect"): CP1250, commas, no quoting.

One report is a `01` header (the collection account, the virtual-account
prefix, the date, the currency), `02` details (one credit each) and a `03`
trailer with the count and the total, which are checked. Detail fields
(0-based):

    0 "02"  1 ?  2 payer's account  3 amount  4 booking date  5 payment date
    6 payer's name  7-9 payer's address lines  10 payer's bank number  11 ?
    12 the credited virtual account  13 ?  14-17 the title, cut mid-word
    18 the bank's reference

The report carries no balances. Without quoting a comma inside a title
splits it into more pieces; they are joined back (without the comma). A comma
inside a name or address would move the virtual account, so it is refused."""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from iok.payments.parsers.text import refuse_nul
from iok.payments.staged import StagedLine, StagedStatement, StatementError

AMOUNT = re.compile(r"\d{1,15}(\.\d{1,2})?")
DETAIL_FIELDS = 19


class _Reader:
    def __init__(self, source: str):
        self.source = source or "Pekao CSV"
        self.statements: list[StagedStatement] = []
        self.current: StagedStatement | None = None
        self.header_line = 0

    def error(self, message: str, number: int) -> StatementError:
        where = _("%(source)s, line %(line)d") % {"source": self.source, "line": number}
        return StatementError(message, where)

    def read(self, number: int, line: str) -> None:
        fields = line.split(",")
        record = fields[0]
        if record == "01":
            self.header(number, fields)
        elif self.current is None:
            raise self.error(
                _("record %(record)r before the 01 header") % {"record": record}, number
            )
        elif record == "02":
            self.current.lines.append(self.detail(number, line, fields))
        elif record == "03":
            self.trailer(number, fields)
        else:
            raise self.error(
                _("unknown record %(record)r: expected 01, 02 or 03") % {"record": record}, number
            )

    def header(self, number: int, fields: list[str]) -> None:
        if self.current is not None:
            raise self.error(_("a new 01 header before the 03 trailer of the last one"), number)
        if len(fields) < 5:
            raise self.error(
                _("the 01 header has %(count)d fields, expected 5") % {"count": len(fields)}, number
            )
        self.current = StagedStatement(
            account=fields[1].strip(),
            number=fields[3].strip(),
            currency=fields[4].strip(),
            date=self.date(fields[3], number),
            format="pekao_csv",
            source=self.source,
        )
        self.header_line = number

    def detail(self, number: int, line: str, fields: list[str]) -> StagedLine:
        if len(fields) < DETAIL_FIELDS or not fields[12].strip().isdigit():
            raise self.error(
                _(
                    "a 02 detail has %(count)d fields, expected %(expected)d"
                    " (cut short, or a comma inside a name or address?)"
                )
                % {"count": len(fields), "expected": DETAIL_FIELDS},
                number,
            )
        address = (f.strip() for f in fields[7:10])
        return StagedLine(
            booking_date=self.date(fields[4], number),
            value_date=self.date(fields[5], number),
            amount=self.amount(fields[3], number),
            credit=True,
            counterparty_name=fields[6].strip(),
            counterparty_address=", ".join(" ".join(a.split()) for a in address if a),
            counterparty_account=fields[2].strip(),
            title="".join(fields[14:-1]).strip(),
            bank_reference=fields[-1].strip(),
            virtual_account=fields[12].strip(),
            line_number=number,
            raw=line,
        )

    def trailer(self, number: int, fields: list[str]) -> None:
        if len(fields) < 3 or not fields[1].strip().isdigit():
            raise self.error(_("the 03 trailer must give the count and the total"), number)
        lines = self.current.lines
        count, total = int(fields[1]), self.amount(fields[2], number)
        if count != len(lines):
            message = _("the trailer counts %(count)d payments, the file has %(found)d") % {
                "count": count,
                "found": len(lines),
            }
            raise self.error(message, number)
        if total != self.current.movement():
            raise self.error(
                _("the trailer's total is %(total)s, the payments add up to %(sum)s")
                % {"total": total, "sum": self.current.movement()},
                number,
            )
        self.statements.append(self.current)
        self.current = None

    def amount(self, text: str, number: int) -> Decimal:
        if not AMOUNT.fullmatch(text.strip()):
            raise self.error(_("not an amount: %(text)r") % {"text": text}, number)
        return Decimal(text.strip())

    def date(self, text: str, number: int) -> datetime.date:
        try:
            return datetime.datetime.strptime(text.strip(), "%Y%m%d").date()
        except ValueError:
            raise self.error(
                _("not a date (YYYYMMDD): %(text)r") % {"text": text}, number
            ) from None


def parse_pekao_csv(data: bytes, source: str = "") -> list[StagedStatement]:
    reader = _Reader(source)
    text = data.decode("cp1250", errors="replace")
    refuse_nul(text, reader.source)
    last = 0
    for last, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            reader.read(last, line.rstrip("\r\n"))
    if reader.current is not None:
        raise reader.error(_("no 03 trailer: the report is cut short"), last)
    if not reader.statements:
        raise StatementError(_("not a Pekao report: no 01 header"), reader.source)
    return reader.statements
