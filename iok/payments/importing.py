"""Import: staged statements in, every new credit matched and booked at once.

A file that fails a check books nothing; each statement is written in one
short transaction of its own, after the whole file was read and matched."""

import contextlib
import datetime
import itertools
import pickle  # nosec B403
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from iok import clock, dbstats
from iok.audit.recording import record_bulk
from iok.ledger import closing
from iok.ledger.allocation import reallocate
from iok.ledger.bulk import NewEntry, insert_rows, post_entries, present
from iok.ledger.models import Entry, Ledger
from iok.ledger.money import from_grosze, to_grosze
from iok.ledger.nrb import compact, is_valid
from iok.ledger.posting import post_entry
from iok.payments import reversals
from iok.payments.keys import LineKeys, digits, earlier_key
from iok.payments.matching import Matcher
from iok.payments.models import Statement, StatementLine
from iok.payments.staged import StagedLine, StagedStatement, StatementError
from iok.periods import Period
from iok.refunds.booking import book_refund_debits

Status = StatementLine.Status
BATCH = 2000  # lines staged, matched and booked together


@dataclass
class ImportResult:
    statements: int = 0
    new_lines: int = 0
    already_imported: int = 0
    booked: int = 0
    booked_total: Decimal = Decimal("0.00")
    unmatched: int = 0
    debits: int = 0
    # Reversals (storno) of payments: booked on the reversed payment's
    # ledger, or waiting in the queue; reversals of debits (fees given back).
    reversals_booked: int = 0
    reversals_waiting: int = 0
    debit_reversals: int = 0
    flagged_accounts: int = 0
    lines: list[StatementLine] = field(default_factory=list)
    # Statements of the file imported before (the same account, number and
    # date, no new line): recognised, nothing stored for them.
    known_statements: list[Statement] = field(default_factory=list)
    # Lines the parser left out, with why: (file, line number, reason).
    skipped: list[tuple[str, int, str]] = field(default_factory=list)


def check_before(statement: StagedStatement) -> None:
    """What a statement must pass before any of its lines is read."""
    where = _where(statement)
    if statement.currency != "PLN":
        raise StatementError(_("the currency is %s, not PLN") % statement.currency, where)
    if digits(statement.account) not in settings.IOK_COLLECTION_ACCOUNTS:
        raise StatementError(
            _(
                "account %s is not one of the company's collection accounts "
                "(IOK_COLLECTION_ACCOUNTS)"
            )
            % statement.account,
            where,
        )


def check_after(statement: StagedStatement) -> None:
    """What a statement must pass once all its lines are read; failing it
    rolls the whole import back."""
    if not statement.balances_agree():
        raise StatementError(
            _("opening balance %(opening)s + lines %(lines)s ≠ closing balance %(closing)s")
            % {
                "opening": statement.opening_balance,
                "lines": statement.movement(),
                "closing": statement.closing_balance,
            },
            _where(statement),
        )


def _where(statement: StagedStatement) -> str:
    return f"{statement.source} ({_('statement')} {statement.number})"


def import_statements(
    statements,
    *,
    user=None,
    upload=None,
    dry_run: bool = False,
    keep_lines: bool | None = None,
) -> ImportResult:
    """Stage every line not seen before and book the credits that match.

    Two passes, so that the database is locked only while it is written:
    first every statement of the file is read, checked and matched without
    holding any lock (reads only), its lines spilled to a temporary file a
    batch at a time; a check that fails (balances, a cut file, a closed
    period) refuses the file before anything is written. Then each statement
    is written in one short transaction of its own (lines, payments,
    balances, audit): all of a statement or none of it, and a tenant's page
    or login never queues behind the parsing or matching of a large file;
    the paid ledgers' allocations follow, a batch of ledgers a transaction.

    `statements` may be a list or a generator of StagedStatements whose
    lines are read as they come. With `dry_run` the work is done and then
    rolled back: the result says what would happen, with every new line in
    `result.lines` (kept only when asked, or for a dry run: a real import of
    a large file keeps none). `upload` is the office upload the statements
    came in, kept on each."""
    result = ImportResult()
    keep = dry_run if keep_lines is None else keep_lines
    with contextlib.ExitStack() as files:
        read = [_read(statement, files.enter_context(_spill())) for statement in statements]
        # A dry run is one transaction rolled back at the end, so that a line
        # in two statements of the file counts once, as it would for real.
        with transaction.atomic() if dry_run else contextlib.nullcontext():
            for statement in read:
                _write_statement(statement, user, upload, result, keep)
            if dry_run:
                transaction.set_rollback(True)
    if not dry_run and result.new_lines:
        dbstats.optimize(StatementLine, Entry)  # fresh planner statistics (SQLite)
    _with_ledgers(result.lines)
    return result


