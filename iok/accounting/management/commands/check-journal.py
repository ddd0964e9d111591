from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from iok.accounting.management.commands._period import add_period_arguments, period
from iok.accounting.reconciliation import reconcile
from iok.ledger.money import format_money


class Command(BaseCommand):
    help = (
        "Reconcile the journal of the entries booked from --from to --to with the ledger's "
        "own totals: for every account, Wn − Ma in the journal must equal what the ledger's "
        "totals put there (the entries per ledger on the receivables, their lines' net per "
        "component on revenue, their VAT per rate, the payments per collection account on the "
        "bank), to the grosz; Wn must equal Ma; the receivables together must move by what "
        "the entries moved the tenants' balances. Prints each account; names every account "
        "that differs and exits 1."
    )

    def add_arguments(self, parser):
        add_period_arguments(parser)

    def handle(self, *args, first, last, **options):
        start, end = period(first, last)
        try:
            result = reconcile(start, end)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for row in result.accounts:
            mark = "" if row.agrees else f"  ≠ ledger {format_money(row.expected)}"
            self.stdout.write(
                f"{row.account:<20} Wn {format_money(row.debit):>16} "
                f"Ma {format_money(row.credit):>16}{mark}"
            )
        facts = (
            f"{start:%d.%m.%Y}–{end:%d.%m.%Y}: {result.documents} documents, "
            f"Wn {format_money(result.debit)}, Ma {format_money(result.credit)}"
        )
        problems = [
            f"account {row.account}: journal {format_money(row.balance)}, "
            f"ledger {format_money(row.expected)}"
            for row in result.differing
        ]
        if result.debit != result.credit:
            problems.append("Wn and Ma differ")
        if result.receivables_balance != -result.entries_total:
            problems.append(
                f"the receivables moved by {format_money(result.receivables_balance)}, the "
                f"entries by {format_money(-result.entries_total)}"
            )
        if problems:
            raise CommandError(f"{facts}; does not reconcile: " + "; ".join(problems))
        self.stdout.write(self.style.SUCCESS(f"{facts}; every account reconciles."))
