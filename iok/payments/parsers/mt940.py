"""MT940 statements and MT942 intraday reports, as Polish banks send them.

The SWIFT structure of each tag is read with the mt-940 library's tag
patterns; lines, statements and their checks are ours, so that an error names
the line, and the `:86:` dialects are decoded in `mt940_details`.

One file may hold many statements (mBank sends one per account) and MT942
reports; each starts at `:20:`. An MT940 statement has an opening (`:60F:` or
`:60M:`) and a closing (`:62F:`/`:62M:`) balance; an MT942 report has none
(`None`), but its `:90D:`/`:90C:` counts and sums are checked against its
lines.
"""

import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from django.utils.translation import gettext as _
from mt940 import tags

from iok.payments.parsers.mt940_details import compact_account, read_details
from iok.payments.parsers.text import nul_message
from iok.payments.staged import StagedLine, StagedStatement, StatementError

ENCODINGS = ("iso-8859-2", "cp1250", "cp852")
# Share of each letter in Polish text, in percent.
_FREQUENCY = {"ą": 0.99, "ć": 0.40, "ę": 1.11, "ł": 1.82, "ń": 0.20, "ó": 0.85, "ś": 0.66}
_FREQUENCY |= {"ź": 0.06, "ż": 0.83}
LETTER_FREQUENCY = _FREQUENCY | {letter.upper(): share for letter, share in _FREQUENCY.items()}
FRAMING = re.compile(rb"[\x01\x03\x1a]")
NON_ASCII = re.compile(rb"[\x80-\xff]+")
UPPER = [bytes([code]) for code in range(ord("A"), ord("Z") + 1)]
LOWER = [bytes([code]) for code in range(ord("a"), ord("z") + 1)]
UNFRAMED = str.maketrans("", "", "\x01\x03\x1a")
TAG = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
AMOUNT = re.compile(r"\d{1,14},\d{0,2}|\d{1,15}")
# What the library's patterns let through but a bank never sends: an amount
# cut short (`25,X0`), text after a balance. Checked before reading.
STATEMENT_LINE = re.compile(r"\d{6}(?:\d{4}|\s{4})?R?[DC][A-Z]?\d{1,12},\d{0,2}[NSF][A-Z0-9]{3}")
BALANCE = re.compile(r"[DC]\d{6}[A-Z]{3}\d{1,12},\d{0,2}\s*")
END_OF_MESSAGE = re.compile(r"^-}?\s*$")
# SWIFT's header blocks, blank lines, and the braces some banks (Alior) put
# around each message, each on a line of its own.
IGNORED_LINES = re.compile(r"^(\{[1-5]:.*|\s*[{}]?\s*)$")
# A message's opening brace glued to its first tag (`{:20:…`), or its closing
# one to the last (`…PLN100,00}`).
OPENING_BRACE = re.compile(r"^\s*\{(?=:\d{2}[A-Z]?:)")
CLOSING_BRACE = re.compile(r"\}\s*$")
# `:28C:` as banks write it: SWIFT's 5n[/5n], or BNP Paribas' number/year/BPL.
STATEMENT_NUMBER = re.compile(r"[0-9A-Z]{1,16}(?:/[0-9A-Z]{1,16}){0,3}")
ZERO = Decimal(0)
# What ING writes after `//` in `:61:` for a payment to a virtual account: the
# account (26 digits, or an IBAN), longer than the 23 characters of a reference.
VIRTUAL_AFTER_REFERENCE = re.compile(r"(?:PL)?\d{26}")

_PATTERNS = {
    "13D": tags.DateTimeIndication(),
    "25": tags.AccountIdentification(),
    "34F": tags.FloorLimitIndicator(),
    "60": tags.BalanceBase(),
    "61": tags.Statement(),
    "62": tags.BalanceBase(),
    "90": tags.SumEntries(),
}


@dataclass
class Tag:
    name: str
    lines: list[str]
    line_number: int

    @property
    def value(self) -> str:
        return "\n".join(self.lines)


