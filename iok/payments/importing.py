"""Import: staged statements in, every new credit matched and booked at once,
all in one transaction per file. A file that fails a check books nothing."""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from iok import clock
from iok.audit.recording import record_bulk
from iok.ledger import closing
from iok.ledger.allocation import allocate_ledger, allocate_ledgers
from iok.ledger.bulk import add_to_balances, insert_returning_ids, insert_rows, present
from iok.ledger.models import Entry, Ledger
from iok.ledger.money import to_grosze
from iok.ledger.nrb import compact, is_valid
from iok.ledger.posting import post_entry
from iok.payments.keys import LineKeys, digits
from iok.payments.matching import Matcher
from iok.payments.models import Statement, StatementLine
from iok.payments.staged import StagedLine, StagedStatement, StatementError
from iok.periods import Period

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
    flagged_accounts: int = 0
    lines: list[StatementLine] = field(default_factory=list)


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

    `statements` may be a list or a generator of StagedStatements whose lines
    are read as they come: lines are staged and booked in batches, and a
    check that fails at the end of a statement (balances) rolls all of it
    back. With `dry_run` the work is done and then rolled back: the result
    says what would happen, with every new line in `result.lines` (kept only
    when asked, or for a dry run: a real import of a large file keeps none).
    `upload` is the office upload the statements came in, kept on each."""
    result = ImportResult()
    keep = dry_run if keep_lines is None else keep_lines
    paid: set[int] = set()
    with transaction.atomic():
        _serialize_imports()
        for statement in statements:
            check_before(statement)
            paid |= _import(statement, user, upload, result, keep)
            check_after(statement)
        # Once per import, not per payment: a ledger paid twice in one file is
        # allocated once, from all its entries (allocations are derived data);
        # a batch of ledgers at a time, so memory does not grow with the file.
        for ledgers in _batches(sorted(paid), BATCH):
            allocate_ledgers(ledgers)
        if dry_run:
            transaction.set_rollback(True)
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
    # PostgreSQL the second import waits here for the first to commit.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {StatementLine._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")


def _import(staged: StagedStatement, user, upload, result, keep: bool) -> set[int]:
    """Stage and book one statement's lines, a batch at a time; the ids of
    the ledgers paid."""
    statement = Statement.objects.create(
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
    result.statements += 1
    keys, matcher, paid = LineKeys(staged), Matcher(), set()
    staged_before, booked_before = result.new_lines, result.booked
    known_before = result.already_imported
    for batch in _batches(staged.lines, BATCH):
        lines = _new_lines(statement, [(keys.key(line), line) for line in batch], result)
        matcher.match_all(lines)
        paid |= _book_all(lines, result)
        _insert_lines(lines)
        if keep:
            result.lines.extend(lines)
    # The cursor writes go around the audit's signals: one event for each.
    name = f"statement {staged.number} of {staged.source}"[:150]
    record_bulk(StatementLine, result.new_lines - staged_before, f"{name}: lines", [statement.pk])
    record_bulk(Ledger, result.booked - booked_before, f"{name}: payments", sorted(paid))
    # A streamed statement knows its closing balance and date at its end.
    ended = (staged.closing_balance, staged.date)
    changed = (statement.closing_balance, statement.date) != ended
    statement.closing_balance, statement.date = ended
    statement.lines_known = result.already_imported - known_before
    if changed or statement.lines_known:
        statement.save(update_fields=["closing_balance", "date", "lines_known"])
    return paid


def _batches(items, size: int):
    # itertools.batched, which Python 3.11 lacks.
    items = iter(items)
    while batch := list(itertools.islice(items, size)):
        yield batch


def _new_lines(statement, keyed: list[tuple[str, StagedLine]], result) -> list[StatementLine]:
    known = present(StatementLine, "key", [key for key, _line in keyed])
    lines = []
    for key, line in keyed:
        if key in known:
            result.already_imported += 1
            continue
        known.add(key)
        lines.append(_staged_line(statement, key, line, result))
    return lines


def _staged_line(statement, key, line: StagedLine, result) -> StatementLine:
    staged = StatementLine(
        statement=statement,
        key=key,
        line_number=line.line_number,
        booking_date=line.booking_date,
        value_date=line.value_date,
        amount=line.amount,
        credit=line.credit,
        counterparty_name=line.counterparty_name[:200],
        counterparty_address=line.counterparty_address[:200],
        counterparty_account=digits(line.counterparty_account)[:34],
        account_problem=account_problem(line.counterparty_account),
        title=line.title,
        bank_reference=line.bank_reference[:80],
        virtual_account=digits(line.virtual_account)[:34],
        virtual_account_problem=credited_account_problem(line.virtual_account),
        transaction_code=line.transaction_code[:10],
        raw=line.raw,
        status=Status.DEBIT if not line.credit else Status.UNMATCHED,
    )
    result.new_lines += 1
    result.flagged_accounts += bool(staged.account_problem or staged.virtual_account_problem)
    result.debits += not line.credit
    return staged


def _book_all(lines: list[StatementLine], result: ImportResult) -> set[int]:
    """Book the matched lines' payments at once: lock their ledgers, insert
    the entries, move each balance by its payments. The same rows as `book`
    writes one by one, in a fixed number of queries per batch."""
    matched = [line for line in lines if line.ledger_id is not None]
    result.unmatched += sum(1 for line in lines if line.credit and line.ledger_id is None)
    if not matched:
        return set()
    today = clock.today()
    try:
        closing.refuse_closed([today, *{line.booking_date for line in matched}])
    except ValidationError as error:
        raise StatementError(" ".join(error.messages), matched[0].statement.source) from None
    ids = sorted({line.ledger_id for line in matched})
    # In id order, as allocation locks them: two imports never wait on each other crosswise.
    list(Ledger.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    ops = connection.ops
    booked, now = ops.adapt_datefield_value(today), clock.now()
    rows = []
    moved: dict[int, int] = defaultdict(int)
    for line in matched:
        payment = _payment(line)
        grosze = to_grosze(line.amount)
        rows.append(
            (
                line.ledger_id,
                payment["kind"].value,
                booked,
                ops.adapt_datefield_value(line.booking_date),
                payment["period"],
                payment["title"],
                grosze,
                payment["document"],
                ops.adapt_datetimefield_value(now),
            )
        )
        moved[line.ledger_id] += grosze
        result.booked += 1
        result.booked_total += line.amount
    with connection.cursor() as cursor:
        entry_ids = insert_returning_ids(cursor, Entry, ENTRY_COLUMNS, rows)
        add_to_balances(cursor, list(moved), list(moved.values()))
    for line, entry_id in zip(matched, entry_ids, strict=True):
        line.entry_id, line.status = entry_id, Status.BOOKED
    return set(ids)


ENTRY_COLUMNS = (
    "ledger_id, kind, booking_date, operation_date, period, title, amount, document, created"
)
LINE_COLUMNS = (
    "statement_id, key, line_number, booking_date, value_date, amount, credit,"
    " counterparty_name, counterparty_address, counterparty_account, account_problem, title,"
    " bank_reference, virtual_account, virtual_account_problem, transaction_code, raw, status,"
    " match, ledger_id, entry_id, reason"
)


def _insert_lines(lines: list[StatementLine]) -> None:
    """The staged lines, through the cursor (iok/ledger/bulk.py): the ORM's
    bulk_create prepares each value of each row in Python, most of an
    import's time."""
    date = connection.ops.adapt_datefield_value
    rows = [
        (
            line.statement_id,
            line.key,
            line.line_number,
            date(line.booking_date),
            date(line.value_date),
            to_grosze(line.amount),
            line.credit,
            line.counterparty_name,
            line.counterparty_address,
            line.counterparty_account,
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
            line.entry_id,
            line.reason,
        )
        for line in lines
    ]
    with connection.cursor() as cursor:
        insert_rows(cursor, StatementLine, LINE_COLUMNS, rows)


def _payment(line: StatementLine) -> dict:
    """The payment entry's fields for a matched statement line."""
    return {
        "kind": Entry.Kind.PAYMENT,
        "title": (line.title or line.counterparty_name or _("payment"))[:200],
        "amount": line.amount,
        "operation_date": line.booking_date,
        "period": str(Period.of(line.booking_date)),
        "document": (line.bank_reference or line.key)[:60],
    }


def book(line: StatementLine, *, allocate: bool = True):
    """The payment entry of one matched line (a clerk's assignment), in its
    ledger, allocated to the charges it pays."""
    fields = _payment(line)
    fields.pop("period")
    entry = post_entry(line.ledger, fields.pop("kind"), **fields)
    if allocate:
        allocate_ledger(line.ledger)
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
