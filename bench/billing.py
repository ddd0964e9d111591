"""Billing benchmark: `bill_month` for 20,000 contracts × 6 components against
inserting the same rows with the plain database driver, both timed in one run.

    make bench                                              # SQLite
    .venv/bin/python bench/billing.py --memory              # only the peak memory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench   # PostgreSQL

It never touches existing data: on SQLite it works in a temporary file, on
PostgreSQL it creates the database `iok_bench` next to the one DATABASE_URL
names and drops it at the end. Billing and the raw inserts are timed in
alternating rounds and the best time of each counts; the ratio billing / raw
insert is the result (the target is 10×). Nothing here asserts on timing; a
billing that books the wrong rows stops the script.

See docs/benchmarks.md for what is measured and the recorded results."""

import datetime
import os
import platform
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from throwaway import throwaway_django  # bench/ is on sys.path when run as a script

CONTRACTS = 20_000
PREMISES_PER_BUILDING = 40
# The machine's speed drifts from minute to minute when others work on it, so
# billing and the raw inserts are timed in alternation, ROUNDS times, and the
# best of each counts. Each round gives the raw inserts RAW_PER_ROUND tries:
# that can only lower their best and so make the ratio stricter. Django's
# bulk_create is context only, and slow.
ROUNDS = 5
RAW_PER_ROUND = 2
ORM_RUNS = 2
SEED = 2026
BENCH_DATABASE = "iok_bench"

# code, basis, property kind, amount: one rate per component of migration 0003.
RATES = [
    ("rent", "property", "usable_area", "8.47"),
    ("cold_water", "property", "persons", "41.30"),
    ("sewage", "property", "persons", "33.15"),
    ("hot_water", "property", "persons", "27.90"),
    ("heating", "property", "heated_area", "4.13"),
    ("waste", "premises", None, "35.00"),
]


# The memory of billing, for towns of these sizes, each in a process of its own.
MEMORY_SIZES = (20_000, 100_000)


def main() -> None:
    if "--memory-of" in sys.argv:  # one size, in a child process of `memory()`
        global CONTRACTS
        CONTRACTS = int(sys.argv[sys.argv.index("--memory-of") + 1])
        with throwaway_django(BENCH_DATABASE, "iok-bench-"):
            measure_memory()
        return
    if "--memory" not in sys.argv:
        with throwaway_django(BENCH_DATABASE, "iok-bench-") as workdir:
            run(workdir)
        print()
    memory()


# --- memory ----------------------------------------------------------------


def memory() -> None:
    """Billing's peak memory for each town size, each in a fresh process."""
    import subprocess  # nosec B404
    # The script runs itself, with a number: no shell, no outside input.

    print("Peak memory of one bill_month (tracemalloc: Python's allocations during the run):")
    for size in MEMORY_SIZES:
        subprocess.run(  # noqa: S603  # nosec B603
            [sys.executable, __file__, "--memory-of", str(size)], check=True
        )


def measure_memory() -> None:
    """Build a town of CONTRACTS, bill it once under tracemalloc, print the peak."""
    import gc
    import resource
    import tracemalloc

    from django.core.management import call_command

    from iok.periods import Period

    call_command("migrate", verbosity=0)
    build_town(random.Random(SEED))
    analyze()
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    result = bill_month_once(Period(2026, 11))
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    verify(result)
    print(
        f"  {CONTRACTS:>7,} contracts: peak {peak / 2**20:6.1f} MB "
        f"(process peak RSS {after / 1024:6.1f} MB, {max(after - before, 0) / 1024:6.1f} MB "
        f"above the town's; {seconds:.1f} s under tracemalloc)",
        flush=True,
    )


def bill_month_once(period):
    from iok.ledger.billing import bill_month

    return bill_month(period)


# --- the run ---------------------------------------------------------------


