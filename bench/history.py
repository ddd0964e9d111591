"""Does a page cost more for a long history? Every page of the tenant's
portal, and the import of one payment, for two ledgers with the same rows in
2026: one with nothing before (10 entries), one with 35 years of charges and
payments before them (10,000 entries). Printed: each one's median time and
the ratio long/short; the target is 1.5× or less for every row.

    .venv/bin/python bench/history.py                                  # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/history.py                              # PostgreSQL
    .venv/bin/python bench/history.py --entries 2000 --rounds 3        # a quick try

The pages are served in-process through the whole middleware, by Django's
test client with the tenant logged in; short and long are measured in
alternation, round after round, and each one's median counts. Nothing
asserts on time; see docs/benchmarks.md."""

import argparse
import datetime
import importlib
import io
import os
import random
import statistics
import sys
import tempfile
import time

from throwaway import throwaway_django  # bench/ is on sys.path when run as a script

ENTRIES = 10_000
ROUNDS = 7
REQUESTS = 5  # per page, side and round
TARGET = 1.5
SEED = 14
bench_import = importlib.import_module("import")  # bench/import.py: its MT940 lines
PAGES = {
    "main panel": "/kartoteka/{ledger}/",
    "kartoteka day view": "/kartoteka/{ledger}/operacje/?rok=2026",
    "kartoteka month view": "/kartoteka/{ledger}/miesiace/?rok=2026",
    "kartoteka year view": "/kartoteka/{ledger}/lata/",
    "entry page": "/kartoteka/{ledger}/operacje/{entry}/",
    "premises and contract": "/kartoteka/{ledger}/lokal-i-umowa/",
    "readings": "/kartoteka/{ledger}/odczyty/",
    "settlements": "/kartoteka/{ledger}/rozliczenia/",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=ENTRIES, help="entries of the long ledger")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds of short and long")
    options = parser.parse_args()
    os.environ.setdefault("IOK_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("IOK_SSL_REDIRECT", "false")
    with throwaway_django("iok_bench_history", "iok-bench-history-"):
        run(options)


def run(options) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    short, long = Side.build("short", 0), Side.build("long", options.entries - 10)
    bench_import.analyze()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
    print(
        bench_import.machine_line(connection).replace("import benchmark", "history benchmark")
        + f"; ledgers of {short.entries:,} and {long.entries:,} entries, {options.rounds} rounds"
    )
    times = {name: ([], []) for name in [*PAGES, "import of one payment"]}
    for n in range(options.rounds):
        for name in times:
            for side, kept in zip((short, long), times[name], strict=True):
                kept.append(side.time(name, n))
    print(f"\n  {'':<24} {'short':>9} {'long':>9} {'long/short':>11}")
    for name, (a, b) in times.items():
        ratio = statistics.median(b) / statistics.median(a)
        verdict = "ok" if ratio <= TARGET else "over"
        print(
            f"  {name:<24} {statistics.median(a) * 1e3:6.1f} ms {statistics.median(b) * 1e3:6.1f}"
            f" ms {ratio:10.2f}×  {verdict}"
        )
    print(f"\n  target: long/short {TARGET}× or less for every row")


class Side:
    """A tenant, logged in, with a ledger whose 2026 is the same as the other's."""

    def __init__(self, name, ledger, client, entry_id):
        self.name, self.ledger, self.client, self.entry_id = name, ledger, client, entry_id
        self.entries = ledger.entries.count()

    @classmethod
    def build(cls, name: str, history: int) -> "Side":
        from django.db import transaction
        from django.test import Client

        with transaction.atomic():
            ledger, user = _tenancy(name)
            _post(ledger, _history(ledger.pk, history) + _year_2026(ledger.pk))
        from iok.ledger.allocation import allocate_ledgers

        allocate_ledgers([ledger.pk])
        client = Client()
        client.force_login(user)
        march = ledger.entries.get(title="Opłaty za 03/2026")
        return cls(name, ledger, client, march.pk)

    def time(self, name: str, round_number: int) -> float:
        if name == "import of one payment":
            return self._import_one(round_number)
        path = PAGES[name].format(ledger=self.ledger.pk, entry=self.entry_id)
        times = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = self.client.get(path)
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code} for the {self.name} ledger")
        return statistics.median(times)

    def _import_one(self, round_number: int) -> float:
        from iok.payments.importing import import_statements
        from iok.payments.parsers.detect import stream_statement

        data = _one_payment(self.ledger.virtual_account, round_number * 2 + (self.name == "long"))
        with tempfile.TemporaryFile() as file:
            file.write(data)
            file.seek(0)
            started = time.perf_counter()
            result = import_statements(stream_statement(file, "bench.sta"), keep_lines=False)
            took = time.perf_counter() - started
        if result.booked != 1:
            sys.exit(f"the one payment to the {self.name} ledger was not booked")
        return took


