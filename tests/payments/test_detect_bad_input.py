"""Mutated and truncated files of our formats: each is read or refused, never a traceback."""

import random
from pathlib import Path

import pytest

from iok.payments.parsers.detect import parse_statement
from iok.payments.staged import StatementError
from tests.payments.test_csv_mapping import ING, SANTANDER

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [
    ("camt/camt053_v02_batch.xml", None, None),
    ("camt/camt053_v08.xml", None, None),
    ("csv/pekao_collect_20261115.csv", None, None),
    ("csv/ing_like_lista_transakcji.csv", "csv", ING),
    ("csv/santander_like_historia.csv", "csv", SANTANDER),
]
INSERTS = [b",", b";", b"<", b">", b"-", b"\r", b"\n", b"\x00", b"\xff", b"9" * 30, b"&lt;"]


def mutations(data: bytes, seed: str, count: int = 60):
    rng = random.Random(seed)  # fixed: the same 60 files on every run
    for n in range(count):
        mutated = bytearray(data)
        if n % 4 == 0:
            mutated = mutated[: rng.randrange(len(mutated))]
        elif n % 4 == 1:
            for _ in range(rng.randrange(1, 5)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        elif n % 4 == 2:
            start = rng.randrange(len(mutated))
            del mutated[start : start + rng.randrange(1, 40)]
        else:
            start = rng.randrange(len(mutated))
            mutated[start:start] = rng.choice(INSERTS)
        yield bytes(mutated)


@pytest.mark.parametrize(("name", "format", "mapping"), CASES)
def test_sixty_mutated_files_of_each_format_are_read_or_refused_with_a_named_place(
    name, format, mapping
):
    data = (FIXTURES / name).read_bytes()
    for mutated in mutations(data, name):
        try:
            parse_statement(mutated, "broken", format=format, mapping=mapping)
        except StatementError as error:
            assert str(error).startswith("broken")


@pytest.mark.parametrize(
    ("name", "format", "mapping"),
    [
        ("mt940/nest_bank.sta", None, None),
        ("csv/pekao_collect_20261115.csv", None, None),
        ("csv/santander_like_historia.csv", "csv", SANTANDER),
    ],
)
def test_a_nul_byte_in_a_text_file_is_refused_naming_its_line(name, format, mapping):
    """PostgreSQL stores no NUL in a text column: read, it would fail the
    import with a database error instead of a message."""
    data = (FIXTURES / name).read_bytes()
    second_line = data.index(b"\n") + 3
    damaged = data[:second_line] + b"\x00" + data[second_line:]
    with pytest.raises(StatementError, match="0x00") as error:
        parse_statement(damaged, "broken", format=format, mapping=mapping)
    assert error.value.where.endswith(" 2")
