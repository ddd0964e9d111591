"""Monthly billing (naliczenie): one charge entry per active contract and month.

The month is computed in memory from a handful of queries and written through
the batch door into the books, `bulk.post_entries` (through the database
cursor), because 20,000 contracts × 6 components through `bulk_create` alone
takes many times longer than the whole computation.

Inside, amounts are integer grosze and quantities integer thousandths (what
the database stores), so each line is the exact fraction quantity × price ×
days / days of the month, rounded half-up to the grosz once (`_net`).
bench/billing.py measures it."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.translation import gettext as _

from iok import clock, dbstats
from iok.ledger import closing
from iok.ledger.allocation import allocate_billed
from iok.ledger.bulk import NewEntry, post_entries
from iok.ledger.models import Entry, EntryLine, Ledger, Rate
from iok.ledger.money import ZERO, from_grosze, to_grosze
from iok.ledger.posting import open_ledger
from iok.ledger.rates import RateBook
from iok.periods import Period
from iok.registry.models import Contract, Premises, PropertyKind, PropertyValue


@dataclass
class BillingResult:
    period: Period
    charged: int = 0
    total: Decimal = ZERO
    already_charged: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class BillingPreview:
    """What `bill_month(period)` would book now, computed without writing:
    the ledgers it would charge and their total, and what it would skip and
    why (already charged; nothing to charge, no rate applies; a component
    without the property it is charged by, in `warnings`). Contracts without
    a ledger yet get one and are charged too, but are not in the total."""

    period: Period
    ledgers: int = 0
    total: Decimal = ZERO
    already_charged: int = 0
    nothing_to_charge: list[str] = field(default_factory=list)  # contract numbers
    without_ledger: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def to_charge(self) -> Decimal:
        """The total as a positive amount, as the office prints what it charges."""
        return -self.total


class _ContractRow(NamedTuple):
    """A contract to charge, with what its rates and days depend on."""

    ledger_id: int
    contract_id: int
    number: str
    start: datetime.date
    end: datetime.date | None
    premises_id: int
    building_id: int
    premises_kind: str


class _Line(NamedTuple):
    """One component's charge, in the order of EntryLine's columns (after entry_id)."""

    component_id: int
    amount: int  # grosze, negative as charges are
    quantity: int  # thousandths
    unit_price: int  # grosze
    vat_rate: int | None
    vat: int  # grosze, negative


@dataclass(slots=True)
class _Charge:
    ledger_id: int
    operation_date: datetime.date
    lines: list[_Line]
    amount: int = 0  # grosze, like every amount in lines

    def __post_init__(self):
        self.amount = sum(line.amount for line in self.lines)


@dataclass(frozen=True, slots=True)
class _Term:
    """One rate as it applies to the contracts of one scope, prepared once."""

    rate: Rate
    component_id: int
    values: dict[int, int] | None  # subject id -> thousandths; None: one per premises
    later: dict[int, list] | None  # subject id -> [(valid_from, thousandths)] in the month
    on_premises: bool
    price: int  # grosze
    vat_rate: int | None

    def quantity(self, subject: int, begins: datetime.date) -> int | None:
        """The value on the contract's first day in the month."""
        found = self.values.get(subject)
        for valid_from, value in self.later.get(subject, ()):
            if valid_from <= begins:
                found = value
        return found


