"""The credited account (the virtual account a payment was sent to) is
flagged on the line when it cannot be an account number: wrong check digits,
or a length no bank gives. As the payer's account, the flag never stops the
import; the line then matches by its other rules or waits in the queue."""

from pathlib import Path

import pytest
from django.test import override_settings

from iok.ledger.nrb import make_nrb
from iok.payments.importing import credited_account_problem, import_statements
from iok.payments.models import StatementLine
from iok.payments.parsers.detect import parse_statement
from tests.payments.test_import import line, statement

ROOT = Path(__file__).resolve().parents[2]
# ../shared next to the clone, or next to the folder of worktrees holding it.
FOUND = [p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()]
SAMPLES = (FOUND[0] if FOUND else ROOT.parent / "shared") / "samples" / "bank"
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(),
    reason=f"the shared bank samples are not here ({SAMPLES}); a fresh clone has no ../shared",
)


def wrong_check_digits(nrb: str) -> str:
    return nrb[:-1] + str((int(nrb[-1]) + 1) % 10)


def test_a_credited_account_with_wrong_check_digits_is_flagged_and_the_line_waits(ledger):
    wrong = wrong_check_digits(ledger.virtual_account)
    result = import_statements([statement(line("5.00", 1, virtual_account=wrong))])
    staged = StatementLine.objects.get()
    assert (
        wrong in staged.virtual_account_problem
        and "cyfry kontrolne" in staged.virtual_account_problem
    )
    assert (result.flagged_accounts, result.booked, staged.status) == (1, 0, "unmatched")
    assert staged.account_problem == ""


def test_a_credited_account_of_the_wrong_length_is_flagged_naming_its_length(ledger):
    short = ledger.virtual_account[:20]
    result = import_statements([statement(line("5.00", 1, virtual_account=short))])
    problem = StatementLine.objects.get().virtual_account_problem
    assert short in problem and "20" in problem and "26" in problem
    assert result.flagged_accounts == 1


@pytest.mark.parametrize(
    "given",
    [
        "",
        make_nrb("10201026", "4477000000000001"),
        "PL" + make_nrb("10201026", "4477000000000001"),
        "4477000000000001",  # the 16 digits after the settlement number
        "XX000000000014",  # mBank's IPH payer id: the ledger identifier
    ],
)
def test_a_credited_account_as_banks_give_it_is_not_flagged(given):
    assert credited_account_problem(given) == ""


def test_a_good_credited_account_is_booked_without_a_flag(ledger):
    import_statements([statement(line("5.00", 1, virtual_account=ledger.virtual_account))])
    staged = StatementLine.objects.get()
    assert (staged.status, staged.virtual_account_problem) == ("booked", "")


@needs_samples
def test_the_two_anonymised_virtual_accounts_of_the_pekao_sample_are_flagged():
    name = "pekao_collect_virtual_accounts_cuw_suwalki.csv"
    [report] = parse_statement((SAMPLES / name).read_bytes(), name)
    flagged = [x for x in report.lines if credited_account_problem(x.virtual_account)]
    assert (len(report.lines), len(flagged)) == (5, 2)


@needs_samples
@override_settings(IOK_VIRTUAL_ID_DIGITS=12)
def test_no_iph_payer_id_of_the_mbank_sample_is_flagged():
    name = "mbank_mt940_IPH_ksdev.txt"
    [report] = parse_statement((SAMPLES / name).read_bytes(), name)
    ids = [x.virtual_account for x in report.lines if x.virtual_account]
    assert len(ids) == 21
    assert [credited_account_problem(given) for given in ids] == [""] * 21
