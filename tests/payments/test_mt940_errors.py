"""Files that are not MT940, are cut short or broken raise StatementError with file and line."""

import random
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from iok.payments.parsers.mt940 import parse_mt940
from iok.payments.staged import StatementError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mt940"
GOOD = [
    ":20:X",
    ":25:/PL61109010140000071219812874",
    ":28C:1",
    ":60F:C261130PLN10,00",
    ":61:2612011201C5,00NTRFNONREF",
    ":86:PRZELEW",
    ":62F:C261201PLN15,00",
    "-",
]


def error_of(lines, source="wyciag.sta"):
    with pytest.raises(StatementError) as raised:
        parse_mt940("\n".join(lines).encode(), source)
    return raised.value


def test_the_well_formed_example_parses():
    [statement] = parse_mt940("\n".join(GOOD).encode())
    assert statement.balances_agree()


def test_a_file_that_is_not_mt940_names_its_first_line():
    error = error_of(["Data;Kwota;Tytuł", "2026-12-01;5,00;CZYNSZ"], "export.csv")
    assert error.where == "export.csv, linia 1"
    assert "to nie jest plik MT940" in str(error)


def test_an_empty_file_is_not_a_statement():
    assert "w pliku nie ma wyciągu MT940" in str(error_of([""]))


def test_a_file_cut_before_the_closing_balance_names_the_last_line():
    error = error_of(GOOD[:6])
    assert error.where == "wyciag.sta, linia 6"
    assert "nie ma salda zamknięcia" in str(error)


def test_a_statement_line_with_a_broken_amount_names_its_line():
    lines = GOOD.copy()
    lines[4] = ":61:2612011201C5,X0NTRFNONREF"
    assert error_of(lines).where == "wyciag.sta, linia 5"


def test_a_broken_balance_names_its_line():
    lines = GOOD.copy()
    lines[6] = ":62F:C261201PLN15,0X"
    assert error_of(lines).where == "wyciag.sta, linia 7"


def test_a_tag_before_the_first_20_is_refused():
    assert error_of(GOOD[1:]).where == "wyciag.sta, linia 1"


def test_text_after_the_end_of_message_is_refused():
    assert error_of([*GOOD, "ZAŁĄCZNIK"]).where == "wyciag.sta, linia 9"


def test_two_currencies_in_one_statement_are_refused():
    lines = GOOD.copy()
    lines[6] = ":62F:C261201EUR15,00"
    assert "EUR" in str(error_of(lines))


def test_an_mt942_whose_sums_disagree_with_its_lines_is_cut_short():
    text = (FIXTURES / "mbank_mt942.sta").read_bytes()
    cut = text.replace(b":90C:1PLN120,50", b":90C:2PLN240,50")
    with pytest.raises(StatementError, match="90C"):
        parse_mt940(cut, "mt942.sta")


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.sta")))
def test_every_cut_or_mutated_fixture_parses_or_raises_statement_error(name):
    """60 cuts and byte flips per fixture: never a traceback other than StatementError."""
    data = (FIXTURES / name).read_bytes()
    rng = random.Random(name)
    for _ in range(60):
        mutated = bytearray(data[: rng.randrange(len(data))])
        for _ in range(rng.randrange(3)):
            if mutated:
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        try:
            parse_mt940(bytes(mutated), name)
        except StatementError as error:
            assert error.where.startswith(f"{name}, linia ")


def test_an_mt942_cut_before_its_sums_and_end_is_refused():
    text = (FIXTURES / "mbank_mt942.sta").read_bytes()
    cut = text[: text.index(b":90D:")]
    with pytest.raises(StatementError, match="plik jest niekompletny"):
        parse_mt940(cut, "mt942.sta")


def test_bytes_that_are_not_the_given_encoding_name_their_line():
    with pytest.raises(StatementError, match=r"x\.sta, linia 2"):
        parse_mt940(b":20:X\n:25:\xff\xfe", "x.sta", encoding="utf-8")


def broken_amount_file(tmp_path, settings) -> Path:
    """A statement of the company's account whose payment on line 5 has a broken amount."""
    settings.IOK_COLLECTION_ACCOUNTS = {"61109010140000071219812874"}
    lines = GOOD.copy()
    lines[4] = ":61:2612011201C5,X0NTRFNONREF"
    file = tmp_path / "wyciag-grudzien.sta"
    file.write_text("\n".join(lines), encoding="iso-8859-2")
    return file


def test_a_clerk_reads_a_parser_error_in_polish_naming_the_file_and_line(db, tmp_path, settings):
    file = broken_amount_file(tmp_path, settings)
    with pytest.raises(CommandError) as raised:
        call_command("import-statement", str(file))
    assert str(raised.value) == (
        f"{file}, linia 5: w polu :61: kwota lub typ operacji są uszkodzone: "
        "'2612011201C5,X0NTRFNONREF'"
    )


def test_in_english_the_parser_error_reads_in_english(db, tmp_path, settings):
    file = broken_amount_file(tmp_path, settings)
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import-statement", str(file))
    assert str(raised.value) == (
        f"{file}, line 5: :61: amount or type is broken: '2612011201C5,X0NTRFNONREF'"
    )
    with translation.override("en"):
        error = error_of(GOOD[:6])
    assert error.where == "wyciag.sta, line 6"
    assert "no closing balance: the file is cut short" in str(error)