def bill_month(
    period: Period,
    *,
    booked_on: datetime.date | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> BillingResult:
    """Charge every contract active in `period` that has no charge for it yet.

    Properties and rates are those valid on the first day of the month (for a
    contract that starts inside it, properties on its first day); a contract
    that starts or ends inside the month pays for its days only.

    The contracts are computed, booked and allocated BATCH at a time, so the
    memory a run needs does not grow with the town; all batches are one
    transaction, so the month is booked whole or not at all."""
    refuse_billing(period, booked_on)
    result = BillingResult(period)
    for contract in Contract.objects.active_in(period).filter(ledger__isnull=True):
        open_ledger(contract)
    total = 0  # grosze
    with transaction.atomic():
        count = _count_to_charge(period)
        progress(
            _("%(count)d contracts to charge for %(period)s") % {"count": count, "period": period}
        )
        prices = _Prices.of(period)
        done = 0
        for contracts in _batches(period, result):
            charges = _compute(period, contracts, result, prices)
            if charges:
                _write(period, charges, booked_on or clock.today())
                # A ledger's allocations depend on its own entries alone, and
                # each ledger is charged in one batch only: allocating it now
                # gives what allocating every ledger at the end would, without
                # keeping anything of this batch for the end.
                allocate_billed(period, {c.ledger_id: from_grosze(c.amount) for c in charges})
                result.charged += len(charges)
                total += sum(c.amount for c in charges)
            done += len(contracts)
            progress(_("computed %(done)d of %(all)d") % {"done": done, "all": count})
            del charges, contracts
    if result.charged:
        dbstats.optimize(Entry, EntryLine)  # fresh planner statistics (SQLite)
    result.total = from_grosze(total)
    return result


def preview_month(period: Period) -> BillingPreview:
    """What billing `period` would book today, as `bill_month` computes it
    (the same queries, nothing locked or written); refused as it would be."""
    refuse_billing(period)
    found = BillingResult(period)
    prices = _Prices.of(period)
    preview = BillingPreview(period=period)
    total = 0
    for contracts in _batches(period, found, lock=False):
        charges = _compute(period, contracts, found, prices)
        charged = {charge.ledger_id for charge in charges}
        preview.ledgers += len(charges)
        total += sum(charge.amount for charge in charges)
        preview.nothing_to_charge += [r.number for r in contracts if r.ledger_id not in charged]
    preview.total = from_grosze(total)
    preview.already_charged = found.already_charged
    preview.without_ledger = Contract.objects.active_in(period).filter(ledger__isnull=True).count()
    preview.warnings = found.warnings
    return preview


def refuse_billing(period: Period, booked_on: datetime.date | None = None) -> None:
    """A ValidationError if `period` may not be billed today: too far ahead,
    or a day of it (or of the booking date) inside a closed period."""
    refuse_too_early(period)
    closing.refuse_closed([period.first_day, booked_on or clock.today()])


def latest_billable(today: datetime.date | None = None) -> Period:
    """The last month that may be billed today: the next one. Billing a month
    ahead lets the tenant pay on time; further ahead it would book charges
    from rates and properties that can still change."""
    return Period.of(today or clock.today()).next()


def refuse_too_early(period: Period) -> None:
    """A ValidationError (code `too_early`) naming the month and the rule if
    `period` is after the next month."""
    today = clock.today()
    latest = latest_billable(today)
    if period > latest:
        raise ValidationError(
            _(
                "%(period)s cannot be billed yet: billing runs at most one month in advance,"
                " so on %(today)s the latest month is %(latest)s."
            )
            % {"period": period, "today": today.strftime("%d.%m.%Y"), "latest": latest},
            code="too_early",
        )


# Contracts computed and booked at a time: the memory of a run is that of a
# batch, whatever the size of the town.
BATCH = 5000


def _count_to_charge(period: Period) -> int:
    """How many ledgers the month still has to charge, for the progress report."""
    active = Ledger.objects.filter(contract__in=Contract.objects.active_in(period))
    charged = Entry.objects.filter(kind=Entry.Kind.CHARGE, period=str(period))
    return active.count() - active.filter(pk__in=charged.values("ledger_id")).count()


def _batches(period: Period, result: BillingResult, lock: bool = True):
    """The contracts still to charge, BATCH ledgers at a time in id order.

    Each batch locks its ledgers first and only then looks for charges
    already booked, so that a second run of the same month waits at its
    first batch until the first run commits, and then finds them. A preview
    writes nothing and locks nothing."""
    ledgers = Ledger.objects.select_for_update(of=("self",)) if lock else Ledger.objects.all()
    active = ledgers.filter(contract__in=Contract.objects.active_in(period)).order_by("pk")
    charges = Entry.objects.filter(kind=Entry.Kind.CHARGE, period=str(period))
    after = 0
    while True:
        found = active.filter(pk__gt=after).values_list(
            "pk",
            "contract_id",
            "contract__number",
            "contract__start",
            "contract__end",
            "contract__premises_id",
            "contract__premises__building_id",
            "contract__premises__kind",
        )[:BATCH]
        rows = [_ContractRow._make(row) for row in found]
        if not rows:
            return
        after = rows[-1].ledger_id
        done = set(
            charges.filter(ledger_id__gte=rows[0].ledger_id, ledger_id__lte=after).values_list(
                "ledger_id", flat=True
            )
        )
        result.already_charged += sum(1 for row in rows if row.ledger_id in done)
        yield [row for row in rows if row.ledger_id not in done]
        if len(rows) < BATCH:
            return


def _property_values(
    period: Period, kinds: set, contracts: list[_ContractRow]
) -> tuple[dict, dict]:
    """The values of the `kinds` a rate is charged by, of the premises and
    contracts of `contracts` (a batch), as integer thousandths:
    {("premises"|"contract", kind id): {subject id: value}} on the first day
    of the month, and the same with a list of (valid_from, value) for values
    that begin later in the month (for contracts that begin later too)."""
    on_first = {(subject, kind): {} for subject in ("premises", "contract") for kind in kinds}
    later = {key: {} for key in on_first}
    of_batch = models.Q(premises_id__in={row.premises_id for row in contracts}) | models.Q(
        contract_id__in={row.contract_id for row in contracts}
    )
    rows = (
        PropertyValue.objects.filter(of_batch, kind__in=kinds, valid_from__lte=period.last_day)
        .order_by("valid_from")
        # The stored integer thousandths, without a Decimal made for each row.
        .values_list(
            "premises_id",
            "contract_id",
            "kind_id",
            "valid_from",
            Cast("value", models.BigIntegerField()),
        )
    )
    for premises_id, contract_id, kind_id, valid_from, value in rows:
        if premises_id:
            key, subject = ("premises", kind_id), premises_id
        else:
            key, subject = ("contract", kind_id), contract_id
        if valid_from <= period.first_day:
            on_first[key][subject] = value  # a later valid_from overwrites
        else:
            later[key].setdefault(subject, []).append((valid_from, value))
    return on_first, later


@dataclass
class _Prices:
    """What the batches of a month are computed from: the rates, read once for
    the run, and the property values (integer thousandths) of one batch at a
    time, with the rates prepared for each building and premises kind (or
    contract) from them."""

    period: Period
    book: RateBook
    kinds: set  # the property kinds a rate is charged by
    applies_to: dict
    with_own_rates: set
    values: dict = field(default_factory=dict)
    later: dict = field(default_factory=dict)
    terms_of: dict = field(default_factory=dict)

    @classmethod
    def of(cls, period: Period) -> "_Prices":
        return cls(
            period=period,
            book=RateBook(period.first_day),
            kinds=set(
                Rate.objects.filter(property_kind__isnull=False).values_list(
                    "property_kind_id", flat=True
                )
            ),
            applies_to=dict(PropertyKind.objects.values_list("pk", "applies_to")),
            with_own_rates=set(
                Rate.objects.filter(contract__isnull=False).values_list("contract_id", flat=True)
            ),
        )

    def read(self, contracts: list[_ContractRow]) -> None:
        """The property values of this batch's premises and contracts, in place
        of the last batch's (and the prepared rates that read them)."""
        self.values, self.later = _property_values(self.period, self.kinds, contracts)
        self.terms_of = {}

    def terms(self, row: _ContractRow) -> list[_Term]:
        """The same rates apply to every contract of a building and kind."""
        own = row.contract_id in self.with_own_rates
        key = row.contract_id if own else (row.building_id, row.premises_kind)
        if key not in self.terms_of:
            kind = row.premises_kind
            rates = self.book.for_contract(row.contract_id, row.building_id, kind)
            self.terms_of[key] = [
                _term(rate, kind, self.applies_to, self.values, self.later) for rate in rates
            ]
        return self.terms_of[key]


def _compute(period, contracts: list[_ContractRow], result, prices: _Prices) -> list[_Charge]:
    first, last, month_days = period.first_day, period.last_day, period.days
    if not contracts:
        return []
    prices.read(contracts)
    charges = []
    for row in contracts:
        contract_id, premises_id = row.contract_id, row.premises_id
        begins = max(row.start, first)
        days = (min(row.end or last, last) - begins).days + 1
        lines = []
        for term in prices.terms(row):
            if term.values is None:
                quantity = 1000
            else:
                quantity = term.quantity(premises_id if term.on_premises else contract_id, begins)
                if quantity is None:
                    result.warnings.append(_missing(row.number, term.rate, begins))
                    continue
            line = _line(term, quantity, days, month_days)
            if line.amount:
                lines.append(line)
        if lines:
            charges.append(_Charge(row.ledger_id, begins, lines))
    return charges


def _term(rate: Rate, premises_kind: str, applies_to: dict, values: dict, later: dict) -> _Term:
    subject = applies_to.get(rate.property_kind_id)
    key = (subject, rate.property_kind_id)
    by_property = rate.basis == Rate.Basis.PROPERTY
    return _Term(
        rate=rate,
        component_id=rate.component_id,
        values=values.setdefault(key, {}) if by_property else None,
        later=later.setdefault(key, {}) if by_property else None,
        on_premises=subject == "premises",
        price=to_grosze(rate.amount),
        vat_rate=rate.component.vat_rate if premises_kind == Premises.Kind.COMMERCIAL else None,
    )


def _missing(number: str, rate: Rate, day: datetime.date) -> str:
    return _("%(contract)s: no %(kind)s on %(day)s, %(component)s not charged") % {
        "contract": number,
        "kind": rate.property_kind.name,
        "day": day.strftime("%d.%m.%Y"),
        "component": rate.component.name,
    }


def _line(term: _Term, quantity: int, days: int, month_days: int) -> _Line:
    """One component's charge in grosze, negative as charges are; VAT added on the net."""
    net = _net(quantity, term.price, days, month_days)
    vat = _half_up(net * term.vat_rate, 100) if term.vat_rate else 0
    return _Line(term.component_id, -(net + vat), quantity, term.price, term.vat_rate, -vat)


def _net(quantity: int, price: int, days: int, month_days: int) -> int:
    """quantity × price × days / month_days in grosze, from thousandths and
    grosze, rounded half-up once, on the exact fraction."""
    return _half_up(quantity * price * days, 1000 * month_days)


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to an integer, halves away from zero
    (ROUND_HALF_UP); denominator > 0."""
    whole, rest = divmod(numerator, denominator)
    if 2 * rest > denominator or (2 * rest == denominator and numerator > 0):
        return whole + 1
    return whole


def _write(period: Period, charges: list[_Charge], booked_on: datetime.date) -> None:
    """Book the charges through the batch door, `bulk.post_entries`: every
    value is already what the database stores (grosze, thousandths), and the
    lock `_contracts_to_charge` took on every ledger row is still held."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Charges for %(month)02d/%(year)d") % {"month": period.month, "year": period.year}
    due = datetime.date(period.year, period.month, settings.IOK_DUE_DAY)
    kind, month = Entry.Kind.CHARGE.value, str(period)
    document = f"NAL/{period.year}/{period.month:02d}/"
    entries = [
        NewEntry(
            ledger_id=c.ledger_id,
            kind=kind,
            operation_date=c.operation_date,
            period=month,
            title=title,
            amount=c.amount,
            document=f"{document}{c.ledger_id}",
            due_date=due,
            lines=tuple(c.lines),
        )
        for c in charges
    ]
    post_entries(entries, description=f"charges {period}", booked_on=booked_on)
