"""Any sequence of imports, re-imports, overlapping reports, decisions of the
office, corrections and charges keeps the ledgers exact: each balance is the
sum of its entries, each line is staged once, a file read again books
nothing, each booked line has exactly one payment entry, and no allocation
gives or takes more than an entry's amount.

A Hypothesis state machine draws the sequences; it is derandomized, so every
run tries the same ones. Statements are built in the staged form every parser
returns (the parsers' own round-trip tests cover the files)."""

import datetime
import importlib.util
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count, Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from iok.ledger.corrections import reverse_entry
from iok.ledger.integrity import allocation_problems, balance_differences, statement_line_problems
from iok.ledger.models import Entry
from iok.ledger.nrb import format_nrb, make_nrb
from iok.ledger.posting import open_ledger, post_entry
from iok.payments.importing import import_statements
from iok.payments.models import StatementLine
from iok.payments.reconciliation import assign
from iok.payments.staged import StagedLine, StagedStatement
from iok.periods import Period
from iok.registry.models import Building, Contract, Premises

COLLECTION = "84102010260000120203456789"
LEDGERS = 4
DAYS = [datetime.date(2026, 11, day) for day in (3, 4, 5)]
AMOUNTS = [Decimal(a) for a in ("0.01", "50.00", "50.00", "123.45", "561.43")]
PAYERS = [make_nrb("11402004", f"00003102{n:08d}") for n in range(3)]
BAD_PAYER = PAYERS[0][:-1] + str((int(PAYERS[0][-1]) + 1) % 10)  # check digits wrong
HAS_ALLOCATION = importlib.util.find_spec("iok.ledger.allocation") is not None

KINDS = ("virtual_account", "title_account", "title_contract", "payer", "unknown", "debit")
line_plans = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, LEDGERS - 1),
    st.sampled_from(AMOUNTS),
    st.sampled_from([*PAYERS, BAD_PAYER, ""]),
)
statements = st.tuples(
    st.lists(line_plans, min_size=1, max_size=6), st.sampled_from(DAYS), st.integers(1, 400)
)


