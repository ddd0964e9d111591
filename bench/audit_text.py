"""The audit search by a piece of text on a long log: what the page pays
(its count and its list of the 50 newest) for a rare piece, a lower-case
one and one found in nearly every event, by each way of finding them.

    .venv/bin/python bench/audit_text.py                    # SQLite
    .venv/bin/python bench/audit_text.py --events 50000     # a quick try

200,000 events of the form `Najemca n, ul. Piotrkowska k, Łódź` (k = n mod
300) with every 1,000th `Kowalska Żaneta n/1000`, written by bulk INSERTs
into a throwaway database (bench/throwaway.py), then ANALYZE, as
`iok migrate` leaves it. Ways, measured in alternation round after round,
each one's best counted (milliseconds):

- like: `object_repr LIKE '%piece%'` walking `audit_when` (before 0008;
  SQLite's LIKE folds only A-Z, so `kowalska żaneta` finds nothing);
- index: iok.audit.search as it is (the FTS5 trigram table, migration 0008);
- rowid: the FTS table alone, `ORDER BY rowid DESC LIMIT 50` and its count,
  the page in id order (not exactly `when` order: see docs/benchmarks.md);
- walk: `+id IN (FTS)`, which makes SQLite walk `audit_when` and stop at
  the 50th, the whole FTS result read into a list first.

Nothing asserts on time; see docs/benchmarks.md."""

import argparse
import datetime
import sys
import time

from throwaway import throwaway_django  # bench/ is on sys.path when run as a script

EVENTS = 200_000
ROUNDS = 7
PIECES = ["Żaneta 19", "kowalska żaneta", "piotrkowska 17"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    options = parser.parse_args()
    with throwaway_django("iok_bench_audit_text", "iok-bench-audit-text-"):
        run(options)


def fill(count: int) -> None:
    from django.db import connection

    start = datetime.datetime(2024, 1, 1)
    rows = [
        (
            (start + datetime.timedelta(minutes=n)).isoformat(sep=" "),
            f"Kowalska Żaneta {n // 1000}"
            if n % 1000 == 0
            else f"Najemca {n}, ul. Piotrkowska {n % 300}, Łódź",
        )
        for n in range(count)
    ]
    sql = (
        'INSERT INTO audit_auditevent ("when", actor_username, context, action, object_repr,'
        " changes, object_ids, path, method)"
        " VALUES (%s, 'pracownik', 'web', 'update', %s, '{}', '', '', '')"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        cursor.execute("ANALYZE")


def ways(piece: str) -> dict:
    from django.db import connection

    from iok.audit.models import AuditEvent
    from iok.audit.search import search

    phrase = '"' + piece.replace('"', '""') + '"'
    fts = "SELECT rowid FROM audit_text WHERE audit_text MATCH %s"  # nosec B608 - constant

    def page(found):
        return found.count(), len(list(found[:50]))

    def rowid():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM audit_text WHERE audit_text MATCH %s", [phrase])
            (count,) = cursor.fetchone()
            cursor.execute(f"{fts} ORDER BY rowid DESC LIMIT 50", [phrase])
            ids = [pk for (pk,) in cursor.fetchall()]
        shown = AuditEvent.objects.select_related("content_type").filter(pk__in=ids)
        return count, len(list(shown))

    events = AuditEvent.objects.select_related("content_type")
    return {
        "like": lambda: page(events.filter(object_repr__icontains=piece)),
        "index": lambda: page(search({"object_text": piece})),
        "rowid": rowid,
        "walk": lambda: page(
            events.extra(where=[f"+audit_auditevent.id IN ({fts})"], params=[phrase])  # noqa: S610 - constant SQL, the piece a parameter
        ),
    }


def run(options) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    fill(options.events)
    print(f"{options.events:,} events, best of {options.rounds} alternated rounds, ms")
    print(f"{'piece':18} {'found':>6}" + "".join(f"{name:>8}" for name in ways("x")))
    for piece in PIECES:
        timed = ways(piece)
        best = dict.fromkeys(timed, float("inf"))
        found = {}
        for _round in range(options.rounds):
            for name, way in timed.items():
                began = time.perf_counter()
                found[name] = way()
                best[name] = min(best[name], time.perf_counter() - began)
        shown = "".join(f"{best[name] * 1000:8.1f}" for name in timed)
        print(f"{piece:18} {found['index'][0]:>6}{shown}", file=sys.stdout)


if __name__ == "__main__":
    main()