def _tenancy(name: str):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from iok.access.models import Account
    from iok.ledger.posting import open_ledger
    from iok.registry.models import Building, Contract, Contractor, ContractParty, Premises

    n = 1 if name == "short" else 2
    building, _ = Building.objects.get_or_create(
        street="ul. Historyczna", number="1", postal_code="15-001", city="Białystok"
    )
    premises = Premises.objects.create(building=building, kind="residential", number=str(n))
    pesel = ["44051401458", "02070803628"][n - 1]  # valid check digits
    person = Contractor.objects.create(
        kind="person", first_name="Anna", last_name=name.title(), pesel=pesel,
        street="ul. Historyczna 1", postal_code="15-001", city="Białystok",
    )  # fmt: skip
    contract = Contract.objects.create(
        number=f"H/{n}", kind="lease", premises=premises, start=datetime.date(1990, 1, 1)
    )
    ContractParty.objects.create(contract=contract, contractor=person, role="main")
    ledger = open_ledger(contract)
    user = get_user_model().objects.create_user(f"history-{name}", password=None)
    Account.objects.create(
        user=user, contractor=person, must_change_password=False, terms_accepted=timezone.now()
    )
    return ledger, user


def _history(ledger_id: int, count: int) -> list:
    """`count` entries from 1991: a charge of 300.00 a month paid in small
    transfers that leave a little unpaid each month, a long debtor's shape."""
    from iok.ledger.bulk import NewEntry

    rng, entries, month = random.Random(SEED), [], datetime.date(1991, 1, 1)
    per_month = max(2, -(-count // 420))  # 420 months: 1991 to 2025
    while len(entries) < count:
        entries.append(_charge(ledger_id, month))
        for n in range(min(per_month - 1, count - len(entries))):
            day = month.replace(day=min(28, 5 + n))
            amount = 29_000 // (per_month - 1) - rng.randrange(0, 50)
            entries.append(NewEntry(ledger_id, "payment", day, f"{month:%Y-%m}", "Wpłata", amount))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    if month > datetime.date(2026, 1, 1):
        sys.exit(f"{count:,} entries of history do not fit before 2026")
    return entries


def _year_2026(ledger_id: int) -> list:
    """The same ten rows for both ledgers: five charges, five payments."""
    from iok.ledger.bulk import NewEntry

    rows = []
    for month in range(1, 6):
        start = datetime.date(2026, month, 1)
        rows.append(_charge(ledger_id, start))
        paid = start.replace(day=8)
        rows.append(NewEntry(ledger_id, "payment", paid, f"{start:%Y-%m}", "Czynsz", 30_000))
    return rows


def _charge(ledger_id: int, month: datetime.date):
    from iok.ledger.bulk import NewEntry
    from iok.ledger.models import Component

    rent = Component.objects.get(code="rent")
    return NewEntry(
        ledger_id, "charge", month, f"{month:%Y-%m}", f"Opłaty za {month:%m/%Y}", -30_000,
        due_date=month.replace(day=10), lines=((rent.pk, -30_000, 1000, 30_000, None, 0),),
    )  # fmt: skip


def _post(ledger, entries: list) -> None:
    from iok.ledger.bulk import post_entries

    for start in range(0, len(entries), 5000):
        post_entries(entries[start : start + 5000], description=f"history of {ledger}")


def _one_payment(virtual: str, n: int) -> bytes:
    day = datetime.date(2026, 6, 8)
    lines = bench_import._line(day, n, bench_import.CHARGE, True, "CZYNSZ 06/2026", "ANNA", virtual)
    out = [":20:MT940", f":25:/PL{bench_import.COLLECTION}", f":28C:{900 + n}"]
    out += [f":60F:C{day:%y%m%d}PLN1000,00", *lines]
    out += [f":62F:C{day:%y%m%d}PLN{bench_import._amount(1000 + bench_import.CHARGE)}", "-", ""]
    return "\r\n".join(out).encode("iso-8859-2")


if __name__ == "__main__":
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, line_buffering=True)
    main()
