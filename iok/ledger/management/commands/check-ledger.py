from django.core.management.base import BaseCommand, CommandError

from iok.ledger.checks import balance_differences, entries_not_matching_lines
from iok.ledger.money import format_money


class Command(BaseCommand):
    help = (
        "Recompute every ledger's balance from its entries and compare it with the stored "
        "balance; check that every entry's lines add up to its amount. Lists each ledger "
        "or entry that differs and exits with status 1 if any does."
    )

    def handle(self, *args, **options):
        problems = 0
        for ledger, stored, computed in balance_differences():
            problems += 1
            self.stderr.write(
                f"ledger {ledger.pk} ({ledger.contract.number}): stored balance "
                f"{format_money(stored)}, entries add up to {format_money(computed)}"
            )
        for entry, lines in entries_not_matching_lines():
            problems += 1
            self.stderr.write(
                f"entry {entry.pk} in ledger {entry.ledger_id}: amount "
                f"{format_money(entry.amount)}, lines add up to {format_money(lines)}"
            )
        if problems:
            raise CommandError(f"{problems} problem(s) found.", returncode=1)
        self.stdout.write(self.style.SUCCESS("Every ledger balances."))
