"""Random partial corrections of one charge line: what is booked never
exceeds what the line holds, every refusal leaves the books as they were,
and the balance moves by exactly the corrected sum. Hypothesis, derandomized
so that every run tries the same cases."""

import datetime
import itertools
from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.ledger.corrections import remaining_by_component, reverse_entry
from iok.ledger.models import Entry
from iok.ledger.posting import Line, post_entry
from iok.registry.models import Premises
from tests.conftest import component, make_contract

NOV_1 = datetime.date(2026, 11, 1)
grosze = st.integers(min_value=1, max_value=100_000).map(lambda g: Decimal(g).scaleb(-2))
_numbers = itertools.count(1)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(line=grosze, vat_rate=st.sampled_from([None, 8, 23]), parts=st.lists(grosze, max_size=6))
def test_partial_corrections_never_exceed_the_line_and_move_the_balance_by_their_sum(
    building, tenant, line, vat_rate, parts
):
    premises = Premises.objects.create(
        building=building, kind="garage", number=f"P{next(_numbers)}"
    )
    ledger = make_contract(f"P/{premises.number}", premises, NOV_1, tenant).ledger
    vat = (line * vat_rate / (100 + vat_rate)).quantize(Decimal("0.01")) if vat_rate else 0
    rent = component("rent")
    charge = post_entry(
        ledger, "charge", title="Opłaty", operation_date=NOV_1,
        lines=[Line(rent, -line, vat=-vat, vat_rate=vat_rate)],
    )  # fmt: skip
    corrected = Decimal("0.00")
    for wanted in parts:
        try:
            booked = reverse_entry(charge, reason="część", on=NOV_1, amounts={rent: wanted})
        except ValidationError:
            assert corrected + wanted > line  # refused only what would exceed the line
            continue
        assert booked.amount == wanted
        corrected += wanted
    assert corrected <= line
    ledger.refresh_from_db()
    assert ledger.balance == -line + corrected
    left = remaining_by_component(charge).get(rent)
    assert (left.amount if left else 0) == -line + corrected
    lines = [ln for c in charge.corrections.all() for ln in c.lines.all()]
    assert abs(sum((ln.vat for ln in lines), Decimal(0))) <= abs(vat)
    if corrected == line:
        assert sum((ln.vat for ln in lines), Decimal(0)) == vat
    assert ledger.balance == sum((e.amount for e in Entry.objects.filter(ledger=ledger)), 0)
