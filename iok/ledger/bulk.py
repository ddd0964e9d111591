"""Writing many rows at once, through the cursor; `post_entries`, the batch
door into the books.

There are exactly two doors through which an entry enters a ledger and its
balance moves: `posting.post_entry` for one entry (a correction, a clerk's
assignment, a settlement), through the ORM, and `post_entries` here for many
at once (billing's month of charges, a statement's payments), through the
cursor, because the ORM prepares each value of each row in Python and would
make a month's billing or a day's statement many times slower. Both check
the closed period, lock the ledgers, insert the entries before they move the
balances (the database's balance guard demands that order) and leave an
audit event.

(S608: the table and column names come from model Meta and code, never from
input; every value is a bound parameter.) Every value handed in is already
what the database stores (grosze, thousandths, adapted dates), so the rows
go to the driver as they are."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from iok import clock
from iok.audit.recording import record_bulk
from iok.ledger import closing
from iok.ledger.models import Entry, EntryLine, Ledger


@dataclass(frozen=True, slots=True)
class NewEntry:
    """One entry for `post_entries`, in the units the database stores."""

    ledger_id: int
    kind: str
    operation_date: datetime.date
    period: str  # "2026-11"
    title: str
    amount: int  # grosze, with the sign it gives the balance
    document: str = ""
    due_date: datetime.date | None = None
    # (component_id, amount, quantity, unit_price, vat_rate, vat), adding up to `amount`
    lines: tuple[tuple, ...] = ()


ENTRY_COLUMNS = (
    "ledger_id, kind, booking_date, operation_date, due_date, period, title, amount,"
    " document, created"
)
LINE_COLUMNS = "entry_id, component_id, amount, quantity, unit_price, vat_rate, vat"


def post_entries(
    entries: list[NewEntry], *, description: str, booked_on: datetime.date | None = None
) -> list[int]:
    """Book many entries at once and move each ledger's balance by their sum;
    the new entries' ids, in the order given. The batch twin of `post_entry`:
    the dates refused inside a closed period (ValidationError), the ledgers
    locked in id order (as allocation locks them, so two writers never wait
    on each other crosswise), and one audit event, `description`, naming the
    ledgers. Call it inside the caller's transaction: the entries, balances
    and event then exist together or not at all."""
    if not entries:
        return []
    booked_on = booked_on or clock.today()
    closing.refuse_closed([booked_on, min(entry.operation_date for entry in entries)])
    ledger_ids = sorted({entry.ledger_id for entry in entries})
    if connection.features.has_select_for_update:
        # SQLite has no row locks: its write lock, taken at BEGIN, already
        # holds every other writer off (and a list of 20,000 ids would only
        # cost a query).
        locked = Ledger.objects.select_for_update().filter(pk__in=ledger_ids).order_by("pk")
        list(locked.values_list("pk"))
    ops = connection.ops
    date = ops.adapt_datefield_value
    booked, now = date(booked_on), ops.adapt_datetimefield_value(clock.now())
    rows = [
        (
            entry.ledger_id,
            entry.kind,
            booked,
            date(entry.operation_date),
            date(entry.due_date),
            entry.period,
            entry.title,
            entry.amount,
            entry.document,
            now,
        )
        for entry in entries
    ]
    moved: dict[int, int] = defaultdict(int)
    for entry in entries:
        moved[entry.ledger_id] += entry.amount
    with connection.cursor() as cursor:
        ids = insert_returning_ids(cursor, Entry, ENTRY_COLUMNS, rows)
        lines = [
            (entry_id, *line)
            for entry_id, entry in zip(ids, entries, strict=True)
            for line in entry.lines
        ]
        if lines:
            insert_rows(cursor, EntryLine, LINE_COLUMNS, lines)
        add_to_balances(cursor, list(moved), list(moved.values()))
    record_bulk(Ledger, len(entries), description, ledger_ids)
    return ids


def insert_rows(cursor, model, columns: str, rows: list[tuple]) -> None:
    """INSERT the rows, on PostgreSQL with COPY.

    Under Django, psycopg binds parameters on the client, so PostgreSQL would
    parse and plan each row of an executemany as a statement of its own (about
    70 µs a row: 8 s for a month's lines); COPY streams them in one command.
    It goes through psycopg's own cursor, as Django's wrapper has no `copy`,
    so it is not listed in `connection.queries`. SQLite runs one prepared
    statement for all the rows of an executemany, which is as fast as it gets."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns.split(",")))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from Meta  # nosec B608
        cursor.executemany(sql, rows)


def add_to_balances(cursor, ledger_ids: list[int], amounts: list[int]) -> None:
    """Add each amount (grosze) to its ledger's balance; on PostgreSQL in one
    statement, for the reason `insert_rows` gives. The caller holds the lock
    on every one of these ledger rows."""
    table = Ledger._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute(
            # The table name comes from the model's Meta; the values are bound.
            f"UPDATE {table} AS ledger SET balance = ledger.balance + added.amount"  # noqa: S608  # nosec B608
            " FROM unnest(%s::bigint[], %s::bigint[]) AS added (id, amount)"
            " WHERE ledger.id = added.id",
            [ledger_ids, amounts],
        )
    else:
        cursor.executemany(
            # The table name comes from the model's Meta; the values are bound.
            f"UPDATE {table} SET balance = balance + %s WHERE id = %s",  # noqa: S608  # nosec B608
            list(zip(amounts, ledger_ids, strict=True)),
        )


def insert_returning_ids(cursor, model, columns: str, rows: list[tuple]) -> list[int]:
    """INSERT the rows and return their new ids, in the order of `rows`.

    On PostgreSQL one INSERT … SELECT FROM unnest of one array a column: a
    statement of a few parameters, where psycopg would otherwise rewrite a
    query of thousands of placeholders in Python; it returns the rows in the
    order given, which Django's bulk_create relies on too. On SQLite one
    prepared `executemany`, the ids read from `sqlite_sequence` before and
    after: Django's primary keys there are AUTOINCREMENT, so each row takes
    the next number, and the transaction's write lock (IMMEDIATE, taken at
    BEGIN) keeps every other writer out in between. (A multi-row INSERT …
    RETURNING, compiled again for every chunk of a few hundred rows, made a
    month's billing a third slower.)"""
    if not rows:
        return []
    table = model._meta.db_table
    names = [name.strip() for name in columns.split(",")]
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{_column_type(model, name)}[]" for name in names)
        sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}) RETURNING id"  # noqa: S608  # nosec B608
        cursor.execute(sql, [list(column) for column in zip(*rows, strict=True)])
        return [row[0] for row in cursor.fetchall()]
    if not connection.in_atomic_block:
        raise RuntimeError("insert_returning_ids needs the caller's transaction on SQLite")
    before = _last_id(cursor, table)
    insert_rows(cursor, model, columns, rows)
    after = _last_id(cursor, table)
    if after - before != len(rows):
        raise RuntimeError(f"{table}: {len(rows)} rows inserted, ids moved by {after - before}")
    return list(range(before + 1, after + 1))


def _last_id(cursor, table: str) -> int:
    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
    found = cursor.fetchone()
    return found[0] if found else 0


def present(model, column: str, values) -> set:
    """Which of `values` the column holds, in a few statements however many
    they are: on PostgreSQL one `= ANY(array)`, on SQLite IN lists of 900
    (below its oldest limit of bound parameters)."""
    values = list(values)
    table = model._meta.db_table
    found: set = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            array = f"%s::{_column_type(model, column)}[]"
            sql = f"SELECT {column} FROM {table} WHERE {column} = ANY({array})"  # noqa: S608  # nosec B608
            cursor.execute(sql, [values])
            return {row[0] for row in cursor.fetchall()}
        for start in range(0, len(values), 900):
            chunk = values[start : start + 900]
            marks = ", ".join(["%s"] * len(chunk))
            sql = f"SELECT {column} FROM {table} WHERE {column} IN ({marks})"  # noqa: S608  # nosec B608
            cursor.execute(sql, chunk)
            found.update(row[0] for row in cursor.fetchall())
    return found


def _column_type(model, column: str) -> str:
    field = next(f for f in model._meta.concrete_fields if f.column == column)
    return field.db_type(connection) if not field.is_relation else "bigint"
