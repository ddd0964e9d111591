"""Statement import benchmark: a 50,000-line MT940 file for 20,000 ledgers,
imported (parse, match, book, allocate) against parsing it alone, in one run.

    .venv/bin/python bench/import.py                                  # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/import.py                              # PostgreSQL
    .venv/bin/python bench/import.py --lines 5000 --memory 1000,5000  # a quick try
    .venv/bin/python bench/import.py --history 0                      # empty ledgers only
    .venv/bin/python bench/import.py --history 6 --memory '' --profile /tmp/import
        # cProfile of each measured import: /tmp/import-fresh.prof, /tmp/import-history.prof

It never touches existing data: on SQLite it works in a temporary file, on
PostgreSQL it creates the database `iok_bench_import` next to the one
DATABASE_URL names and drops it at the end. The file is written here, in PKO
BP's dialect (`:86:` subfields, `~63 SWRK` naming the credited virtual
account), so its credits match by virtual account as real ones do. Each
ledger has been charged for the month, so allocation has charges to pay.

Printed: parsing alone (best of 3), the import once, their ratio (the target
is import within 4× of parsing), first into the benchmark's fresh ledgers, then
again, with a new file of the same size, after two years of the town's
statements (one a month, a payment per ledger, written by the same generator
and imported through the real import, each month charged first); then the
peak memory traced by tracemalloc while parsing and while importing files of
two sizes, to show whether it grows with the file. Nothing asserts on time;
an import that books the wrong rows stops the script. See docs/benchmarks.md."""

import argparse
import contextlib
import datetime
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal

from throwaway import throwaway_django  # bench/ is on sys.path when run as a script

LEDGERS = 20_000
LINES = 50_000
MEMORY_SIZES = (10_000, 50_000)
HISTORY_MONTHS = 24  # two years of the town's statements before the second measured file
PARSE_RUNS = 3
SEED = 2026
BENCH_DATABASE = "iok_bench_import"
COLLECTION = "84102010260000120203456789"  # the default IOK_COLLECTION_ACCOUNTS
CHARGE = Decimal("300.00")
FF = "˙"  # PKO BP's filler of an empty subfield: byte 0xFF in ISO-8859-2


def main() -> None:
    options = arguments()
    with throwaway_django(BENCH_DATABASE, "iok-bench-import-"):
        run(options)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=LINES, help="lines of the timed file")
    parser.add_argument(
        "--memory",
        default=",".join(map(str, MEMORY_SIZES)),
        help="file sizes (lines) whose peak memory is traced, comma-separated; '' for none",
    )
    parser.add_argument(
        "--history",
        type=int,
        default=HISTORY_MONTHS,
        help="months of statements imported before the second measured file; 0 for none",
    )
    parser.add_argument(
        "--profile",
        default="",
        help="write a cProfile of each measured import to PREFIX-fresh.prof and"
        " PREFIX-history.prof (the times printed are then the profiled ones)",
        metavar="PREFIX",
    )
    return parser.parse_args()


# --- the run ---------------------------------------------------------------


def run(options) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    accounts = build_ledgers()
    analyze()
    rng = random.Random(SEED)
    data = mt940(rng, accounts, options.lines, datetime.date(2026, 11, 5), "305")
    print(machine_line(connection))
    print(
        f"{options.lines:,} MT940 lines ({len(data) / 1e6:.1f} MB) for {LEDGERS:,} ledgers; "
        f"ledgers built in {time.perf_counter() - started:.1f} s\n"
    )
    print("Into the benchmark's ledgers (one charge each, no payment yet):")
    measure(data, options.lines, _profile_to(options, "fresh"))
    if options.history:
        started = time.perf_counter()
        lines = import_history(accounts, options.history)
        print(
            f"Then {options.history} monthly statements of {LEDGERS:,} lines ({lines:,} in all) "
            f"imported in {time.perf_counter() - started:.0f} s; into that database:"
        )
        file = mt940(random.Random(SEED + 99), accounts, options.lines, IMPORT_DAY, "306")
        measure(file, options.lines, _profile_to(options, "history"))
    sizes = [int(size) for size in options.memory.split(",") if size.strip()]
    for n, size in enumerate(sizes):
        day = datetime.date(2026, 11, 10 + n)  # new transactions, nothing imported before
        file = mt940(random.Random(SEED + 1 + n), accounts, size, day, str(310 + n))
        parsed, imported = peak(lambda f=file: parse(f)), peak(lambda f=file: import_file(f))
        print(
            f"  peak memory, {size:>6,} lines ({len(file) / 1e6:4.1f} MB): "
            f"parse {parsed / 1e6:7.1f} MB, import {imported / 1e6:7.1f} MB"
        )


IMPORT_DAY = datetime.date(2026, 11, 6)  # the second measured file's day