def parse_mt940(
    data: bytes, source: str = "", encoding: str | None = None
) -> list[StagedStatement]:
    """Every statement of the file with all its lines, read at once."""
    statements = []
    for statement in stream_mt940(io.BytesIO(data), source, encoding):
        statement.lines = list(statement.lines)
        statement.counted = None  # the list is there to count
        statements.append(statement)
    return statements


def stream_mt940(
    file: BinaryIO, source: str = "", encoding: str | None = None
) -> Iterator[StagedStatement]:
    """The file's statements one after the other, each with its `lines` an
    iterator that reads them from the file as they are asked for: memory does
    not grow with the file. Take each statement's lines before the next
    statement. Checks that need the whole statement (the closing balance, an
    MT942's sums) run when its last line has been read, and raise from there."""
    encoding = encoding or choose_encoding(file)
    found_tags = _Peekable(_read_tags(_text_lines(file, encoding, source), source))
    found = False
    while (tag := next(found_tags, None)) is not None:
        if tag.name == "-":
            continue
        if tag.name != "20":
            raise StatementError(
                _("tag :%(tag)s: before :20:") % {"tag": tag.name},
                _where(source, tag.line_number),
            )
        found = True
        statement = _Reader(tag, found_tags, source).statement()
        yield statement
        for _line in statement.lines:  # what the caller left unread, up to the next :20:
            pass
    if not found:
        raise StatementError(_("no MT940 statement (no :20: tag) in the file"), _where(source, 1))


def decode(data: bytes, encoding: str | None = None) -> str:
    """Text without SOH/ETX framing, in the encoding whose reading gives the
    most Polish letters and the fewest other non-ASCII characters; on a tie
    UTF-8 (when the bytes are valid UTF-8), then ISO-8859-2, as PKO BP and
    mBank send. Valid UTF-8 alone is not enough: ISO-8859-2 `ÓŁ` is too."""
    data = FRAMING.sub(b"", data)
    return data.decode(encoding or choose_encoding(io.BytesIO(data)))


def choose_encoding(file: BinaryIO) -> str:
    """The encoding `decode` describes, chosen in one pass over the file in
    chunks, which ends back at the start. Every candidate reads ASCII alike,
    so only the runs of non-ASCII bytes are read each way."""
    names = ["utf-8", *ENCODINGS]
    scores = {name: [0.0, 0.0] for name in names}  # if most letters are capitals, if not
    capitals = small = 0
    for chunk in _chunks(file):
        capitals += sum(chunk.count(letter) for letter in UPPER)
        small += sum(chunk.count(letter) for letter in LOWER)
        sample = b" ".join(NON_ASCII.findall(chunk))
        for name in list(scores):
            try:
                text = sample.decode(name, errors="strict" if name == "utf-8" else "replace")
            except UnicodeDecodeError:
                del scores[name]  # not UTF-8
                continue
            scores[name][0] += _polish_score(text, upper=True)
            scores[name][1] += _polish_score(text, upper=False)
    file.seek(0)
    case = 0 if capitals >= small else 1
    # max keeps the first of equals: UTF-8, then ISO-8859-2 …
    return max(scores, key=lambda name: scores[name][case])


def _chunks(file: BinaryIO, size: int = 1 << 18) -> Iterator[bytes]:
    """The file in pieces that never cut a run of non-ASCII bytes (a UTF-8 letter)."""
    rest = b""
    while block := file.read(size):
        block = rest + block
        cut = len(block)
        while cut and block[cut - 1] >= 0x80:
            cut -= 1
        block, rest = block[:cut], block[cut:]
        yield block
    if rest:
        yield rest


def _text_lines(file: BinaryIO, encoding: str, source: str) -> Iterator[tuple[int, str]]:
    """(number, line) of the file's text as `str.splitlines` numbers them,
    without SOH/ETX framing. A byte line ends at LF, which no candidate
    encoding uses inside a character, so each decodes on its own."""
    number = 0
    for raw in file:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            where = _where(source, number + 1)
            message = _("the file is not %(encoding)s text") % {"encoding": encoding}
            raise StatementError(message, where) from None
        for piece in text.translate(UNFRAMED).splitlines():
            number += 1
            if "\x00" in piece:
                raise StatementError(nul_message(), _where(source, number))
            yield number, piece