class Sequences(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # Each sequence runs in a savepoint rolled back at its end: entries
        # cannot be deleted, so this is how the next one starts clean.
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.ledgers = _town()
        self.imported: list[StagedStatement] = []
        self.charged = [0] * LEDGERS  # months charged so far, from September

    def teardown(self):
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    # --- what happens -----------------------------------------------------

    @rule(drawn=statements)
    def import_a_statement(self, drawn):
        plans, day, number = drawn
        statement = self._statement([self._line(n, day, *plan) for n, plan in enumerate(plans)])
        statement.number, statement.date = str(number), day
        result = import_statements([statement])
        assert result.new_lines + result.already_imported == len(plans)
        self.imported.append(statement)

    @precondition(lambda self: self.imported)
    @rule(data=st.data())
    def import_a_statement_again(self, data):
        statement = data.draw(st.sampled_from(self.imported))
        entries = Entry.objects.count()
        result = import_statements([statement])
        assert (result.new_lines, result.booked) == (0, 0)
        assert result.already_imported == len(statement.lines)
        assert Entry.objects.count() == entries

    @precondition(lambda self: self.imported)
    @rule(data=st.data())
    def import_an_intraday_report_of_an_earlier_day(self, data):
        """MT942 then MT940: the report holds the first lines of a statement
        already imported, under another number and without balances."""
        statement = data.draw(st.sampled_from(self.imported))
        count = data.draw(st.integers(1, len(statement.lines)))
        report = StagedStatement(
            account=statement.account,
            number=f"{statement.number}/942",
            currency="PLN",
            date=statement.date,
            lines=statement.lines[:count],
            format="mt942",
            source="raport.sta",
        )
        entries = Entry.objects.count()
        result = import_statements([report])
        assert (result.new_lines, result.booked, result.already_imported) == (0, 0, count)
        assert Entry.objects.count() == entries

    @precondition(lambda self: StatementLine.objects.filter(status="unmatched").exists())
    @rule(data=st.data(), ledger=st.integers(0, LEDGERS - 1))
    def assign_a_waiting_payment(self, data, ledger):
        waiting = StatementLine.objects.filter(status="unmatched").order_by("pk")
        pk = data.draw(st.sampled_from(list(waiting.values_list("pk", flat=True))))
        line = assign(pk, self.ledgers[ledger], user=None, reason="wpłata za lokal")
        assert line.entry.amount == line.amount

    @precondition(lambda self: _unreversed_payments().exists())
    @rule(data=st.data())
    def reverse_a_booked_payment(self, data):
        entry = data.draw(st.sampled_from(list(_unreversed_payments())))
        reverse_entry(entry, reason="zwrot nadawcy", on=DAYS[-1])

    @rule(ledger=st.integers(0, LEDGERS - 1), amount=st.sampled_from(AMOUNTS))
    def charge_a_ledger(self, ledger, amount):
        """The next month's charge, as billing books it, so payments have something to pay."""
        if self.charged[ledger] == 4:
            return
        period = Period(2026, 9 + self.charged[ledger])
        self.charged[ledger] += 1
        post_entry(
            self.ledgers[ledger],
            Entry.Kind.CHARGE,
            title=f"Czynsz {period.month:02d}/2026",
            amount=-amount,
            operation_date=period.first_day,
            due_date=period.first_day.replace(day=10),
            period=period,
        )
        if HAS_ALLOCATION:
            from iok.ledger.allocation import allocate_ledger

            allocate_ledger(self.ledgers[ledger])

    # --- what always holds ------------------------------------------------

    @invariant()
    def every_balance_is_the_sum_of_its_entries(self):
        assert balance_differences() == []

    @invariant()
    def check_ledger_finds_nothing_wrong_with_allocations_or_statement_lines(self):
        assert allocation_problems() == []
        assert statement_line_problems() == []

    @invariant()
    def every_line_is_staged_under_its_own_key(self):
        repeated = StatementLine.objects.values("key").annotate(n=Count("pk")).filter(n__gt=1)
        assert not repeated.exists()

    @invariant()
    def each_booked_line_has_exactly_one_payment_entry(self):
        booked = StatementLine.objects.filter(status="booked")
        assert not booked.filter(entry__isnull=True).exists()
        assert not StatementLine.objects.exclude(status="booked").filter(entry__isnull=False)
        payments = Entry.objects.filter(kind=Entry.Kind.PAYMENT)
        assert payments.count() == booked.count()
        for line in booked.select_related("entry"):
            assert (line.entry.kind, line.entry.amount) == (Entry.Kind.PAYMENT, line.amount)
            assert line.entry.ledger_id == line.ledger_id

    @invariant()
    def no_allocation_exceeds_the_amounts(self):
        if not HAS_ALLOCATION:
            pytest.skip("no allocation module yet")  # pragma: no cover
        from iok.ledger.models import Allocation

        net = _net_amounts()
        for field, sign in (("payment", 1), ("charge", -1)):
            given = Allocation.objects.values(field).annotate(total=Sum("amount"))
            for row in given:
                assert row["total"] <= sign * net[row[field]], (field, row)

    # --- the town and its statements ---------------------------------------

    def _line(self, n, day, kind, ledger_index, amount, payer) -> StagedLine:
        ledger = self.ledgers[ledger_index]
        line = StagedLine(
            booking_date=day,
            value_date=day,
            amount=amount,
            credit=kind != "debit",
            counterparty_account=payer,
            counterparty_name="Anna Kowalska" if payer else "",
            title="Czynsz 11/2026",
            line_number=n + 1,
        )
        if kind == "virtual_account":
            line.virtual_account = ledger.virtual_account
        elif kind == "title_account":
            line.title = f"Czynsz, rachunek {format_nrb(ledger.virtual_account)}"
        elif kind == "title_contract":
            line.title = f"Opłata wg umowy {ledger.contract.number}"
        elif kind in ("unknown", "debit"):
            line.title = "za garaż" if kind == "unknown" else "opłata za przelew"
        return line

    def _statement(self, lines) -> StagedStatement:
        moved = sum((x.amount if x.credit else -x.amount for x in lines), Decimal(0))
        return StagedStatement(
            account=COLLECTION,
            number="",
            currency="PLN",
            date=DAYS[0],
            opening_balance=Decimal("1000.00"),
            closing_balance=Decimal("1000.00") + moved,
            lines=lines,
            format="mt940",
            source="wyciag.sta",
        )


def _town():
    building = Building.objects.create(
        street="ul. Lipowa", number="1", postal_code="15-424", city="Białystok"
    )
    ledgers = []
    for n in range(LEDGERS):
        flat = Premises.objects.create(building=building, kind="residential", number=str(n))
        contract = Contract.objects.create(
            number=f"M/2026/{n:04d}", kind="lease", premises=flat, start=datetime.date(2026, 1, 1)
        )
        ledgers.append(open_ledger(contract))
    return ledgers


def _unreversed_payments():
    return Entry.objects.filter(kind=Entry.Kind.PAYMENT, corrections__isnull=True).order_by("pk")


def _net_amounts() -> dict[int, Decimal]:
    """Each entry's amount with its corrections added."""
    net = dict(Entry.objects.filter(corrects__isnull=True).values_list("pk", "amount"))
    for corrected, amount in Entry.objects.filter(corrects__isnull=False).values_list(
        "corrects_id", "amount"
    ):
        net[corrected] += amount
    return net


def test_any_sequence_of_imports_decisions_and_corrections_keeps_the_ledgers_exact(db):
    run_state_machine_as_test(
        Sequences,
        settings=settings(
            derandomize=True,
            database=None,
            max_examples=25,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
