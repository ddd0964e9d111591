from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from iok.ledger.integrity import (
    allocation_problems,
    balance_differences,
    entries_not_matching_lines,
    statement_line_problems,
    stored_total_differences,
)
from iok.ledger.models import Entry
from iok.ledger.money import format_money


class Command(BaseCommand):
    help = (
        "Recompute every ledger's balance from its entries and compare it with the stored "
        "balance; check that every entry's lines add up to its amount, that every "
        "allocation agrees with its payment and charge, that statement lines and "
        "payment entries agree, and that the month totals and open items the database keeps "
        "are the sums of the entries and allocations. Lists each ledger, entry, allocation "
        "or statement line that differs and exits with status 1 if any does."
    )

    def handle(self, *args, **options):
        problems = 0
        for ledger, stored, computed in balance_differences():
            problems += 1
            self.stderr.write(
                _(
                    "ledger %(id)d (%(number)s): stored balance %(stored)s, "
                    "entries add up to %(sum)s"
                )
                % {
                    "id": ledger.pk,
                    "number": ledger.contract.number,
                    "stored": format_money(stored),
                    "sum": format_money(computed),
                }
            )
        for entry, lines in entries_not_matching_lines():
            problems += 1
            self.stderr.write(
                _("entry %(id)d in ledger %(ledger)d: amount %(amount)s, lines add up to %(sum)s")
                % {
                    "id": entry.pk,
                    "ledger": entry.ledger_id,
                    "amount": format_money(entry.amount),
                    "sum": format_money(lines),
                }
            )
        for allocation, problem in allocation_problems():
            problems += 1
            self.stderr.write(
                _(
                    "allocation %(id)d (payment %(payment)d to charge %(charge)d, "
                    "ledger %(ledger)d): %(problem)s"
                )
                % {
                    "id": allocation.pk,
                    "payment": allocation.payment_id,
                    "charge": allocation.charge_id,
                    "ledger": allocation.ledger_id,
                    "problem": problem,
                }
            )
        for found, problem in statement_line_problems():
            problems += 1
            self.stderr.write(self._name(found) + ": " + problem)
        for problem in stored_total_differences():
            problems += 1
            self.stderr.write(problem)
        if problems:
            raise CommandError(_("Problems found: %(count)d.") % {"count": problems}, returncode=1)
        self.stdout.write(self.style.SUCCESS(_("Every ledger balances.")))

    def _name(self, found) -> str:
        if isinstance(found, Entry):
            return _("entry %(id)d in ledger %(ledger)d") % {
                "id": found.pk,
                "ledger": found.ledger_id,
            }
        return _("statement line %(id)d (statement %(statement)d, line %(line)d)") % {
            "id": found.pk,
            "statement": found.statement_id,
            "line": found.line_number,
        }