def _profile_to(options, name: str) -> str:
    return f"{options.profile}-{name}.prof" if options.profile else ""


def measure(data: bytes, lines: int, profile: str = "") -> None:
    """Parsing alone (best of PARSE_RUNS) against the import, printed,
    checked; with `profile`, the import under cProfile, its stats written there."""
    from iok.ledger.models import Entry

    parsing = min(timed(lambda: parse(data)) for _ in range(PARSE_RUNS))
    result = None
    payments = Entry.objects.filter(kind="payment").count()

    def whole_import():
        nonlocal result
        result = import_file(data)

    importing = timed(lambda: profiled(whole_import, profile) if profile else whole_import())
    verify(result, data, payments)
    print(f"  {'parse alone (best of ' + str(PARSE_RUNS) + ')':<36} {parsing:8.2f} s")
    print(f"  {'import: parse, match, book, allocate':<36} {importing:8.2f} s")
    print(f"  {'ratio import / parse':<36} {importing / parsing:8.1f}×   (target 4×)")
    print(f"  {'per line':<36} {importing / lines * 1e3:8.2f} ms\n", flush=True)


def import_history(accounts: list[str], months: int) -> int:
    """`months` statements before IMPORT_DAY's, one on the 5th of each month
    up to October 2026, each of LEDGERS lines from the generator (90 % to the
    ledgers' virtual accounts, some payments nobody can place, some fees),
    imported as the real import does, each month charged first. The number
    of lines."""
    from iok.ledger.models import Ledger

    rng, lines = random.Random(SEED + 7), 0
    ledger_ids = list(Ledger.objects.filter(virtual_account__in=accounts).values_list("pk"))
    ledger_ids = [pk for (pk,) in ledger_ids]
    for back in range(months, 0, -1):
        year, month = divmod(2026 * 12 + 10 - back, 12)
        day = datetime.date(year, month + 1, 5)
        charge(ledger_ids, day.replace(day=1))
        file = mt940(rng, accounts, LEDGERS, day, str(200 + back))
        result = import_file(file)
        lines += result.new_lines
    return lines


def parse(data: bytes) -> int:
    """Parsing alone, as the import reads a file: every line of every
    statement, streamed from an open file. The number of lines."""
    from iok.payments.parsers.detect import stream_statement

    with _as_file(data) as file:
        return sum(1 for statement in stream_statement(file, "bench.sta") for _ in statement.lines)


def import_file(data: bytes):
    """What `iok import-statement` does with a file (parse, check, stage,
    match, book, allocate), streamed from an open file."""
    from iok.payments.importing import import_statements
    from iok.payments.parsers.detect import stream_statement

    with _as_file(data) as file:
        return import_statements(stream_statement(file, "bench.sta"), keep_lines=False)


@contextlib.contextmanager
def _as_file(data: bytes):
    # A real file, as the command reads: the bytes are not held in memory by it.
    with tempfile.TemporaryFile() as handle:
        handle.write(data)
        handle.seek(0)
        yield handle


