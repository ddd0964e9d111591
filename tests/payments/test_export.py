import csv
import io

from django.core.management import call_command
from stdnum import iban

from iok.ledger.nrb import format_nrb


def test_the_export_lists_every_virtual_account_with_its_payer(people, contract, tmp_path):
    target = tmp_path / "rachunki.csv"
    call_command("export-virtual-accounts", "--output", str(target), "--encoding", "cp1250")
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="cp1250")), delimiter=";"))
    assert rows[0][:3] == ["virtual_account", "contract", "name"]
    by_contract = {row[1]: row for row in rows[1:]}
    assert len(by_contract) == 2  # the tenant's and the stranger's
    mine = by_contract[contract.number]
    assert mine[0] == contract.ledger.virtual_account and iban.is_valid("PL" + mine[0])
    assert mine[2] == "Anna Kowalska" and mine[5] == "Białystok"
    assert format_nrb(mine[0]).count(" ") == 6


def test_the_export_goes_to_standard_output_without_a_file(people, contract):
    out = io.StringIO()
    call_command("export-virtual-accounts", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and contract.ledger.virtual_account in out.getvalue()
