"""A settlement run: calculate every contract of the scope and book the
differences, once.

Re-running a period books nothing for a contract whose calculation did not
change; when it changed (a corrected reading, a new price), it books only the
difference per component, as a correction of the first settlement entry, and
keeps the new calculation as the next revision."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from iok import clock
from iok.ledger.allocation import allocate_ledgers
from iok.ledger.models import Component, Entry, EntryLine, Ledger
from iok.ledger.posting import Line, open_ledger, post_entry
from iok.periods import Period
from iok.registry.models import Contract
from iok.settlements.calculation import calculate
from iok.settlements.inputs import Gathered, contract_span, contracts_in_scope
from iok.settlements.models import Settlement, SettlementRun

PAYMENT_DAYS = 14  # an underpayment is due two weeks after it is booked
ZERO = Decimal("0.00")


class Outcome:
    NEW, CORRECTED, UNCHANGED, SKIPPED = "new", "corrected", "unchanged", "skipped"


@dataclass
class Row:
    contract: Contract
    document: dict
    outcome: str
    amount: Decimal = ZERO  # what is (or would be) booked now

    @property
    def cost(self) -> Decimal:
        return Decimal(self.document["cost"])

    @property
    def advances(self) -> Decimal:
        return Decimal(self.document["advances"])

    @property
    def estimates(self) -> list[dict]:
        """The components with days estimated rather than metered."""
        return [row for row in self.document["components"] if row["estimated_days"]]


@dataclass
class RunResult:
    first: datetime.date
    last: datetime.date
    rows: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    run: SettlementRun | None = None

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.rows), ZERO)


def check_period(first: datetime.date, last: datetime.date, on: datetime.date) -> None:
    """Settlements cover whole months that have ended, as advances are charged by month."""
    if first.day != 1:
        raise ValidationError(_("A settlement period starts on the first day of a month."))
    if last != Period.of(last).last_day:
        raise ValidationError(_("A settlement period ends on the last day of a month."))
    if last < first:
        raise ValidationError(_("The period ends before it starts."))
    if last >= on:
        raise ValidationError(
            _("The period has not ended yet: it can be settled from %(day)s on.")
            % {"day": (last + datetime.timedelta(days=1)).strftime("%d.%m.%Y")}
        )


def run_settlements(
    first: datetime.date,
    last: datetime.date,
    *,
    building=None,
    user=None,
    on: datetime.date | None = None,
    dry_run: bool = False,
) -> RunResult:
    """Settle every contract with days in [first, last] (of one building, or
    all): each for its own days. With `dry_run`, compute and say what would
    be booked, and book nothing. All or nothing."""
    on = on or clock.today()
    check_period(first, last, on)
    result = RunResult(first, last)
    contracts = list(contracts_in_scope(first, last, building))
    for contract in contracts:
        if not hasattr(contract, "ledger"):
            contract.ledger = open_ledger(contract)
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        # Lock the ledgers before reading what is already settled, so that a
        # second run of the same period waits here and then finds it booked.
        list(
            Ledger.objects.select_for_update()
            .filter(contract__in=[c.pk for c in contracts])
            .order_by("pk")
            .values_list("pk")
        )
        gathered = Gathered(contracts, first, last)
        booked = _booked(contracts, first, last)
        components = {c.code: c for c in Component.objects.all()}
        run = None
        if not dry_run:
            run = SettlementRun.objects.create(
                first=first, last=last, building=building, created_by=user
            )
        for contract in contracts:
            row = _settle(contract, gathered, booked, components, run, on, result)
            if row is not None:
                result.rows.append(row)
        if run is not None:
            run.booked = result.count(Outcome.NEW)
            run.corrected = result.count(Outcome.CORRECTED)
            run.unchanged = result.count(Outcome.UNCHANGED)
            run.warnings = result.warnings
            run.save()
            allocate_ledgers([r.contract.ledger.pk for r in result.rows if r.amount])
            result.run = run
    return result


def _booked(contracts, first, last) -> dict[int, list[Settlement]]:
    """Each contract's settlements that touch the period, latest revision first."""
    found = defaultdict(list)
    for settlement in (
        Settlement.objects.filter(contract__in=contracts, first__lte=last, last__gte=first)
        .select_related("entry")
        .order_by("-revision")
    ):
        found[settlement.contract_id].append(settlement)
    return found


