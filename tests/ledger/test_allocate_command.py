import datetime
from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from iok.ledger.billing import bill_month
from iok.ledger.models import Allocation
from iok.ledger.posting import post_entry
from iok.periods import Period


def test_the_allocate_command_allocates_payments_posted_directly(ledger, rates):
    bill_month(Period(2026, 11))  # -561.43, due 10.11.2026
    post_entry(
        ledger,
        "payment",
        title="przelew",
        amount=Decimal("600.00"),
        operation_date=datetime.date(2026, 11, 8),
    )
    assert not Allocation.objects.exists()  # post_entry alone does not allocate
    call_command("allocate", stdout=StringIO())
    paid = Allocation.objects.get()
    assert (paid.charge.kind, paid.amount) == ("charge", Decimal("561.43"))
    ledger.refresh_from_db()
    assert ledger.balance == Decimal("38.57")  # allocations never move the balance