def profiled(work, path: str) -> None:
    import cProfile

    profiler = cProfile.Profile()
    profiler.runcall(work)
    profiler.dump_stats(path)
    print(f"  (profiled: {path})")


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def peak(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def verify(result, data: bytes, before: int = 0) -> None:
    """Stop the run unless every credit to a virtual account was booked once
    and every balance agrees with its entries."""
    from iok.ledger.integrity import balance_differences
    from iok.ledger.models import Entry
    from iok.payments.parsers.detect import parse_statement

    [statement] = parse_statement(data, source="bench.sta")
    expected = sum(1 for line in statement.lines if line.credit and line.virtual_account)
    payments = Entry.objects.filter(kind="payment").count() - before
    problems = []
    if (result.booked, payments) != (expected, expected):
        problems.append(f"{result.booked} booked, {payments} payments, {expected} expected")
    if result.new_lines != len(statement.lines):
        problems.append(f"{result.new_lines} new lines of {len(statement.lines)}")
    if balance_differences():
        problems.append("stored balances differ from the sums of entries")
    if problems:
        sys.exit("The import booked the wrong rows: " + "; ".join(problems))


def machine_line(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            database = f"SQLite {sqlite3.sqlite_version}"
    return (
        f"IOK import benchmark on {database}; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )


# --- the ledgers -------------------------------------------------------------


def build_ledgers(first: int = 1) -> list[str]:
    """LEDGERS contracts with ledgers (ids from `first`), each charged 300.00
    for November; their virtual account numbers."""
    from django.core.management.color import no_style
    from django.db import connection

    from iok.ledger.models import Ledger
    from iok.ledger.virtual_account import virtual_account_for
    from iok.registry.models import Building, Contract, Premises

    buildings = Building.objects.bulk_create(
        Building(street="ul. Benchmarkowa", number=str(n), postal_code="15-001", city="Białystok")
        for n in range(1, LEDGERS // 40 + 1)
    )
    premises = Premises.objects.bulk_create(
        (
            Premises(building=building, kind="residential", number=str(n))
            for building in buildings
            for n in range(1, 41)
        ),
        batch_size=5000,
    )
    contracts = Contract.objects.bulk_create(
        (
            Contract(number=f"B/{n:06d}", kind="lease", premises=p, start=datetime.date(2020, 1, 1))
            for n, p in enumerate(premises, start=1)
        ),
        batch_size=5000,
    )
    # Ids are given so that the virtual account number can be made from them.
    ledgers = Ledger.objects.bulk_create(
        (
            Ledger(pk=n, contract=c, virtual_account=virtual_account_for(n))
            for n, c in enumerate(contracts, start=first)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Ledger]):
            cursor.execute(sql)
    charge([ledger.pk for ledger in ledgers], datetime.date(2026, 11, 1))
    return [ledger.virtual_account for ledger in ledgers]


def charge(ledger_ids: list[int], first_day: datetime.date) -> None:
    """A charge of 300.00 for the month of `first_day` on each ledger, as
    billing books it, allocated as billing allocates it: the credit left by
    earlier overpayments pays it at once. (Without that, a ledger with credit
    would have an open charge beside it, a state billing never leaves, and
    the next import would allocate it again from its first entry, reading its
    whole history: the time the import took after two years grew with them.)"""
    from django.db import transaction
    from django.db.models import F, Value

    from iok.ledger.allocation import allocate_billed
    from iok.ledger.models import Entry, Ledger
    from iok.ledger.money import MoneyField
    from iok.periods import Period

    with transaction.atomic():
        Entry.objects.bulk_create(
            (
                Entry(
                    ledger_id=pk,
                    kind="charge",
                    title=f"Opłaty za {first_day:%m/%Y}",
                    amount=-CHARGE,
                    operation_date=first_day,
                    booking_date=first_day,
                    due_date=first_day.replace(day=10),
                    period=f"{first_day:%Y-%m}",
                )
                for pk in ledger_ids
            ),
            batch_size=5000,
        )
        # The database takes a balance only as the sum of its ledger's entries.
        Ledger.objects.filter(pk__in=ledger_ids).update(
            balance=F("balance") + Value(-CHARGE, output_field=MoneyField())
        )
        allocate_billed(Period.of(first_day), dict.fromkeys(ledger_ids, -CHARGE))


def analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- the file ------------------------------------------------------------------


def mt940(rng, accounts, count: int, day: datetime.date, number: str) -> bytes:
    """One PKO BP statement of `count` lines: 90 % payments to virtual
    accounts, 5 % payers nobody can place, 5 % fees."""
    opening = balance = Decimal("100000.00")
    out = [":20:MT940", f":25:/PL{COLLECTION}", f":28C:{number}"]
    out.append(f":60F:C{day:%y%m%d}PLN{_amount(opening)}")
    for n in range(count):
        kind = rng.random()
        amount = Decimal(rng.randrange(1, 120_000)).scaleb(-2)
        if kind < 0.90:
            virtual, title = rng.choice(accounts), f"CZYNSZ ZA {day:%m/%Y} LOKAL {n % 40 + 1}"
            out += _line(day, n, amount, True, title, "ŁUCJA WĘGRZYN-ŚLĄSKA", virtual)
            balance += amount
        elif kind < 0.95:
            out += _line(day, n, amount, True, "ZA GARAŻ BEZ NUMERU", "JAN NIEZNANY", "")
            balance += amount
        else:
            amount = Decimal("0.75")
            out += _line(day, n, amount, False, "OPŁATA ZA PRZELEW", "", "")
            balance -= amount
    out += [f":62F:C{day:%y%m%d}PLN{_amount(balance)}", "-", ""]
    return "\r\n".join(out).encode("iso-8859-2")


def _line(day, n, amount, credit, title, name, virtual) -> list[str]:
    code = "152" if credit else "108"
    payer = "48109010140000000123456789"
    title_parts = ([title[i : i + 27] for i in range(0, len(title), 27)] + [FF] * 6)[:6]
    return [
        f":61:{day:%y%m%d%m%d}{'C' if credit else 'D'}{_amount(amount)}N{code}NONREF"
        f"//{day:%y%m%d}{n:010d}",
        f"{code} 0",
        f":86:{code}~00{code}",
        *(f"~{20 + i}{part}" for i, part in enumerate(title_parts)),
        f"~30{payer[2:10] if credit else FF}",
        f"~31{payer[10:] if credit else FF}",
        f"~32{name or FF}",
        f"~33{FF}",
        f"~38{'PL' + payer if credit else FF}",
        f"~60{FF}",
        f"~63{'SWRK ' + virtual if virtual else FF}",
    ]


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


if __name__ == "__main__":
    main()
