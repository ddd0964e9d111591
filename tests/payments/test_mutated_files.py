"""The mutated-file run: every fixture of every format, cut, flipped, cut
into, added to, its lines doubled and swapped, 1,000 files and more, each
imported as the command imports it (read as a stream, then written). Each is
imported whole or refused with a StatementError that leaves nothing behind:
no partial import, and no other exception (a traceback the clerk would see).

The files are the same on every run (a fixed seed per fixture)."""

import io
import random
from pathlib import Path

from django.db import transaction

from iok.ledger.models import Entry
from iok.payments.importing import import_statements
from iok.payments.keys import digits
from iok.payments.models import Statement, StatementLine
from iok.payments.parsers.detect import parse_statement, stream_statement
from iok.payments.staged import StatementError
from tests.payments.test_csv_mapping import ING, SANTANDER

FIXTURES = Path(__file__).parent / "fixtures"
MAPPINGS = {
    "csv/ing_like_lista_transakcji.csv": ING,
    "csv/santander_like_historia.csv": SANTANDER,
}
CASES = sorted(
    [str(path.relative_to(FIXTURES)) for path in (FIXTURES / "mt940").glob("*.sta")]
    + ["camt/camt053_v02_batch.xml", "camt/camt053_v08.xml", "csv/pekao_collect_20261115.csv"]
    + list(MAPPINGS)
)
PER_FILE = 70
INSERTS = [b",", b";", b"<", b">", b"-", b"{", b"}", b"\r", b"\n", b"\x00", b"\xff"]
INSERTS += [b"9" * 30, b"&lt;", b":61:", b":86:~20", b"<Ntry>", b"0,00"]


def mutations(data: bytes, seed: str, count: int):
    """`count` mutated copies of `data`, six kinds in turn."""
    rng = random.Random(seed)
    for n in range(count):
        mutated = bytearray(data)
        kind = n % 6
        if kind == 0:
            mutated = mutated[: rng.randrange(len(mutated))]
        elif kind == 1:
            for _ in range(rng.randrange(1, 5)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        elif kind == 2:
            start = rng.randrange(len(mutated))
            del mutated[start : start + rng.randrange(1, 40)]
        elif kind == 3:
            start = rng.randrange(len(mutated))
            mutated[start:start] = rng.choice(INSERTS)
        else:
            lines = bytes(mutated).splitlines(keepends=True)
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if kind == 4:
                lines.insert(i, lines[j])  # a line twice
            else:
                lines[i], lines[j] = lines[j], lines[i]
            mutated = bytearray(b"".join(lines))
        yield bytes(mutated)


def counts() -> tuple[int, int, int]:
    return Statement.objects.count(), StatementLine.objects.count(), Entry.objects.count()


def import_one(data: bytes, name: str) -> str:
    """'imported' or 'refused'; anything but a StatementError propagates."""
    before = counts()
    try:
        with io.BytesIO(data) as file:
            result = import_statements(
                stream_statement(file, name, mapping=MAPPINGS.get(name)), keep_lines=False
            )
    except StatementError as error:
        assert str(error).startswith(name) or error.where.startswith(name), str(error)
        assert counts() == before, f"{name}: a refused file left rows behind"
        return "refused"
    statements, lines, entries = counts()
    assert (statements - before[0], lines - before[1], entries - before[2]) == (
        result.statements,
        result.new_lines,
        result.booked,
    ), f"{name}: the rows written are not what the import reports"
    return "imported"


def collection_accounts() -> set[str]:
    accounts = set()
    for name in CASES:
        data = (FIXTURES / name).read_bytes()
        for statement in parse_statement(data, name, mapping=MAPPINGS.get(name)):
            accounts.add(digits(statement.account))
    return accounts


def test_a_thousand_mutated_files_of_every_format_import_whole_or_leave_nothing(
    db, settings, contract
):
    settings.IOK_COLLECTION_ACCOUNTS = collection_accounts()
    outcomes = {"imported": 0, "refused": 0}
    for name in CASES:
        data = (FIXTURES / name).read_bytes()
        for n, mutated in enumerate(mutations(data, name, PER_FILE)):
            # Each file in a savepoint rolled back: every mutation meets the
            # books as the fixture would, not the rows of the mutations before.
            with transaction.atomic():
                outcomes[import_one(mutated, name)] += 1
                transaction.set_rollback(True)
            assert n < PER_FILE
    assert sum(outcomes.values()) == len(CASES) * PER_FILE >= 1000
    # Both outcomes happen: the run tries the refusals and the imports.
    assert outcomes["imported"] > 100 and outcomes["refused"] > 100, outcomes
