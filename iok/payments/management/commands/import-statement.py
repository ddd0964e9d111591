from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from iok.ledger.money import format_money
from iok.payments.importing import import_statements
from iok.payments.staged import StatementError

FORMATS = ["mt940", "mt942", "camt053", "pekao_csv"]


class Command(BaseCommand):
    help = (
        "Import bank statement files (MT940, MT942, camt.053, the Pekao virtual-account "
        "report; the format is read from the content, --format overrides it). Every line "
        "not imported before is staged; each credit is matched to a ledger by the credited "
        "virtual account, then by an account or contract number in the title, then by the "
        "payer's account seen before, and booked as a payment at once. Debits and fees are "
        "staged, never booked; what matches nothing waits for the office. A file that fails "
        "a check (balances, currency, not our collection account, truncated) books nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="statement files")
        parser.add_argument("--format", choices=FORMATS, help="skip detection: read as this")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be booked, book nothing"
        )

    def handle(self, *args, files, format, dry_run, **options):
        from iok.payments.parsers.detect import stream_statement

        for name in files:
            try:
                with Path(name).open("rb") as file:
                    staged = stream_statement(file, source=name, format=format)
                    result = import_statements(staged, dry_run=dry_run, keep_lines=False)
            except (OSError, StatementError) as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(self._summary(name, result, dry_run))

    def _summary(self, name, result, dry_run) -> str:
        if result.known_statements and not result.statements:
            return self._known(name, result)
        facts = {
            "file": name,
            "lines": result.new_lines,
            "known": result.already_imported,
            "booked": result.booked,
            "total": format_money(result.booked_total),
            "unmatched": result.unmatched,
            "debits": result.debits,
            "flagged": result.flagged_accounts,
        }
        text = (
            _(
                "%(file)s: %(lines)d new lines (%(known)d imported before); booked %(booked)d "
                "payments, %(total)s; %(unmatched)d wait for the office; %(debits)d debits "
                "and fees; %(flagged)d invalid payer account numbers."
            )
            % facts
        )
        if result.reversals_booked or result.reversals_waiting or result.debit_reversals:
            text += " " + _(
                "Reversals: %(booked)d booked on the payments they take back, %(waiting)d wait"
                " for the office; %(debits)d reversals of debits (fees given back)."
            ) % {
                "booked": result.reversals_booked,
                "waiting": result.reversals_waiting,
                "debits": result.debit_reversals,
            }
        if result.known_statements:
            text += " " + _("%(count)d statements of the file were imported before.") % {
                "count": len(result.known_statements)
            }
        for source, line, reason in result.skipped:
            text += " " + _("%(file)s, line %(line)d left out: %(reason)s.") % {
                "file": source,
                "line": line,
                "reason": reason,
            }
        return (_("Dry run, nothing booked: ") + text) if dry_run else text

    def _known(self, name, result) -> str:
        earlier = ", ".join(
            _("statement %(number)s of %(date)s, imported %(imported)s")
            % {
                "number": statement.number,
                "date": statement.date.isoformat(),
                "imported": localtime(statement.imported).strftime("%Y-%m-%d %H:%M"),
            }
            for statement in result.known_statements
        )
        return _("%(file)s: already imported (%(earlier)s); nothing stored.") % {
            "file": name,
            "earlier": earlier,
        }
