"""Ledger integrity: what `iok check-ledger` verifies."""

from collections import defaultdict

from django.db import connection
from django.db.models import Sum
from django.utils.translation import gettext as _

from iok.ledger.models import Allocation, Entry, EntryLine, Ledger
from iok.ledger.money import ZERO, format_money, from_grosze


def balance_differences() -> list[tuple[Ledger, object, object]]:
    """(ledger, stored balance, sum of its entries) for every ledger that disagrees."""
    sums = dict(
        Entry.objects.values("ledger_id")
        .annotate(total=Sum("amount"))
        .values_list("ledger_id", "total")
    )
    wrong = []
    for ledger in Ledger.objects.select_related("contract").order_by("pk"):
        computed = sums.get(ledger.pk, ZERO)
        if ledger.balance != computed:
            wrong.append((ledger, ledger.balance, computed))
    return wrong


def entries_not_matching_lines() -> list[tuple[Entry, object]]:
    """(entry, sum of its lines) for entries with lines that do not add up to the amount."""
    sums = EntryLine.objects.values("entry_id").annotate(total=Sum("amount"))
    totals = {row["entry_id"]: row["total"] for row in sums}
    entries = Entry.objects.filter(pk__in=totals).only("pk", "amount", "ledger_id")
    return [(e, totals[e.pk]) for e in entries.iterator() if e.amount != totals[e.pk]]


def _corrected() -> dict[int, object]:
    """{entry id: the sum of its corrections} for every corrected entry (one
    query, no list of ids however many allocations there are)."""
    return dict(
        Entry.objects.filter(corrects__isnull=False)
        .values("corrects_id")
        .annotate(total=Sum("amount"))
        .values_list("corrects_id", "total")
    )


def allocation_problems() -> list[tuple[Allocation, str]]:
    """(allocation, what is wrong with it) for allocations that disagree with
    their entries: the payment and the charge in the allocation's ledger, a
    credit paying a debt (neither a correction), and no entry giving or
    getting more than it has (its amount with its corrections)."""
    allocations = list(
        Allocation.objects.select_related("payment", "charge").order_by("pk").iterator(2000)
    )
    corrected = _corrected()
    effective, given, taken = {}, defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for allocation in allocations:
        for entry in (allocation.payment, allocation.charge):
            effective[entry.pk] = entry.amount + corrected.get(entry.pk, ZERO)
        given[allocation.payment_id] += allocation.amount
        taken[allocation.charge_id] += allocation.amount
    found = []
    for allocation in allocations:
        payment, charge = allocation.payment, allocation.charge
        if not payment.ledger_id == charge.ledger_id == allocation.ledger_id:
            found.append((allocation, _("its payment and charge are not both in its ledger")))
        if payment.corrects_id or effective[payment.pk] <= 0:
            found.append((allocation, _("its payment does not raise the balance")))
        if charge.corrects_id or effective[charge.pk] >= 0:
            found.append((allocation, _("its charge does not lower the balance")))
        if given[payment.pk] > effective[payment.pk] > 0:
            found.append(
                (
                    allocation,
                    _("the payment's allocations add up to %(sum)s, more than its %(amount)s")
                    % {
                        "sum": format_money(given[payment.pk]),
                        "amount": format_money(effective[payment.pk]),
                    },
                )
            )
        if taken[charge.pk] > -effective[charge.pk] > 0:
            found.append(
                (
                    allocation,
                    _("the charge's allocations add up to %(sum)s, more than its %(amount)s")
                    % {
                        "sum": format_money(taken[charge.pk]),
                        "amount": format_money(-effective[charge.pk]),
                    },
                )
            )
    return found


def statement_line_problems() -> list[tuple[object, str]]:
    """(statement line or entry, what is wrong) where the bank's lines and the
    payment entries disagree: a booked line has its payment entry, in the
    line's ledger, of the line's amount, dated the line's booking date; a
    line not booked has no entry; and a payment entry with a document (the
    import always gives one, the line's bank reference or key) belongs to a
    line. A booked reversal's entry is a reversal taking back its amount; a
    debit that paid a refund names the refund of its amount."""
    from iok.payments.models import StatementLine  # the payments app books into the ledger

    Kind = Entry.Kind

    Status = StatementLine.Status
    booked = (Status.BOOKED, Status.REVERSAL_BOOKED)
    found = []
    lines = StatementLine.objects.filter(entry__isnull=False) | StatementLine.objects.filter(
        status__in=booked
    )
    split = StatementLine.Match.ALLOWANCE_LIST
    for line in lines.select_related("entry").order_by("pk").iterator(2000):
        entry = line.entry
        reversal = line.status == Status.REVERSAL_BOOKED
        # A refund is paid by a debit of the statement, which stays a debit.
        refund = line.status == Status.DEBIT and entry is not None and entry.kind == Kind.REFUND
        if line.match == split and entry is None:
            found.extend((line, problem) for problem in _split_problems(line))
        elif line.status not in booked and not refund:
            found.append((line, _("it is not booked but names entry %(id)d") % {"id": entry.pk}))
        elif entry is None:
            found.append((line, _("it is booked but names no entry")))
        elif (entry.kind, entry.ledger_id, entry.amount, entry.operation_date) != (
            Kind.REVERSAL if reversal else Kind.REFUND if refund else Kind.PAYMENT,
            line.ledger_id,
            -line.amount if reversal or refund else line.amount,
            line.booking_date,
        ):
            found.append(
                (
                    line,
                    _(
                        "its entry %(id)d (%(kind)s, ledger %(ledger)s, %(amount)s, %(day)s) is "
                        "not its payment (ledger %(line_ledger)s, %(line_amount)s, %(line_day)s)"
                    )
                    % {
                        "id": entry.pk,
                        "kind": entry.get_kind_display(),
                        "ledger": entry.ledger_id,
                        "amount": format_money(entry.amount),
                        "day": entry.operation_date.strftime("%d.%m.%Y"),
                        "line_ledger": line.ledger_id,
                        "line_amount": format_money(line.amount),
                        "line_day": line.booking_date.strftime("%d.%m.%Y"),
                    },
                )
            )
    orphans = (
        Entry.objects.filter(kind=Entry.Kind.PAYMENT, statement_line__isnull=True)
        .exclude(document="")
        .order_by("pk")
    )
    found.extend(
        (
            entry,
            _("a payment with the document %(document)s and no statement line")
            % {"document": entry.document},
        )
        for entry in orphans.iterator(2000)
    )
    return found