def _with_ledgers(lines: list[StatementLine]) -> None:
    """Give the kept lines their ledgers and contracts in one query, for a
    preview that names, line by line, where each payment goes."""
    wanted = {line.ledger_id for line in lines if line.ledger_id}
    ledgers = Ledger.objects.select_related("contract").in_bulk(wanted)
    for line in lines:
        if line.ledger_id:
            line.ledger = ledgers[line.ledger_id]


def _serialize_imports() -> None:
    # Two imports of overlapping files at the same moment must not both find a
    # line new. SQLite's IMMEDIATE transactions already queue writers; on
    # PostgreSQL the second statement's writing waits here for the first.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {StatementLine._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")


# --- the first pass: read, check, match; no lock, nothing written -----------


class Row(NamedTuple):
    """A staged line as the database stores it (LINE_COLUMNS after the
    statement), carried from the first pass to the second in a spill file."""

    key: str
    line_number: int
    booking_date: object  # adapted for the database: text on SQLite, a date on PostgreSQL
    value_date: object
    amount: int  # grosze
    credit: bool
    counterparty_name: str
    counterparty_address: str
    counterparty_account: str
    ultimate_debtor: str
    account_problem: str
    title: str
    bank_reference: str
    virtual_account: str
    virtual_account_problem: str
    transaction_code: str
    raw: str
    status: str
    match: str
    ledger_id: int | None
    entry_id: int | None
    reason: str
    booked_on: datetime.date  # the line's booking date as a date, for the closed-period check


@dataclass
class ReadStatement:
    """A statement after the first pass: its header (the closing balance and
    date known once its last line was read) and its batches of rows."""

    staged: StagedStatement
    spill: IO[bytes]
    batches: int = 0
    known: int = 0  # lines the first pass found imported before


@contextlib.contextmanager
def _spill():
    """A temporary file for one statement's rows: they hold names and account
    numbers, so it is private to the process (unlinked at once, mode 0600)
    and gone when the import ends, however it ends. Pickle is safe here
    because nothing but this process's first pass ever wrote the file."""
    with tempfile.TemporaryFile() as file:
        yield file


def _read(staged: StagedStatement, spill: IO[bytes]) -> ReadStatement:
    """The first pass over one statement: check it, key its lines, leave out
    the ones imported before, match the credits, refuse a payment dated in a
    closed period; every batch of rows spilled. Reads the database only."""
    check_before(staged)
    read = ReadStatement(staged, spill)
    keys, matcher = LineKeys(staged), Matcher()
    for batch in _batches(staged.lines, BATCH):
        lines = _new_lines([(keys.key(line), line) for line in batch])
        read.known += len(batch) - len(lines)
        matcher.match_all(lines)
        _refuse_closed(staged, [line.booking_date for line in lines if line.ledger_id])
        pickle.dump([_row(line) for line in lines], spill, pickle.HIGHEST_PROTOCOL)
        read.batches += 1
    check_after(staged)
    spill.seek(0)
    return read


def _batches(items, size: int):
    # itertools.batched, which Python 3.11 lacks.
    items = iter(items)
    while batch := list(itertools.islice(items, size)):
        yield batch