def run(workdir: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    from iok.periods import Period

    call_command("migrate", verbosity=0)
    period = Period(2026, 11)
    started = time.perf_counter()
    build_town(random.Random(SEED))
    analyze()
    print(machine_line(connection))
    print(
        f"{CONTRACTS:,} contracts × {len(RATES)} components, month {period}; "
        f"town built in {time.perf_counter() - started:.1f} s; best of {ROUNDS} rounds "
        f"(billing once, each raw insert {RAW_PER_ROUND}×), bulk_create best of {ORM_RUNS}\n"
    )
    baselines, rounds = measure_rounds(period, workdir, connection.vendor)
    print(
        f"checked after each billing: {CONTRACTS:,} entries, {CONTRACTS * len(RATES):,} lines, "
        "every balance equal to the sum of its entries\n"
    )
    orm_entries, orm_lines = orm_rows()
    orm = best_of(lambda: orm_insert(orm_entries, orm_lines), prepare=reset, repeat=ORM_RUNS)
    report(baselines, rounds, orm)


@dataclass
class Baseline:
    label: str
    prepare: Callable
    measure: Callable
    ratio: str = ""  # the name in "ratio bill_month / ...", if it makes one


def measure_rounds(period, workdir: str, vendor: str) -> tuple[list[Baseline], list[list]]:
    """ROUNDS times: billing once, then each raw insert; [[billing, raw, ...], ...]."""
    from iok.ledger.billing import bill_month

    baselines, rounds = [], []
    for _ in range(ROUNDS):
        billing = best_of(lambda: bill_month(period), prepare=reset, check=verify)
        baselines = baselines or raw_baselines(workdir, *booked_rows(), vendor)
        raw = [best_of(b.measure, b.prepare, repeat=RAW_PER_ROUND) for b in baselines]
        rounds.append([billing, *raw])
    return baselines, rounds


def raw_baselines(workdir: str, entries, lines, vendor: str) -> list[Baseline]:
    """Each plain-driver insert of the rows billing booked."""
    sqlite = RawSqlite(workdir, entries, lines)
    baselines = [Baseline("raw sqlite3 executemany", sqlite.prepare, sqlite.insert, "raw sqlite3")]
    if vendor == "postgresql":
        pg = RawPsycopg(entries, lines)
        baselines += [
            Baseline("raw psycopg executemany (temp tables)", pg.prepare, pg.insert, "raw psycopg"),
            Baseline("raw psycopg COPY (temp tables), context", pg.prepare, pg.copy),
        ]
    return baselines


def report(baselines: list[Baseline], rounds: list[list], orm: float) -> None:
    best = [min(column) for column in zip(*rounds, strict=True)]
    rows = [("bill_month", best[0])]
    rows += [(b.label, seconds) for b, seconds in zip(baselines, best[1:], strict=True)]
    rows += [("Django bulk_create, context", orm)]
    for label, seconds in rows:
        print(f"  {label:<44} {seconds:7.3f} s")
    print()
    for column, baseline in enumerate(baselines, start=1):
        if baseline.ratio:
            each = sorted(r[0] / r[column] for r in rounds)
            print(
                f"  {'ratio bill_month / ' + baseline.ratio:<44} {best[0] / best[column]:6.1f}×"
                f"   (round by round {each[0]:.1f}× to {each[-1]:.1f}×)"
            )


def machine_line(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            database = f"SQLite {sqlite3.sqlite_version}"
    return (
        f"IOK billing benchmark on {database}; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )


def best_of(measure, prepare=None, check=None, repeat=1) -> float:
    """The shortest of `repeat` timings of `measure`; `prepare` runs before each
    and `check` with its result after each, both untimed."""
    best = float("inf")
    for _ in range(repeat):
        if prepare:
            prepare()
        started = time.perf_counter()
        outcome = measure()
        best = min(best, time.perf_counter() - started)
        if check:
            check(outcome)
    return best


# --- the town --------------------------------------------------------------


def build_town(rng: random.Random) -> None:
    """Buildings, premises with areas, contracts with persons, ledgers and rates."""
    from iok.registry.models import Building, Premises

    buildings = Building.objects.bulk_create(
        Building(street="ul. Benchmarkowa", number=str(n), postal_code="15-001", city="Białystok")
        for n in range(1, CONTRACTS // PREMISES_PER_BUILDING + 1)
    )
    premises = Premises.objects.bulk_create(
        Premises(building=building, kind=_premises_kind(n), number=str(n))
        for building in buildings
        for n in range(1, PREMISES_PER_BUILDING + 1)
    )
    contracts = _contracts(rng, premises)
    _properties(rng, premises, contracts)
    _ledgers(contracts)
    _rates()


def _premises_kind(n: int) -> str:
    # Mostly flats; some commercial premises (VAT lines) and garages.
    return "commercial" if n % 20 == 0 else "garage" if n % 20 == 1 else "residential"


def _contracts(rng, premises):
    from iok.registry.models import Contract

    contracts = []
    for n, place in enumerate(premises, start=1):
        start = datetime.date(rng.randrange(1995, 2026), rng.randrange(1, 13), 1)
        end = None
        if n % 50 == 0:  # moves in during the month: pays for its days only
            start = datetime.date(2026, 11, rng.randrange(2, 31))
        elif n % 50 == 1:  # moves out during the month
            end = datetime.date(2026, 11, rng.randrange(1, 30))
        contracts.append(
            Contract(number=f"B/{n:06d}", kind="lease", premises=place, start=start, end=end)
        )
    return Contract.objects.bulk_create(contracts)


def _properties(rng, premises, contracts) -> None:
    """Areas of the premises and persons of the contracts, with some older and
    some future values that billing must pass over."""
    from iok.registry.models import PropertyKind, PropertyValue

    kinds = dict(PropertyKind.objects.values_list("code", "pk"))
    since, older, later = (datetime.date(year, 1, 1) for year in (2015, 2005, 2027))
    values = []

    def add(kind, valid_from, value, **subject):
        values.append(
            PropertyValue(kind_id=kinds[kind], valid_from=valid_from, value=value, **subject)
        )

    for n, place in enumerate(premises):
        area = Decimal(rng.randrange(1800, 12000)).scaleb(-2)
        add("usable_area", since, area, premises=place)
        add("heated_area", since, area - Decimal(rng.randrange(0, 500)).scaleb(-2), premises=place)
        if n % 10 == 0:
            add("usable_area", older, area + 7, premises=place)
        if n % 10 == 5:
            add("usable_area", later, area + 3, premises=place)
    for contract in contracts:
        # From the first of the month the contract starts in, because billing
        # reads the properties valid on the first day of the month it charges.
        add("persons", contract.start.replace(day=1), rng.randrange(1, 6), contract=contract)
    PropertyValue.objects.bulk_create(values, batch_size=5000)


def _ledgers(contracts) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from iok.ledger.models import Ledger
    from iok.ledger.virtual_account import virtual_account_for

    # Ids are given so that the virtual account number can be made from them.
    Ledger.objects.bulk_create(
        (
            Ledger(pk=n, contract=contract, virtual_account=virtual_account_for(n))
            for n, contract in enumerate(contracts, start=1)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Ledger]):
            cursor.execute(sql)


def _rates() -> None:
    from iok.ledger.models import Component, Rate
    from iok.registry.models import PropertyKind

    components = dict(Component.objects.values_list("code", "pk"))
    kinds = dict(PropertyKind.objects.values_list("code", "pk"))
    if len(components) != len(RATES):
        sys.exit(
            f"Expected the {len(RATES)} components of migration 0003, found {len(components)}."
        )
    Rate.objects.bulk_create(
        Rate(
            component_id=components[code],
            basis=basis,
            property_kind_id=kinds[kind] if kind else None,
            amount=Decimal(amount),
            valid_from=datetime.date(2026, 1, 1),
        )
        for code, basis, kind, amount in RATES
    )


def analyze() -> None:
    """Fresh planner statistics on PostgreSQL, as autovacuum would have made."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- billing and its check -------------------------------------------------


def verify(result) -> None:
    """Stop the run unless billing booked one entry and six lines per contract
    and every balance agrees with its entries."""
    from iok.ledger.integrity import balance_differences, entries_not_matching_lines
    from iok.ledger.models import Entry, EntryLine

    entries, lines = Entry.objects.count(), EntryLine.objects.count()
    problems = []
    if (result.charged, entries, lines) != (CONTRACTS, CONTRACTS, CONTRACTS * len(RATES)):
        problems.append(f"charged {result.charged}, {entries} entries, {lines} lines")
    if result.warnings:
        problems.append(f"{len(result.warnings)} warnings, first: {result.warnings[0]}")
    if balance_differences():
        problems.append("stored balances differ from the sums of entries")
    if entries_not_matching_lines():
        problems.append("entries that differ from the sums of their lines")
    if problems:
        sys.exit("Billing booked the wrong rows: " + "; ".join(problems))


def reset() -> None:
    """Remove every entry and zero the balances, below the append-only guard."""
    import importlib

    from django.db import connection, transaction

    triggers = importlib.import_module("iok.ledger.migrations.0002_append_only_triggers")
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # CASCADE: the tables that refer to entries (allocations, statement
            # lines, settlements) are empty in the benchmark's own database.
            cursor.execute("TRUNCATE ledger_entryline, ledger_entry CASCADE")
        else:
            for table in ("ledger_entryline", "ledger_entry"):
                cursor.execute(f"DROP TRIGGER {table}_no_DELETE")
                cursor.execute(f"DELETE FROM {table}")
                cursor.execute(triggers.SQLITE_CREATE.format(table=table, action="DELETE"))
        cursor.execute("UPDATE ledger_ledger SET balance = 0")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --- the baselines: the same rows through the plain driver and through the ORM


ENTRY_COLUMNS = (
    "id, ledger_id, kind, booking_date, operation_date, due_date, period, title, amount,"
    " document, created"
)
LINE_COLUMNS = "entry_id, component_id, amount, quantity, unit_price, vat_rate, vat"


def booked_rows() -> tuple[list[tuple], list[tuple]]:
    """The entries and lines billing booked, as stored (amounts in grosze)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {ENTRY_COLUMNS} FROM ledger_entry ORDER BY id")
        entries = cursor.fetchall()
        cursor.execute(f"SELECT {LINE_COLUMNS} FROM ledger_entryline ORDER BY id")
        lines = cursor.fetchall()
    return entries, lines


class RawSqlite:
    """executemany with the sqlite3 module into a fresh file with simple tables,
    the pragmas IOK uses (WAL, synchronous=NORMAL), one transaction."""

    SCHEMA = """
        CREATE TABLE ledger (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
        CREATE TABLE entry (id INTEGER PRIMARY KEY, ledger_id INTEGER NOT NULL REFERENCES ledger,
            kind TEXT NOT NULL, booking_date TEXT NOT NULL, operation_date TEXT NOT NULL,
            due_date TEXT, period TEXT NOT NULL, title TEXT NOT NULL, amount INTEGER NOT NULL,
            document TEXT NOT NULL, created TEXT NOT NULL);
        CREATE TABLE line (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL REFERENCES entry,
            component_id INTEGER NOT NULL, amount INTEGER NOT NULL, quantity INTEGER,
            unit_price INTEGER, vat_rate INTEGER, vat INTEGER NOT NULL);
    """

    def __init__(self, workdir, entries, lines):
        self.workdir, self.runs, self.db = workdir, 0, None
        self.entries = [tuple(map(_plain, row)) for row in entries]
        self.lines = lines
        self.ledgers = sorted({(row[1], 0) for row in entries})

    def prepare(self):
        if self.db:
            self.db.close()  # each run starts from a new, empty file
        self.runs += 1
        self.db = sqlite3.connect(f"{self.workdir}/raw-{self.runs}.sqlite3", isolation_level=None)
        self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + self.SCHEMA)
        self.db.executemany("INSERT INTO ledger VALUES (?, ?)", self.ledgers)

    def insert(self):
        self.db.execute("BEGIN IMMEDIATE")
        self.db.executemany(
            f"INSERT INTO entry ({ENTRY_COLUMNS}) VALUES ({_marks(11, '?')})", self.entries
        )
        self.db.executemany(
            f"INSERT INTO line ({LINE_COLUMNS}) VALUES ({_marks(7, '?')})", self.lines
        )
        self.db.execute("COMMIT")


class RawPsycopg:
    """executemany with psycopg (pipelined) into temporary tables, one transaction."""

    SCHEMA = """
        CREATE TEMPORARY TABLE entry (id bigint PRIMARY KEY, ledger_id bigint NOT NULL,
            kind varchar(10) NOT NULL, booking_date date NOT NULL, operation_date date NOT NULL,
            due_date date, period varchar(7) NOT NULL, title varchar(200) NOT NULL,
            amount bigint NOT NULL, document varchar(60) NOT NULL, created timestamptz NOT NULL);
        CREATE TEMPORARY TABLE line (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            entry_id bigint NOT NULL, component_id bigint NOT NULL, amount bigint NOT NULL,
            quantity bigint, unit_price bigint, vat_rate smallint, vat bigint NOT NULL);
    """

    def __init__(self, entries, lines):
        import psycopg

        self.entries, self.lines = entries, lines
        self.db = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)

    def prepare(self):
        self.db.execute("DROP TABLE IF EXISTS line, entry")
        self.db.execute(self.SCHEMA)

    def insert(self):
        with self.db.transaction(), self.db.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO entry ({ENTRY_COLUMNS}) VALUES ({_marks(11, '%s')})", self.entries
            )
            cursor.executemany(
                f"INSERT INTO line ({LINE_COLUMNS}) VALUES ({_marks(7, '%s')})", self.lines
            )

    def copy(self):
        """The same with COPY, the fastest way in, for context."""
        with self.db.transaction(), self.db.cursor() as cursor:
            for table, columns, rows in (
                ("entry", ENTRY_COLUMNS, self.entries),
                ("line", LINE_COLUMNS, self.lines),
            ):
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)


def _marks(count: int, mark: str) -> str:
    return ", ".join([mark] * count)


def _plain(value):
    """Dates as the text SQLite keeps them in; everything else as it is."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def orm_rows():
    from iok.ledger.models import Entry, EntryLine

    fields = [f.strip() for f in ENTRY_COLUMNS.split(",")]
    entries = list(Entry.objects.order_by("pk").values(*fields))
    lines = list(EntryLine.objects.order_by("pk").values(*LINE_COLUMNS.split(", ")))
    return entries, lines


def orm_insert(entries, lines) -> None:
    """The same rows as model instances through bulk_create, one transaction."""
    from django.db import transaction

    from iok.ledger.models import Entry, EntryLine

    with transaction.atomic():
        made = Entry.objects.bulk_create(
            Entry(**{k: v for k, v in row.items() if k != "id"}) for row in entries
        )
        new_id = {row["id"]: entry.pk for row, entry in zip(entries, made, strict=True)}
        EntryLine.objects.bulk_create(
            EntryLine(**{**row, "entry_id": new_id[row["entry_id"]]}) for row in lines
        )


if __name__ == "__main__":
    main()
