"""For random books (charges of flats and commercial premises with VAT,
payments with and without a statement, settlements of either sign, opening
balances, corrections of any of them), every document of the journal
balances, and every account reconciles with the ledger's totals. Hypothesis,
derandomized so that every run tries the same cases."""

import contextlib
import datetime
import itertools
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.accounting.journal import journal
from iok.accounting.reconciliation import reconcile
from iok.ledger.corrections import reverse_entry
from iok.ledger.models import Entry
from iok.ledger.posting import Line, post_entry
from iok.periods import Period
from iok.registry.models import Premises
from tests.accounting.conftest import pay
from tests.conftest import component, make_contract

NOV = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
CODES = ["rent", "cold_water", "sewage", "hot_water", "heating", "waste"]
grosze = st.integers(min_value=1, max_value=500_000).map(lambda g: Decimal(g).scaleb(-2))
signed = grosze.flatmap(lambda a: st.sampled_from([a, -a]))
lines = st.dictionaries(st.sampled_from(CODES), grosze, min_size=1, max_size=4)
settled = st.dictionaries(st.sampled_from(CODES), signed, min_size=1, max_size=4)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("charge"), lines, st.booleans()),
        st.tuples(st.just("payment"), grosze, st.booleans()),
        st.tuples(st.just("settlement"), settled),
        st.tuples(st.just("opening"), signed),
        st.tuples(st.just("correct"), st.integers(min_value=0, max_value=20)),
    ),
    min_size=1,
    max_size=12,
)
_numbers = itertools.count(1)


def vat_of(gross: Decimal, rate: int) -> Decimal:
    return (gross * rate / (100 + rate)).quantize(Decimal("0.01"))


class Books:
    def __init__(self, building, tenant):
        self.building, self.tenant, self.entries, self.month = building, tenant, [], 0
        self.flat, self.shop = self.ledger("residential"), self.ledger("commercial")

    def ledger(self, kind):
        number = next(_numbers)
        premises = Premises.objects.create(building=self.building, kind=kind, number=f"H{number}")
        return make_contract(f"H/{number}", premises, datetime.date(2020, 1, 1), self.tenant).ledger

    def day(self):
        return datetime.date(2026, 11, 1 + len(self.entries) % 30)

    def book(self, operation):
        what, *args = operation
        getattr(self, what)(*args)

    def charge(self, amounts, commercial):
        ledger = self.shop if commercial else self.flat
        self.month += 1
        booked = []
        for code, gross in amounts.items():
            rate = component(code).vat_rate if commercial else None
            vat = vat_of(gross, rate) if rate else Decimal(0)
            booked.append(Line(component(code), -gross, vat=-vat, vat_rate=rate))
        # one charge per ledger and month: each charge of the books its own period
        self._post(ledger, "charge", lines=booked, period=Period(2000 + self.month, 1))

    def payment(self, amount, from_statement):
        if from_statement:
            self.entries.append(pay(self.flat, amount, self.day(), number=next(_numbers)))
        else:
            self._post(self.flat, "payment", amount=amount)

    def settlement(self, amounts):
        booked = [Line(component(code), amount) for code, amount in amounts.items()]
        self._post(self.shop, "settlement", lines=booked)

    def opening(self, amount):
        self._post(self.flat, "opening", amount=amount)

    def correct(self, index):
        originals = [e for e in self.entries if e.kind != Entry.Kind.CORRECTION]
        if not originals:
            return
        entry = originals[index % len(originals)]
        with contextlib.suppress(ValidationError):  # refused: already reversed in full
            self.entries.append(
                reverse_entry(entry, reason="test", on=entry.operation_date, booked_on=self.day())
            )

    def _post(self, ledger, kind, **fields):
        day = self.day()
        self.entries.append(
            post_entry(ledger, kind, title=kind, operation_date=day, booking_date=day, **fields)
        )


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=operations)
def test_every_document_balances_and_every_account_reconciles(building, tenant, operations):
    books = Books(building, tenant)
    for operation in operations:
        books.book(operation)
    documents = journal(*NOV)
    mine = [d for d in documents if d.ledger_id in (books.flat.pk, books.shop.pk)]
    for document in mine:
        assert document.debit == document.credit
        assert all(line.debit >= 0 and line.credit >= 0 for line in document.lines)
        assert all(bool(line.debit) != bool(line.credit) for line in document.lines)
    result = reconcile(*NOV, documents=documents)
    assert result.agrees, result.differing
    moved = defaultdict(Decimal)
    for entry in books.entries:
        moved[entry.ledger_id] += entry.amount
    for ledger in (books.flat, books.shop):
        ledger.refresh_from_db()
        account = f"200-{ledger.pk:06d}"
        row = next((r for r in result.accounts if r.account == account), None)
        assert (row.balance if row else 0) == -moved[ledger.pk] == -ledger.balance
