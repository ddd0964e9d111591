"""Writing many rows at once, through the cursor.

(S608: the table and column names come from model Meta and code, never from
input; every value is a bound parameter.)

This module is the one place where IOK writes ledger rows without the ORM
(billing's charges, the payments import's balances). Every value handed in is
already what the database stores (grosze, thousandths, adapted dates), so the
rows go to the driver as they are."""

from django.db import connection

from iok.ledger.models import Ledger


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

    Multi-row INSERT … RETURNING, in chunks that stay far below SQLite's
    limit of bound parameters. Both databases return the rows in the order of
    the VALUES, which Django's own bulk_create relies on too."""
    table = model._meta.db_table
    width = len(columns.split(","))
    row_marks = "(" + ", ".join(["%s"] * width) + ")"
    per_chunk = max(1, 4000 // width)
    ids: list[int] = []
    for start in range(0, len(rows), per_chunk):
        chunk = rows[start : start + per_chunk]
        values = ", ".join([row_marks] * len(chunk))
        sql = f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING id"  # noqa: S608  # nosec B608
        cursor.execute(sql, [value for row in chunk for value in row])
        ids.extend(row[0] for row in cursor.fetchall())
    return ids
