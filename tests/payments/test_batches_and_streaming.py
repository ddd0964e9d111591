"""The import books in batches and reads MT940 as a stream; both must give
exactly what line-by-line reading gave, whatever the batch boundaries."""

import datetime
import io
import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban

from iok.audit.models import AuditEvent
from iok.ledger.integrity import balance_differences
from iok.ledger.models import Closing, Entry, Ledger
from iok.ledger.nrb import is_valid, make_nrb
from iok.payments import importing
from iok.payments.importing import import_statements
from iok.payments.models import StatementLine
from iok.payments.parsers.detect import stream_statement
from iok.payments.parsers.mt940 import _chunks, choose_encoding, parse_mt940, stream_mt940
from iok.payments.staged import StatementError
from tests.payments.test_import import PAYER, line, statement

FIXTURES = Path(__file__).parent / "fixtures" / "mt940"
OTHER_PAYER = make_nrb("10501012", "1000002312345678")


def test_a_payer_first_seen_earlier_in_the_same_batch_is_recognised(ledger):
    first = line("50.00", 1, virtual_account=ledger.virtual_account, counterparty_account=PAYER)
    second = line("60.00", 2, counterparty_account=PAYER, title="za mieszkanie")
    result = import_statements([statement(first, second)])
    matches = list(StatementLine.objects.order_by("line_number").values_list("match", flat=True))
    assert result.booked == 2 and matches == ["virtual_account", "payer_account"]


def test_a_payer_who_paid_two_ledgers_is_not_guessed(ledger, contract, rates):
    from iok.ledger.posting import open_ledger
    from tests.conftest import make_contract, person

    other = open_ledger(
        make_contract(
            "M/2022/0042",
            contract.premises,
            datetime.date(2022, 1, 1),
            person("Ewa", "Druga", "85030512345"),
            persons=1,
        )
    )
    paid = [
        line("10.00", 1, virtual_account=ledger.virtual_account, counterparty_account=PAYER),
        line("20.00", 2, virtual_account=other.virtual_account, counterparty_account=PAYER),
        line("30.00", 3, counterparty_account=PAYER, title="bez numeru"),
    ]
    result = import_statements([statement(*paid)])
    assert (result.booked, result.unmatched) == (2, 1)


@pytest.mark.parametrize("batch", [1, 2, 3, 1000])
def test_batch_boundaries_change_nothing(ledger, monkeypatch, batch):
    monkeypatch.setattr(importing, "BATCH", batch)
    lines = [
        line("10.00", 1, virtual_account=ledger.virtual_account, counterparty_account=PAYER),
        line("0.75", 2, credit=False),
        line("11.00", 3, counterparty_account=PAYER),
        line("12.00", 4, counterparty_account=OTHER_PAYER),
        line("10.00", 5, virtual_account=ledger.virtual_account, counterparty_account=PAYER),
    ]
    result = import_statements([statement(*lines)])
    statuses = list(StatementLine.objects.order_by("line_number").values_list("status", flat=True))
    assert statuses == ["booked", "debit", "booked", "unmatched", "booked"]
    assert (result.booked, result.booked_total, result.unmatched, result.debits) == (
        3,
        Decimal("31.00"),
        1,
        1,
    )
    ledger.refresh_from_db()
    assert ledger.balance == Decimal("31.00") and balance_differences() == []


def test_payments_dated_in_a_closed_period_refuse_the_file(ledger, django_user_model):
    clerk = django_user_model.objects.create_user("ksiegowa")
    Closing.objects.create(closed_until=datetime.date(2026, 11, 30), closed_by=clerk)
    file = statement(line("100.00", 1, virtual_account=ledger.virtual_account))
    with pytest.raises(StatementError, match=r"30\.11\.2026"):
        import_statements([file])
    assert StatementLine.objects.count() == Entry.objects.count() == 0


def test_the_cursor_writes_of_an_import_are_in_the_audit_log(ledger):
    file = statement(line("100.00", 1, virtual_account=ledger.virtual_account), number="401")
    import_statements([file])
    events = AuditEvent.objects.filter(action="bulk").order_by("id")
    described = [(event.object_repr, event.changes["count"]) for event in events]
    assert described == [
        ("statement 401 of wyciag-312.sta: lines", 1),
        ("statement 401 of wyciag-312.sta: payments", 1),
    ]
    assert events.last().object_ids == f",{ledger.pk},"