def _new_lines(keyed: list[tuple[str, StagedLine]]) -> list[StatementLine]:
    """The batch's lines whose keys the database does not hold yet (the
    second pass looks again, under the lock)."""
    known = _known_keys([(key, line.credit) for key, line in keyed])
    return [_staged_line(key, line) for key, line in keyed if key not in known]


def _known_keys(keyed: list[tuple[str, bool]]) -> set[str]:
    """Which of the (key, credit) pairs the database holds: by the key, or
    for a reversal by the key it had before reversals had their own mark,
    when the line stored under it went the same way (keys.earlier_key)."""
    known = present(StatementLine, "key", [key for key, _credit in keyed])
    earlier = {
        earlier_key(key): (key, credit)
        for key, credit in keyed
        if key not in known and earlier_key(key)
    }
    if earlier:
        stored = StatementLine.objects.filter(key__in=earlier).values_list("key", "credit")
        known |= {earlier[key][0] for key, credit in stored if credit == earlier[key][1]}
    return known


def _staged_line(key, line: StagedLine) -> StatementLine:
    return StatementLine(
        key=key,
        line_number=line.line_number,
        booking_date=line.booking_date,
        value_date=line.value_date,
        amount=line.amount,
        credit=line.credit,
        counterparty_name=line.counterparty_name[:200],
        counterparty_address=line.counterparty_address[:200],
        counterparty_account=digits(line.counterparty_account)[:34],
        ultimate_debtor=line.ultimate_debtor[:200],
        account_problem=account_problem(line.counterparty_account),
        title=line.title,
        bank_reference=line.bank_reference[:80],
        virtual_account=digits(line.virtual_account)[:34],
        virtual_account_problem=credited_account_problem(line.virtual_account),
        transaction_code=line.transaction_code[:10],
        raw=line.raw,
        status=reversals.initial_status(line.credit, line.reversal),
    )


def _row(line: StatementLine) -> Row:
    date = connection.ops.adapt_datefield_value
    return Row(
        line.key,
        line.line_number,
        date(line.booking_date),
        date(line.value_date),
        to_grosze(line.amount),
        line.credit,
        line.counterparty_name,
        line.counterparty_address,
        line.counterparty_account,
        line.ultimate_debtor,
        line.account_problem,
        line.title,
        line.bank_reference,
        line.virtual_account,
        line.virtual_account_problem,
        line.transaction_code,
        line.raw,
        str(line.status),
        str(line.match),
        line.ledger_id,
        None,
        line.reason,
        line.booking_date,
    )


def _refuse_closed(staged: StagedStatement, dates) -> None:
    """No payment is booked today into a closed period, nor dated in one."""
    if not dates:
        return
    try:
        closing.refuse_closed([clock.today(), *set(dates)])
    except ValidationError as error:
        raise StatementError(" ".join(error.messages), staged.source) from None


# --- the second pass: one short transaction a statement ---------------------


def _write_statement(read: ReadStatement, user, upload, result, keep: bool) -> None:
    """Write one read statement, all of it or none: its row, its new lines,
    the payments of the matched ones with their balances and the audit
    events; then allocate the ledgers it paid."""
    with transaction.atomic():
        _serialize_imports()
        earlier = _earlier_statement(read.staged)
        new_before = result.new_lines
        statement = _statement_row(read.staged, user, upload)
        name = f"statement {statement.number} of {statement.source}"[:140]
        result.already_imported += read.known
        statement.lines_known = read.known
        paid: set[int] = set()
        since = None  # the earliest payment's date: allocation starts there
        for _batch in range(read.batches):
            # Our own spill file, written by the first pass of this process.
            rows = _still_new(pickle.load(read.spill), result, statement)  # noqa: S301  # nosec B301
            # The cursor writes go around the audit's signals: an event for
            # the lines of each batch, and one for its payments (post_entries).
            record_bulk(StatementLine, len(rows), f"{name}: lines", [statement.pk])
            rows = _book_all(rows, result, name, read.staged.source)
            rows = book_refund_debits(rows)  # debits that pay sent refunds
            booked = [row for row in rows if row.entry_id]
            paid.update(row.ledger_id for row in booked)
            since = min(
                [row.booked_on for row in booked] + ([since] if since else []), default=None
            )
            _insert_lines(statement.pk, rows)
            if keep:
                result.lines.extend(_kept(statement, row) for row in rows)
        since = _book_reversals(statement, result, paid, since)
        if earlier is not None and result.new_lines == new_before:
            # The statement came in before and brings no new line: recognised,
            # and its row (and the audit of its empty batches) rolled back.
            transaction.set_rollback(True)
            result.known_statements.append(earlier)
            return
        if statement.lines_known:
            statement.save(update_fields=["lines_known"])
        result.statements += 1
        result.skipped.extend((read.staged.source, *skip) for skip in read.staged.skipped)
    _allocate(paid, since)