def _polish_score(text: str, upper: bool) -> float:
    """Each Polish letter scores 1 + its frequency in Polish text (so a lone
    `Ć` read as CP852 beats the rarer `Ź` the same byte is in CP1250), half a
    point more in the case most of the text is in (mBank writes capitals: `Ą`,
    not `ą`); any other non-ASCII character costs 3."""
    score = 0.0
    for char in text:
        if char in LETTER_FREQUENCY:
            score += 1 + LETTER_FREQUENCY[char] + (0.5 if char.isupper() == upper else 0)
        elif ord(char) > 127:
            score -= 3
    return score


def _read_tags(lines: Iterator[tuple[int, str]], source: str) -> Iterator[Tag]:
    """The tags of the file with their continuation lines, one at a time."""
    current: Tag | None = None
    for number, line in lines:
        line = CLOSING_BRACE.sub("", OPENING_BRACE.sub("", line))
        match = TAG.match(line)
        if match:
            if current is not None:
                yield current
            current = Tag(match.group(1), [match.group(2)], number)
        elif END_OF_MESSAGE.match(line):
            if current is not None:
                yield current
            current = None
            yield Tag("-", [], number)
        elif IGNORED_LINES.match(line):
            continue
        elif current is not None:
            current.lines.append(line)
        else:
            message = _("not an MT940 file: %(line)r") % {"line": line[:40]}
            raise StatementError(message, _where(source, number))
    if current is not None:
        yield current


class _Peekable:
    def __init__(self, items):
        self.items = iter(items)
        self.ahead: list = []

    def __iter__(self):
        return self

    def __next__(self):
        return self.ahead.pop() if self.ahead else next(self.items)

    def peek(self):
        if not self.ahead:
            try:
                self.ahead.append(next(self.items))
            except StopIteration:
                return None
        return self.ahead[-1]


def _where(source: str, line_number: int) -> str:
    return _("%(source)s, line %(line)d") % {"source": source or "MT940", "line": line_number}