def test_a_statement_streamed_from_a_file_equals_the_one_read_at_once():
    data = (FIXTURES / "pko_bp.sta").read_bytes()
    [whole] = parse_mt940(data, "pko.sta")
    stream = stream_mt940(io.BytesIO(data), "pko.sta")
    streamed = next(stream)  # the next statement would first read past these lines
    lines = list(streamed.lines)
    assert lines == whole.lines
    assert (streamed.closing_balance, streamed.date) == (whole.closing_balance, whole.date)
    assert streamed.movement() == whole.movement()


def test_a_streamed_statement_reads_its_lines_only_when_asked():
    data = (FIXTURES / "pko_bp.sta").read_bytes()
    cut = data[: data.rindex(b":62F:")]
    streamed = next(stream_mt940(io.BytesIO(cut), "cut.sta"))  # the header reads fine
    assert streamed.account and streamed.opening_balance is not None
    with pytest.raises(StatementError, match="plik jest niekompletny"):
        list(streamed.lines)


def test_a_truncated_streamed_file_books_nothing(ledger, settings):
    settings.IOK_COLLECTION_ACCOUNTS = {"23102055610000380209739045"}
    data = (FIXTURES / "pko_bp.sta").read_bytes()
    cut = data[: data.rindex(b":62F:")]
    with pytest.raises(StatementError, match="plik jest niekompletny"):
        import_statements(stream_statement(io.BytesIO(cut), "cut.sta"))
    assert StatementLine.objects.count() == Entry.objects.count() == 0


@given(st.binary(max_size=300), st.integers(min_value=1, max_value=40))
def test_chunks_never_cut_a_letter_and_lose_nothing(data, size):
    pieces = list(_chunks(io.BytesIO(data), size))
    assert b"".join(pieces) == data
    for before, after in itertools.pairwise(pieces):
        assert not (before[-1:] >= b"\x80" and after[:1] >= b"\x80")


@given(st.text(alphabet="ąćęłńóśźżĄĆĘŁŃÓŚŹŻ abcXYZ:0123\n", max_size=200))
@settings(max_examples=60)
def test_the_encoding_chosen_in_small_chunks_is_the_one_chosen_whole(text):
    for encoding in ("utf-8", "iso-8859-2", "cp1250", "cp852"):
        data = text.encode(encoding)
        whole = choose_encoding(io.BytesIO(data))
        small = _choose_in_chunks_of(data, 7)
        assert small == whole


def _choose_in_chunks_of(data: bytes, size: int) -> str:
    from iok.payments.parsers import mt940

    original = mt940._chunks.__defaults__
    mt940._chunks.__defaults__ = (size,)
    try:
        return choose_encoding(io.BytesIO(data))
    finally:
        mt940._chunks.__defaults__ = original


@given(st.text(alphabet="0123456789", min_size=24, max_size=28))
def test_polish_account_numbers_are_checked_as_stdnum_checks_them(digits):
    candidate = "PL" + digits
    assert is_valid(candidate) == iban.is_valid(candidate)


def test_virtual_accounts_pass_the_account_check(ledger):
    assert is_valid("PL" + ledger.virtual_account)
    assert Ledger.objects.filter(pk=ledger.pk).exists()


def test_a_dry_run_names_each_lines_contract_without_a_query_per_line(
    ledger, django_assert_num_queries
):
    lines = [line(f"{n}.00", n, virtual_account=ledger.virtual_account) for n in range(1, 6)]
    result = import_statements([statement(*lines)], dry_run=True)
    with django_assert_num_queries(0):
        numbers = {line.ledger.contract.number for line in result.lines}
    assert numbers == {ledger.contract.number}


def test_a_payer_who_paid_three_ledgers_in_earlier_imports_is_not_guessed(ledger, contract):
    from iok.ledger.posting import open_ledger
    from iok.payments.matching import _payers_seen
    from tests.conftest import make_contract, person

    tenant = person("Ewa", "Druga", "85030512345")
    others = [
        open_ledger(
            make_contract(
                f"M/2022/00{n}", contract.premises, datetime.date(2022, 1, 1), tenant, persons=1
            )
        )
        for n in (41, 42)
    ]
    paid = [
        line("10.00", n, virtual_account=each.virtual_account, counterparty_account=PAYER)
        for n, each in enumerate([ledger, *others], start=1)
    ]
    import_statements([statement(*paid, number="1")])
    seen = _payers_seen({PAYER, OTHER_PAYER, ""})
    # The lowest and the highest ledger of the account's booked lines: two, so ambiguous.
    assert seen == {PAYER: {ledger.pk, others[-1].pk}}
    later = line("30.00", 1, counterparty_account=PAYER, title="bez numeru")
    assert import_statements([statement(later, number="2")]).unmatched == 1
