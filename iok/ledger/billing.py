"""Monthly billing (naliczenie): one charge entry per active contract and month.

The month is computed in memory from a handful of queries and written through
the database cursor in `_write` (the one place in IOK that bypasses the ORM
for writes), because 20,000 contracts × 6 components through `bulk_create`
alone takes many times longer than the whole computation."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iok.ledger.models import Entry, EntryLine, Ledger, Rate
from iok.ledger.money import ZERO, money, to_grosze
from iok.ledger.posting import open_ledger
from iok.ledger.rates import RateBook
from iok.periods import Period
from iok.registry.models import Contract, Premises, PropertyKind, PropertyValue

HUNDRED = Decimal(100)


@dataclass
class BillingResult:
    period: Period
    charged: int = 0
    total: Decimal = ZERO
    already_charged: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Charge:
    ledger_id: int
    operation_date: datetime.date
    lines: list[tuple]  # (component_id, amount, quantity, unit_price, vat_rate, vat)

    @property
    def amount(self) -> Decimal:
        return sum((line[1] for line in self.lines), ZERO)


def bill_month(
    period: Period,
    *,
    booked_on: datetime.date | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> BillingResult:
    """Charge every contract active in `period` that has no charge for it yet.

    Properties and rates are those valid on the first day of the month; a
    contract that starts or ends inside the month pays for its days only."""
    result = BillingResult(period)
    for contract in Contract.objects.active_in(period).filter(ledger__isnull=True):
        open_ledger(contract)
    with transaction.atomic():
        contracts = _contracts_to_charge(period, result)
        progress(
            _("%(count)d contracts to charge for %(period)s")
            % {"count": len(contracts), "period": period}
        )
        charges = _compute(period, contracts, result, progress)
        if charges:
            _write(period, charges, booked_on or timezone.localdate())
    result.charged = len(charges)
    result.total = sum((charge.amount for charge in charges), ZERO)
    return result


def _contracts_to_charge(period: Period, result: BillingResult) -> list[tuple]:
    # Lock the ledgers first and only then look for charges already booked, so
    # that a second run of the same month waits here and then finds them.
    rows = list(
        Ledger.objects.select_for_update(of=("self",))
        .filter(contract__in=Contract.objects.active_in(period))
        .order_by("pk")
        .values_list(
            "pk",
            "contract_id",
            "contract__number",
            "contract__start",
            "contract__end",
            "contract__premises_id",
            "contract__premises__building_id",
            "contract__premises__kind",
        )
    )
    done = set(
        Entry.objects.filter(kind=Entry.Kind.CHARGE, period=str(period)).values_list(
            "ledger_id", flat=True
        )
    )
    result.already_charged = sum(1 for row in rows if row[0] in done)
    return [row for row in rows if row[0] not in done]


def _property_values(on: datetime.date) -> dict[tuple, Decimal]:
    """{("premises"|"contract", subject id, kind id): value on the day `on`}."""
    kinds = set(
        Rate.objects.filter(property_kind__isnull=False).values_list("property_kind_id", flat=True)
    )
    values = {}
    rows = (
        PropertyValue.objects.filter(kind__in=kinds, valid_from__lte=on)
        .order_by("valid_from")
        .values_list("premises_id", "contract_id", "kind_id", "value")
    )
    for premises_id, contract_id, kind_id, value in rows:
        key = ("premises", premises_id) if premises_id else ("contract", contract_id)
        values[(*key, kind_id)] = value  # later valid_from overwrites earlier
    return values


def _compute(period, contracts, result, progress) -> list[_Charge]:
    first = period.first_day
    book = RateBook(first)
    values = _property_values(first)
    applies_to = dict(PropertyKind.objects.values_list("pk", "applies_to"))
    with_own_rates = set(
        Rate.objects.filter(contract__isnull=False).values_list("contract_id", flat=True)
    )
    rates_cache = {}
    charges = []
    for done, row in enumerate(contracts, start=1):
        ledger_id, contract_id, number, start, end, premises_id, building_id, kind = row
        cache_key = contract_id if contract_id in with_own_rates else (building_id, kind)
        if cache_key not in rates_cache:
            rates_cache[cache_key] = book.for_contract(contract_id, building_id, kind)
        days = min(end or period.last_day, period.last_day) - max(start, first)
        share = Decimal(days.days + 1) / period.days
        lines = []
        for rate in rates_cache[cache_key]:
            quantity = _quantity(rate, applies_to, values, premises_id, contract_id)
            if quantity is None:
                result.warnings.append(
                    _("%(contract)s: no %(kind)s on %(day)s, %(component)s not charged")
                    % {
                        "contract": number,
                        "kind": rate.property_kind.name,
                        "day": first.strftime("%d.%m.%Y"),
                        "component": rate.component.name,
                    }
                )
                continue
            vat_rate = rate.component.vat_rate if kind == Premises.Kind.COMMERCIAL else None
            line = _line(rate, quantity, share, vat_rate)
            if line[1]:
                lines.append(line)
        if lines:
            charges.append(_Charge(ledger_id, max(start, first), lines))
        if done % 5000 == 0:
            progress(_("computed %(done)d of %(all)d") % {"done": done, "all": len(contracts)})
    return charges


def _quantity(rate, applies_to, values, premises_id, contract_id) -> Decimal | None:
    if rate.basis != Rate.Basis.PROPERTY:
        return Decimal(1)
    kind_id = rate.property_kind_id
    if applies_to[kind_id] == "premises":
        return values.get(("premises", premises_id, kind_id))
    return values.get(("contract", contract_id, kind_id))


def _line(rate, quantity, share, vat_rate) -> tuple:
    """One component's charge, negative as charges are; VAT added on the net."""
    net = money(quantity * rate.amount * share)
    vat = money(net * vat_rate / HUNDRED) if vat_rate else ZERO
    return (rate.component_id, -(net + vat), quantity, rate.amount, vat_rate, -vat)