class _Reader:
    """Reads one statement's tags into a StagedStatement, checking as it goes:
    the header (account, number, opening balance) at once, the lines as they
    are asked for, the closing checks after the last."""

    def __init__(self, first: Tag, tags: "_Peekable", source: str):
        self.first = self.last_tag = first
        self.tags = tags
        self.ended = False  # closed by the end-of-message line `-`
        self.source = source
        self.statement_ = StagedStatement(
            account="", number="", currency="", date=datetime.date.min, source=source
        )
        self.opening: Tag | None = None
        self.closing: Tag | None = None
        self.sums: dict[str, tuple[int, Decimal, Tag]] = {}
        self.report_date: datetime.date | None = None
        self.last_line: StagedLine | None = None
        self.details: list[str] = []
        # Kept as the lines go by, for the checks at the end.
        self.counts = {True: 0, False: 0}
        self.totals = {True: Decimal(0), False: Decimal(0)}
        self.last_date: datetime.date | None = None

    def statement(self) -> StagedStatement:
        self._read(self.first)
        while (tag := self.tags.peek()) is not None and tag.name not in {"20", "61"}:
            self._take(next(self.tags))
        statement = self.statement_
        statement.format = "mt940" if self.opening is not None else "mt942"
        statement.date = self.report_date or statement.date
        statement.lines = self._lines()
        return statement

    def _lines(self) -> Iterator[StagedLine]:
        while (tag := self.tags.peek()) is not None and tag.name != "20":
            if (line := self._take(next(self.tags))) is not None and self._kept(line):
                yield self._counted(line)
        if (line := self._finish_line()) is not None and self._kept(line):
            yield self._counted(line)
        self._checked()

    def _kept(self, line: StagedLine) -> bool:
        """A line of 0,00 moves no money (ING writes such technical entries):
        it is left out, and noted on the statement with the reason."""
        if line.amount != ZERO:
            return True
        self.statement_.skipped.append(
            (line.line_number, _("an entry of 0,00 moves no money (a technical entry)"))
        )
        return False

    def _take(self, tag: Tag) -> StagedLine | None:
        if tag.name == "-":
            self.ended = True
            return None
        self.last_tag = tag
        return self._read(tag)

    def _counted(self, line: StagedLine) -> StagedLine:
        self.counts[line.credit] += 1
        self.totals[line.credit] += line.amount
        if self.last_date is None or line.booking_date > self.last_date:
            self.last_date = line.booking_date
        return line

    def _fail(self, message: str, tag: Tag):
        raise StatementError(message, _where(self.source, tag.line_number))

    def _match(self, tag: Tag, kind: str) -> dict:
        # The library's compiled pattern, not its `parse`: that logs the
        # pattern and the value at ERROR on a mismatch, which Python's last-resort
        # handler prints to the console.
        found = _PATTERNS[kind].re.match(tag.value)
        if found is None:
            self._fail(
                _(":%(tag)s: is not well formed: %(value)r")
                % {"tag": tag.name, "value": tag.value[:60]},
                tag,
            )
        return found.groupdict()

    def _read(self, tag: Tag) -> StagedLine | None:
        """Read one tag; the statement line it completes, if any."""
        kind = tag.name[:2]
        if kind == "61":
            finished = self._finish_line()
            self._statement_line(tag)
            return finished
        if kind == "86":
            if self.last_line is not None:  # after the balances, :86: is about the statement
                self.details.extend(tag.lines)
            return None
        if kind in {"60", "62"}:
            finished = self._finish_line()
            self._balance(tag, kind)
            return finished
        if tag.name == "25":
            account = self._match(tag, "25")["account_identification"]
            self.statement_.account = compact_account(account)
        elif tag.name in {"28C", "28"}:
            self.statement_.number = tag.value.strip()
            if not STATEMENT_NUMBER.fullmatch(self.statement_.number):
                self._fail(
                    _(":%(tag)s: is not well formed: %(value)r")
                    % {"tag": tag.name, "value": tag.value[:60]},
                    tag,
                )
        elif tag.name == "34F":
            self._floor_limit(tag)
        elif tag.name == "13D":
            found = self._match(tag, "13D")
            self.report_date = _date(found, tag, self)
        elif tag.name in {"90D", "90C"}:
            found = self._match(tag, "90")
            self.sums[tag.name] = (int(found["number"] or 0), self._amount(found, tag), tag)
        else:
            return self._finish_line()
        return None

    def _balance(self, tag: Tag, kind: str) -> None:
        found = self._match(tag, kind)
        if not BALANCE.fullmatch(tag.value):
            self._fail(
                _("balance :%(tag)s: is broken: %(value)r")
                % {"tag": tag.name, "value": tag.value[:60]},
                tag,
            )
        amount = self._amount(found, tag)
        amount = -amount if found["status"].upper() == "D" else amount
        self._currency(found["currency"], tag)
        if kind == "60":
            if self.opening is not None:
                self._fail(_("a second opening balance in one statement"), tag)
            self.opening, self.statement_.opening_balance = tag, amount
        else:
            self.closing, self.statement_.closing_balance = tag, amount
            self.statement_.date = _date(found, tag, self)

    def _floor_limit(self, tag: Tag) -> None:
        found = self._match(tag, "34F")
        self._currency(found["currency"], tag)

    def _currency(self, currency: str, tag: Tag) -> None:
        currency = currency.upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            self._fail(
                _("currency %(currency)r is not a currency code") % {"currency": currency}, tag
            )
        if self.statement_.currency and self.statement_.currency != currency:
            self._fail(
                _("currency %(currency)s in a %(statement_currency)s statement")
                % {"currency": currency, "statement_currency": self.statement_.currency},
                tag,
            )
        self.statement_.currency = currency

    def _amount(self, found: dict, tag: Tag) -> Decimal:
        text = found.get("amount") or ""
        if not AMOUNT.fullmatch(text):
            self._fail(_("amount %(amount)r is not an amount") % {"amount": text}, tag)
        # `150,` is 150: left as Decimal("150"), as it always was read, so the
        # keys of lines imported before (the amount is in their hash) stay.
        return Decimal(text.replace(",", "."))

    def _statement_line(self, tag: Tag) -> None:
        found = self._match(tag, "61")
        if not STATEMENT_LINE.match(tag.lines[0]):
            self._fail(
                _(":61: amount or type is broken: %(value)r") % {"value": tag.lines[0][:60]}, tag
            )
        value_date = _date(found, tag, self)
        status = found["status"].upper()
        bank_reference = (found.get("bank_reference") or "").strip()
        virtual_account = ""
        after = tag.lines[0].partition("//")[2].strip()
        if VIRTUAL_AFTER_REFERENCE.fullmatch(after):
            # ING: the payer's virtual account, not a reference of this
            # transaction (every payment to it carries the same one).
            virtual_account, bank_reference = compact_account(after), ""
        self.last_line = StagedLine(
            booking_date=_entry_date(found, value_date),
            value_date=value_date,
            amount=self._amount(found, tag),
            credit=status in {"C", "RD"},  # RD reverses a debit: money comes back in
            reversal=status in {"RC", "RD"},
            transaction_code=(found.get("id") or "").strip(),
            bank_reference="" if bank_reference == "NONREF" else bank_reference,
            virtual_account=virtual_account,
            line_number=tag.line_number,
            raw=":61:" + tag.value,
        )
        self.details = []

    def _finish_line(self) -> StagedLine | None:
        line, self.last_line = self.last_line, None
        if line is None:
            return None
        if self.details:
            details = read_details(self.details)
            line.raw += "\n:86:" + "\n".join(self.details)
            line.counterparty_name = details.counterparty_name
            line.counterparty_address = details.counterparty_address
            line.counterparty_account = details.counterparty_account
            line.title = details.title
            line.virtual_account = details.virtual_account or line.virtual_account
            line.bank_reference = details.bank_reference or line.bank_reference
            line.transaction_code = details.transaction_code or line.transaction_code
        self.details = []
        return line

    def _checked(self) -> None:
        statement, first, last = self.statement_, self.first, self.last_tag
        if not statement.account:
            self._fail(_("statement without an account (:25:)"), first)
        if self.opening is not None and self.closing is None and not self.ended:
            self._fail(
                _(
                    "statement %(number)s has an opening balance (line %(line)d) "
                    "but no closing balance: the file is cut short"
                )
                % {"number": statement.number or "?", "line": self.opening.line_number},
                last,
            )
        if self.opening is None and self.closing is not None:
            self._fail(_("closing balance without an opening balance"), self.closing)
        if not statement.currency:
            self._fail(_("statement without a currency (no balance or :34F:)"), last)
        if statement.format == "mt942":
            if not self.ended and not self.sums:
                self._fail(
                    _("MT942 report without :90D:/:90C: nor `-`: the file is cut short"), last
                )
            self._check_sums()
        if self.closing is None:
            statement.date = self.report_date or self.last_date or statement.date
        statement.counted = self.totals[True] - self.totals[False]

    def _check_sums(self) -> None:
        for name, credit in (("90D", False), ("90C", True)):
            if name not in self.sums:
                continue
            count, total, tag = self.sums[name]
            if count != self.counts[credit] or total != self.totals[credit]:
                self._fail(
                    _(
                        ":%(tag)s: says %(count)d lines for %(total)s, the report has "
                        "%(found)d: the file is cut short or altered"
                    )
                    % {"tag": name, "count": count, "total": total, "found": self.counts[credit]},
                    tag,
                )


def _date(found: dict, tag: Tag, reader: _Reader) -> datetime.date:
    try:
        return datetime.date(2000 + int(found["year"]), int(found["month"]), int(found["day"]))
    except (TypeError, ValueError):
        reader._fail(
            _("no valid date in :%(tag)s: %(value)r") % {"tag": tag.name, "value": tag.value[:30]},
            tag,
        )


def _entry_date(found: dict, value_date: datetime.date) -> datetime.date:
    """The :61: entry date (MMDD) in the year nearest the value date; missing → value date."""
    month, day = (found.get("entry_month") or "").strip(), (found.get("entry_day") or "").strip()
    if not (month.isdigit() and day.isdigit()):
        return value_date
    candidates = []
    for year in (value_date.year - 1, value_date.year, value_date.year + 1):
        try:
            candidates.append(datetime.date(year, int(month), int(day)))
        except ValueError:
            continue
    if not candidates:
        return value_date
    return min(candidates, key=lambda date: abs((date - value_date).days))
