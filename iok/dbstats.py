"""The query planner's statistics, kept fresh on SQLite.

SQLite plans a query from the statistics `ANALYZE` leaves in `sqlite_stat1`;
without them it guesses, and a page that should read one ledger's rows can
walk a table of the whole town. SQLite gathers nothing by itself, so IOK
refreshes them where the tables change most: after `iok migrate` (every
deployment), after a month's billing and after a statement's import.
PostgreSQL needs none of this: autovacuum runs ANALYZE on a table as it
changes."""

from django.db import DEFAULT_DB_ALIAS, connections


def analyze(using: str = DEFAULT_DB_ALIAS) -> None:
    """SQLite: gather the statistics of every table (after migrating, when a
    table may have been rebuilt or a new index made). PostgreSQL: nothing."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def optimize(*models, using: str = DEFAULT_DB_ALIAS) -> None:
    """SQLite, after a large write into the tables of `models`: `PRAGMA
    optimize`, which analyses again the tables this connection has queried
    whose statistics are missing or have fallen far behind their size (SQLite
    decides, cheaply; most calls do nothing), and then ANALYZE of any of
    `models`' tables that has no statistics at all yet (once: a table gets
    its first statistics as soon as it has rows). PostgreSQL: nothing,
    autovacuum does it."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize")
        analysed = _analysed_tables(cursor)
        for table in [model._meta.db_table for model in models]:
            if table not in analysed:
                # The name comes from the model's Meta, quoted.
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _analysed_tables(cursor) -> set[str]:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    if not cursor.fetchone():
        return set()
    cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
    return {table for (table,) in cursor.fetchall()}