def _book_reversals(statement, result: ImportResult, paid: set[int], since):
    """Book the statement's reversals whose payments can be told, now that
    its lines and payments are written (a payment and its reversal may come
    in one file); the day allocation starts from, moved back to the
    reversed payments' days, so the charges they paid are paid again."""
    booked, waiting = reversals.book_identified(statement)
    result.reversals_booked += len(booked)
    result.reversals_waiting += waiting
    by_key = {line.key: line for line in booked}
    for kept in result.lines:
        if kept.key in by_key:  # the preview shows what the import would do
            line = by_key[kept.key]
            kept.status, kept.ledger_id, kept.match = line.status, line.ledger_id, line.match
    for line in booked:
        paid.add(line.ledger_id)
        day = line.entry.counterpart.operation_date
        since = min(day, since) if since else day
    return since


def _earlier_statement(staged: StagedStatement) -> Statement | None:
    """The statement imported before with this one's account, number and date."""
    return (
        Statement.objects.filter(
            account=digits(staged.account), number=staged.number, date=staged.date
        )
        .order_by("pk")
        .first()
    )


def _allocate(ledger_ids: set[int], since: datetime.date | None) -> None:
    """Allocate the paid ledgers once the statement is written: once per
    statement, not per payment, so a ledger paid twice is allocated once;
    from the statement's earliest payment on, so an import costs its own
    lines and the open items, not the ledgers' history; a batch of ledgers a
    transaction, so the statement's own transaction only inserts.
    Allocations are derived from the entries (docs/ledger.md), never money:
    should the process end between the two, `iok allocate` (or the ledger's
    next posting) computes them again."""
    for ledgers in _batches(sorted(ledger_ids), BATCH):
        with transaction.atomic():
            reallocate(ledgers, since)


def _statement_row(staged: StagedStatement, user, upload) -> Statement:
    return Statement.objects.create(
        account=digits(staged.account),
        number=staged.number,
        currency=staged.currency,
        date=staged.date,
        opening_balance=staged.opening_balance,
        closing_balance=staged.closing_balance,
        format=staged.format,
        source=staged.source[:255],
        imported_by=user,
        upload=upload,
    )


def _still_new(rows: list[Row], result: ImportResult, statement: Statement) -> list[Row]:
    """The rows whose keys are still not in the database, now that it is
    locked: an earlier batch, statement or a concurrent import may have
    written some since the first pass looked."""
    known = _known_keys([(row.key, row.credit) for row in rows])
    new = []
    for row in rows:
        if row.key in known:
            result.already_imported += 1
            statement.lines_known += 1
            continue
        known.add(row.key)
        new.append(row)
        result.new_lines += 1
        result.flagged_accounts += bool(row.account_problem or row.virtual_account_problem)
        result.debits += row.status == Status.DEBIT
        result.debit_reversals += row.status == Status.DEBIT_REVERSAL
        result.unmatched += row.status == Status.UNMATCHED and row.ledger_id is None
    return new