def stored_total_differences() -> list[str]:
    """What the database's stored totals (migration 0010) say that the entries
    and allocations do not: each month total and each open item compared with
    the same sum computed afresh, in one grouped query each. A difference
    means a raw write got around the triggers."""
    with connection.cursor() as cursor:
        cursor.execute(_MONTHS_DIFFER.format(month=_MONTH[connection.vendor]))
        found = [
            _("ledger %(ledger)d, month %(month)s: stored totals %(stored)s, entries %(computed)s")
            % {
                "ledger": ledger,
                "month": str(month)[:7],
                "stored": " / ".join(format_money(from_grosze(v)) for v in stored),
                "computed": " / ".join(format_money(from_grosze(v)) for v in computed),
            }
            for ledger, month, *sums in cursor.fetchall()
            for stored, computed in [(sums[:3], sums[3:])]
        ]
        cursor.execute(_OPEN_ITEMS_DIFFER)
        found += [
            _(
                "entry %(entry)d in ledger %(ledger)d: stored open amount %(stored)s, "
                "computed %(computed)s"
            )
            % {
                "entry": entry,
                "ledger": ledger,
                "stored": format_money(from_grosze(stored or 0)),
                "computed": format_money(from_grosze(computed or 0)),
            }
            for entry, ledger, stored, computed in cursor.fetchall()
        ]
    return found


_MONTH = {
    "sqlite": "substr(operation_date, 1, 7) || '-01'",
    "postgresql": "date_trunc('month', operation_date)::date",
}
# Stored and computed side by side, grouped by their key: one query that needs
# no FULL OUTER JOIN (older SQLite has none).
_MONTHS_DIFFER = (
    "SELECT ledger_id, month, SUM(sd), SUM(sc), SUM(sr), SUM(cd), SUM(cc), SUM(cr) FROM ("
    " SELECT ledger_id, month, debits AS sd, credits AS sc, corrections AS sr,"
    " 0 AS cd, 0 AS cc, 0 AS cr FROM ledger_monthtotal"
    " UNION ALL SELECT ledger_id, {month}, 0, 0, 0,"
    " CASE WHEN kind <> 'correction' AND amount < 0 THEN amount ELSE 0 END,"
    " CASE WHEN kind <> 'correction' AND amount >= 0 THEN amount ELSE 0 END,"
    " CASE WHEN kind = 'correction' THEN amount ELSE 0 END FROM ledger_entry) sides"
    " GROUP BY ledger_id, month"
    " HAVING SUM(sd) <> SUM(cd) OR SUM(sc) <> SUM(cc) OR SUM(sr) <> SUM(cr) ORDER BY 1, 2"
)
_OPEN_ITEMS_DIFFER = (
    "SELECT entry_id, ledger_id, SUM(stored), SUM(computed) FROM ("
    " SELECT entry_id, ledger_id, amount AS stored, 0 AS computed FROM ledger_openitem"
    " UNION ALL SELECT COALESCE(corrects_id, id), ledger_id, 0, amount FROM ledger_entry"
    " UNION ALL SELECT charge_id, ledger_id, 0, amount FROM ledger_allocation"
    " UNION ALL SELECT payment_id, ledger_id, 0, -amount FROM ledger_allocation) sides"
    " GROUP BY entry_id, ledger_id HAVING SUM(stored) <> SUM(computed) ORDER BY 1"
)


def _split_problems(line) -> list[str]:
    """What is wrong with a payment split by a housing allowance list: its
    rows' entries are allowances dated the line's booking date and add up
    to the line's amount (iok/payments/allowance.py)."""
    entries = [row.entry for row in line.allowance_rows.select_related("entry")]
    if any(
        (e.kind, e.operation_date) != (Entry.Kind.ALLOWANCE, line.booking_date) for e in entries
    ):
        return [_("an entry of its allowance list is not an allowance of its date")]
    total = sum((e.amount for e in entries), ZERO)
    if total != line.amount:
        return [
            _("its allowance list's entries add up to %(total)s, not to %(amount)s")
            % {"total": format_money(total), "amount": format_money(line.amount)}
        ]
    return []
