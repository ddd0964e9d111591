"""Import: staged statements in, every new credit matched and booked at once,
all in one transaction per file. A file that fails a check books nothing."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _
from stdnum import iban

from iok.ledger.allocation import allocate_ledger, allocate_ledgers
from iok.ledger.posting import post_entry
from iok.payments.keys import digits, line_keys
from iok.payments.matching import match
from iok.payments.models import Statement, StatementLine
from iok.payments.staged import StagedLine, StagedStatement, StatementError

Status = StatementLine.Status


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


def check(statement: StagedStatement) -> None:
    """The checks a statement passes before anything of it is booked."""
    where = f"{statement.source} ({_('statement')} {statement.number})"
    if statement.currency != "PLN":
        raise StatementError(_("the currency is %s, not PLN") % statement.currency, where)
    if not statement.balances_agree():
        raise StatementError(
            _("opening balance %(opening)s + lines %(lines)s ≠ closing balance %(closing)s")
            % {
                "opening": statement.opening_balance,
                "lines": statement.movement(),
                "closing": statement.closing_balance,
            },
            where,
        )
    if digits(statement.account) not in settings.IOK_COLLECTION_ACCOUNTS:
        raise StatementError(
            _(
                "account %s is not one of the company's collection accounts "
                "(IOK_COLLECTION_ACCOUNTS)"
            )
            % statement.account,
            where,
        )


def import_statements(
    statements: list[StagedStatement], *, user=None, dry_run: bool = False
) -> ImportResult:
    """Stage every line not seen before and book the credits that match.

    With `dry_run` the work is done and then rolled back: the result says
    what would happen."""
    for statement in statements:
        check(statement)
    result = ImportResult()
    with transaction.atomic():
        _serialize_imports()
        for statement in statements:
            _import(statement, user, result)
        # Once per import, not per payment: a ledger paid twice in one file is
        # allocated once, from all its entries (allocations are derived data).
        allocate_ledgers(sorted({line.ledger_id for line in result.lines if line.entry_id}))
        if dry_run:
            transaction.set_rollback(True)
    return result


def _serialize_imports() -> None:
    # Two imports of overlapping files at the same moment must not both find a
    # line new. SQLite's IMMEDIATE transactions already queue writers; on
    # PostgreSQL the second import waits here for the first to commit.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {StatementLine._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")


def _import(staged: StagedStatement, user, result: ImportResult) -> None:
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
    )
    result.statements += 1
    keys = line_keys(staged)
    known = set(StatementLine.objects.filter(key__in=keys).values_list("key", flat=True))
    for key, line in zip(keys, staged.lines, strict=True):
        if key in known:
            result.already_imported += 1
            continue
        known.add(key)
        result.lines.append(_stage_and_book(statement, key, line, result))


def _stage_and_book(statement, key, line: StagedLine, result) -> StatementLine:
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
        transaction_code=line.transaction_code[:10],
        raw=line.raw,
        status=Status.DEBIT if not line.credit else Status.UNMATCHED,
    )
    result.new_lines += 1
    result.flagged_accounts += bool(staged.account_problem)
    if staged.credit:
        staged.ledger, staged.match = match(staged)
    if staged.ledger is not None:
        staged.entry = book(staged, allocate=False)
        staged.status = Status.BOOKED
        result.booked += 1
        result.booked_total += staged.amount
    elif staged.credit:
        result.unmatched += 1
    else:
        result.debits += 1
    staged.save()
    return staged


def book(line: StatementLine, *, allocate: bool = True):
    """The payment entry of a matched line, in its ledger, allocated to the
    charges it pays (unless the caller allocates many ledgers at once later)."""
    entry = post_entry(
        line.ledger,
        "payment",
        title=(line.title or line.counterparty_name or _("payment"))[:200],
        amount=line.amount,
        operation_date=line.booking_date,
        document=(line.bank_reference or line.key)[:60],
    )
    if allocate:
        allocate_ledger(line.ledger)
    return entry


def account_problem(account: str) -> str:
    """Why the counterparty's account number is not a valid one, or "" if it is."""
    number = "".join(account.split()).upper()
    if not number:
        return ""
    candidate = number if number[:2].isalpha() else "PL" + number
    if iban.is_valid(candidate):
        return ""
    return _("%s is not a valid account number (check digits)") % account