def _book_all(rows: list[Row], result: ImportResult, name: str, source: str) -> list[Row]:
    """Book the matched rows' payments through the batch door
    (`bulk.post_entries`: ledgers locked, entries inserted, each balance moved
    by its payments, an audit event); the rows, the booked ones with their
    entry ids. The same entries as `book` writes one by one. A closed period
    (checked again by post_entries, now under the lock: the first pass
    refused what was closed then) refuses the statement, naming the file."""
    matched = [row for row in rows if row.ledger_id is not None]
    entries = []
    for row in matched:
        payment = _payment(row)
        entries.append(
            NewEntry(
                ledger_id=row.ledger_id,
                kind=payment["kind"].value,
                operation_date=row.booked_on,
                period=payment["period"],
                title=payment["title"],
                amount=row.amount,
                document=payment["document"],
            )
        )
        result.booked += 1
        result.booked_total += from_grosze(row.amount)
    try:
        entry_ids = iter(post_entries(entries, description=f"{name}: payments"))
    except ValidationError as error:
        raise StatementError(" ".join(error.messages), source) from None
    return [
        row._replace(entry_id=next(entry_ids), status=str(Status.BOOKED))
        if row.ledger_id is not None
        else row
        for row in rows
    ]


LINE_COLUMNS = (
    "statement_id, key, line_number, booking_date, value_date, amount, credit,"
    " counterparty_name, counterparty_address, counterparty_account, ultimate_debtor,"
    " account_problem, title,"
    " bank_reference, virtual_account, virtual_account_problem, transaction_code, raw, status,"
    " match, ledger_id, entry_id, reason"
)


def _insert_lines(statement_id: int, rows: list[Row]) -> None:
    """The staged lines, through the cursor (iok/ledger/bulk.py): the ORM's
    bulk_create prepares each value of each row in Python, most of an
    import's time."""
    with connection.cursor() as cursor:
        insert_rows(
            cursor, StatementLine, LINE_COLUMNS, [(statement_id, *row[:-1]) for row in rows]
        )


def _kept(statement: Statement, row: Row) -> StatementLine:
    """A written row as a StatementLine, for the preview of a dry run."""
    fields = row._asdict()
    fields.pop("booked_on")
    fields.update(
        booking_date=row.booked_on,
        value_date=datetime.date.fromisoformat(str(row.value_date)),
        amount=from_grosze(row.amount),
    )
    return StatementLine(statement=statement, **fields)


def _payment(line: StatementLine | Row) -> dict:
    """The payment entry's fields for a matched statement line (or its row)."""
    booked_on = line.booked_on if isinstance(line, Row) else line.booking_date
    return {
        "kind": Entry.Kind.PAYMENT,
        "title": (line.title or line.counterparty_name or _("payment"))[:200],
        "amount": line.amount,
        "operation_date": booked_on,
        "period": str(Period.of(booked_on)),
        "document": (line.bank_reference or line.key)[:60],
    }


def book(line: StatementLine, *, allocate: bool = True):
    """The payment entry of one matched line (a clerk's assignment), in its
    ledger, allocated to the charges it pays."""
    fields = _payment(line)
    fields.pop("period")
    entry = post_entry(line.ledger, fields.pop("kind"), **fields)
    if allocate:
        reallocate([line.ledger_id], entry.operation_date)
    return entry


def account_problem(account: str) -> str:
    """Why the counterparty's account number is not a valid one, or "" if it is."""
    if not compact(account) or is_valid(account):
        return ""
    return _("%s is not a valid account number (check digits)") % account


def credited_account_problem(account: str) -> str:
    """Why the credited (virtual) account number cannot be one, or "" if it can.

    Banks give it whole (an NRB: 26 digits, check digits tested as for the
    payer's), as the 16 digits after the settlement number, or as the ledger
    identifier alone (mBank's IPH payer id): any other length is flagged."""
    number = digits(account)
    if not number:
        return ""
    partial = {16, settings.IOK_VIRTUAL_ID_DIGITS}
    if number.isdigit() and len(number) in partial:
        return ""
    if number.isdigit() and len(number) != 26:
        return _(
            "%(account)s has %(count)d digits: an account number has 26"
            " (or %(part)d or %(id)d digits of its end, as some banks give it)"
        ) % {
            "account": account,
            "count": len(number),
            "part": 16,
            "id": settings.IOK_VIRTUAL_ID_DIGITS,
        }
    return account_problem(account)
