"""Every CSV the project writes opens in a spreadsheet as data (CSV injection)."""

import ast
import csv
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from iok.spreadsheet import TRIGGERS, neutralised, writer

PACKAGE = Path(__file__).resolve().parents[1] / "iok"


def test_a_formula_cell_is_written_as_text():
    assert neutralised('=HYPERLINK("http://zly.example","Kliknij")') == (
        '\'=HYPERLINK("http://zly.example","Kliknij")'
    )
    assert neutralised("@SUM(A1:A9)") == "'@SUM(A1:A9)"
    assert neutralised("+48 600 100 200") == "'+48 600 100 200"
    assert neutralised("\t=1+1") == "'\t=1+1"


def test_plain_text_and_numbers_are_left_as_they_are():
    assert neutralised("Anna Kowalska") == "Anna Kowalska"
    assert neutralised("-12,50") == "-12,50"
    assert neutralised("-3") == "-3"
    assert neutralised(None) == ""
    assert neutralised(42) == "42"


@given(st.text())
def test_no_written_cell_can_start_a_formula(text):
    cell = neutralised(text)
    assert not cell.startswith(TRIGGERS) or cell.lstrip("-").replace(",", "").isdigit()
    assert cell in (text, "'" + text)


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_the_writer_reads_back_what_it_neutralised(row):
    stream = io.StringIO()
    writer(stream, delimiter=";").writerow(row)
    assert next(csv.reader(io.StringIO(stream.getvalue()), delimiter=";")) == [
        neutralised(cell) for cell in row
    ]


def test_the_virtual_account_export_neutralises_a_tenants_name(people, contract, tenant):
    from django.core.management import call_command

    tenant.first_name = '=HYPERLINK("http://zly.example")'
    tenant.street = "@SUM(A1)"
    tenant.save()
    out = io.StringIO()
    call_command("export-virtual-accounts", stdout=out)
    mine = next(
        row
        for row in csv.reader(io.StringIO(out.getvalue()), delimiter=";")
        if row[1] == contract.number
    )
    assert mine[2].startswith('\'=HYPERLINK("http://zly.example")') and mine[3] == "'@SUM(A1)"


def _csv_writers(path: Path) -> list[int]:
    tree = ast.parse(path.read_text())
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in ("writer", "DictWriter")
        and isinstance(node.value, ast.Name)
        and node.value.id == "csv"
    ]


def test_every_csv_the_project_writes_goes_through_the_neutralising_writer():
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if path.name != "spreadsheet.py" and (lines := _csv_writers(path))
    }
    assert not found, f"write CSV with iok.spreadsheet.writer, not csv.writer: {found}"