def _write(period: Period, charges: list[_Charge], booked_on: datetime.date) -> None:
    """Insert the entries and lines and move the balances, through the cursor."""
    ops = connection.ops
    date = ops.adapt_datefield_value
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Charges for %(month)02d/%(year)d") % {"month": period.month, "year": period.year}
    due = date(datetime.date(period.year, period.month, settings.IOK_DUE_DAY))
    now = ops.adapt_datetimefield_value(timezone.now())
    entry_t, line_t, ledger_t = (m._meta.db_table for m in (Entry, EntryLine, Ledger))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {entry_t} (ledger_id, kind, booking_date, operation_date, due_date,"
            " period, title, amount, document, created)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    c.ledger_id,
                    Entry.Kind.CHARGE.value,
                    date(booked_on),
                    date(c.operation_date),
                    due,
                    str(period),
                    title,
                    to_grosze(c.amount),
                    f"NAL/{period.year}/{period.month:02d}/{c.ledger_id}",
                    now,
                )
                for c in charges
            ],
        )
        cursor.execute(
            f"SELECT ledger_id, id FROM {entry_t} WHERE kind = %s AND period = %s",
            [Entry.Kind.CHARGE.value, str(period)],
        )
        entry_ids = dict(cursor.fetchall())
        cursor.executemany(
            f"INSERT INTO {line_t} (entry_id, component_id, amount, quantity, unit_price,"
            " vat_rate, vat) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    entry_ids[c.ledger_id],
                    component,
                    to_grosze(amount),
                    int(quantity.scaleb(3)),
                    to_grosze(price),
                    vat_rate,
                    to_grosze(vat),
                )
                for c in charges
                for component, amount, quantity, price, vat_rate, vat in c.lines
            ],
        )
        cursor.executemany(
            f"UPDATE {ledger_t} SET balance = balance + %s WHERE id = %s",
            [(to_grosze(c.amount), c.ledger_id) for c in charges],
        )
