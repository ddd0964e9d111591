"""Raw SQL that tries to rewrite a row in place, as a console or a script
could: REPLACE on SQLite, INSERT ... ON CONFLICT DO UPDATE on both."""

import contextlib

from django.db import connection, transaction

SQLITE_ONLY = ("REPLACE INTO", "INSERT OR REPLACE INTO")


def columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE 1 = 0")
        return [column[0] for column in cursor.description]


def rewrite(verb: str, table: str, pk: int, column: str, value) -> None:
    """Write the row `pk` of `table` again, with `column` set to `value`:
    `verb` is one of SQLITE_ONLY, or "ON CONFLICT" for an upsert."""
    names = [connection.ops.quote_name(name) for name in columns(table)]
    column = connection.ops.quote_name(column)
    chosen = ", ".join("%s" if name == column else name for name in names)
    listed = ", ".join(names)
    head = "INSERT INTO" if verb == "ON CONFLICT" else verb
    sql = f"{head} {table} ({listed}) SELECT {chosen} FROM {table} WHERE id = %s"
    if verb == "ON CONFLICT":
        sql += f" ON CONFLICT (id) DO UPDATE SET {column} = excluded.{column}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [value, pk])


def verbs() -> list[str]:
    """The rewrites the database in use understands."""
    return [*SQLITE_ONLY, "ON CONFLICT"] if connection.vendor == "sqlite" else ["ON CONFLICT"]


@contextlib.contextmanager
def without_recursive_triggers():
    """As a connection opened outside the application (the sqlite3 shell);
    on again after, as the connection is the next test's too."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA recursive_triggers = ON")