def _settle(contract, gathered, booked, components, run, on, result) -> Row | None:
    span = contract_span(contract, gathered.first, gathered.last)
    earlier = booked.get(contract.pk, [])
    if any((s.first, s.last) != (span.first, span.last) for s in earlier):
        result.warnings.append(
            _("%(contract)s: already settled for another period overlapping this one; skipped.")
            % {"contract": contract.number}
        )
        return None
    document = calculate(gathered.contract_input(contract))
    for skipped in document["skipped"]:
        result.warnings.append(_skip_warning(contract, skipped))
    for row in document["components"]:
        for short in row["short_estimates"]:
            result.warnings.append(_short_estimate_warning(contract, row, short))
    if not document["components"]:
        return None
    wanted = {
        row["code"]: (Decimal(row["difference"]), Decimal(row["difference_vat"]))
        for row in document["components"]
    }
    if not earlier:
        lines = _lines(document, wanted, components)
        row = Row(contract, document, Outcome.NEW, sum((li.amount for li in lines), ZERO))
        if run is not None:
            _book(run, contract, span, document, lines, on, revision=0, corrects=None)
        return row
    so_far = _booked_by_component(earlier)
    delta = {
        code: (
            wanted.get(code, (ZERO, ZERO))[0] - so_far.get(code, (ZERO, ZERO))[0],
            wanted.get(code, (ZERO, ZERO))[1] - so_far.get(code, (ZERO, ZERO))[1],
        )
        for code in set(wanted) | set(so_far)
    }
    if not any(amount or vat for amount, vat in delta.values()):
        return Row(contract, document, Outcome.UNCHANGED)
    lines = _lines(document, delta, components)
    row = Row(contract, document, Outcome.CORRECTED, sum((li.amount for li in lines), ZERO))
    if run is not None:
        original = next(s for s in earlier if s.revision == 0)
        _book(
            run,
            contract,
            span,
            document,
            lines,
            on,
            revision=earlier[0].revision + 1,
            corrects=original.entry,
        )
    return row


def _booked_by_component(earlier: list[Settlement]) -> dict[str, tuple[Decimal, Decimal]]:
    rows = (
        EntryLine.objects.filter(entry__in=[s.entry_id for s in earlier])
        .values_list("component__code")
        .annotate(amount=Sum("amount"), vat=Sum("vat"))
    )
    return {code: (amount, vat) for code, amount, vat in rows}


def _lines(document, amounts, components) -> list[Line]:
    rows = {row["code"]: row for row in document["components"]}
    lines = []
    for code, (amount, vat) in sorted(amounts.items(), key=lambda i: components[i[0]].order):
        if not (amount or vat):
            continue
        row = rows.get(code)
        prices = row["prices"] if row else []
        lines.append(
            Line(
                component=components[code],
                amount=amount,
                vat=vat,
                vat_rate=row["vat_rate"] if row else None,
                quantity=Decimal(row["consumption"]) if row else None,
                unit_price=Decimal(prices[0]["price"]) if len(prices) == 1 else None,
            )
        )
    return lines


def _book(run, contract, span, document, lines, on, *, revision, corrects) -> Settlement:
    amount = sum((line.amount for line in lines), ZERO)
    dates = {"first": span.first.strftime("%d.%m.%Y"), "last": span.last.strftime("%d.%m.%Y")}
    if corrects is None:
        title = _("Utility settlement %(first)s–%(last)s") % dates
    else:
        title = _("Correction of the utility settlement %(first)s–%(last)s") % dates
    entry = post_entry(
        contract.ledger,
        Entry.Kind.CORRECTION if corrects else Entry.Kind.SETTLEMENT,
        title=title,
        operation_date=on,
        amount=amount,
        lines=lines,
        due_date=on + datetime.timedelta(days=PAYMENT_DAYS) if amount < 0 else None,
        document=f"ROZ/{span.first:%Y%m%d}-{span.last:%Y%m%d}/{contract.ledger.pk}/{revision}",
        corrects=corrects,
    )
    return Settlement.objects.create(
        run=run,
        contract=contract,
        first=span.first,
        last=span.last,
        revision=revision,
        entry=entry,
        amount=amount,
        document=document,
    )


def _short_estimate_warning(contract, row, short) -> str:
    """Why a few estimated days next to a reading are worth a look before
    booking: most likely the reading's date is a day off (docs/settlements.md)."""

    def day(text):
        return datetime.date.fromisoformat(text).strftime("%d.%m.%Y")

    first = datetime.date.fromisoformat(short["first"])
    facts = {
        "contract": contract.number,
        "component": row["name"],
        "days": ngettext("%(count)d day", "%(count)d days", short["days"])
        % {"count": short["days"]},
        "first": day(short["first"]),
        "last": day(short["last"]),
        "meter": short["meter"],
        "date": day(short["reading"]),
        "before": (first - datetime.timedelta(days=1)).strftime("%d.%m.%Y"),
    }
    if short["before"]:
        text = _(
            "%(contract)s, %(component)s: estimated for %(days)s (%(first)s–%(last)s) before "
            "the reading of meter %(meter)s of %(date)s. A reading is the meter's state at the "
            "end of the day it is dated: to meter the use from %(first)s, date that reading "
            "%(before)s."
        )
    else:
        text = _(
            "%(contract)s, %(component)s: estimated for %(days)s (%(first)s–%(last)s) after "
            "the last reading of meter %(meter)s of %(date)s. A reading is the meter's state at "
            "the end of the day it is dated: to meter the use up to %(last)s, date the closing "
            "reading %(last)s."
        )
    return text % facts


def _skip_warning(contract, skipped) -> str:
    if skipped["reason"] == "no_price":
        why = _("no supplier price valid on %(day)s") % {
            "day": datetime.date.fromisoformat(skipped["day"]).strftime("%d.%m.%Y")
        }
    else:
        why = _("no readings, no history and no persons or norm to estimate from")
    return _("%(contract)s: %(component)s not settled: %(why)s.") % {
        "contract": contract.number,
        "component": skipped["name"],
        "why": why,
    }
