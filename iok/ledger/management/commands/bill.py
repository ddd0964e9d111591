from django.core.management.base import BaseCommand, CommandError

from iok.ledger.billing import bill_month
from iok.ledger.money import format_money
from iok.periods import Period


class Command(BaseCommand):
    help = (
        "Charge every contract active in the month: one charge entry per ledger, one line "
        "per component, from the properties and rates valid on the first day of the month, "
        "prorated by days for a contract that starts or ends inside it. A ledger already "
        "charged for the month is left alone, so running it again books nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="the month to charge, YYYY-MM")

    def handle(self, *args, month, **options):
        try:
            period = Period.parse(month)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        result = bill_month(period, progress=self.stdout.write)
        for warning in result.warnings:
            self.stderr.write(warning)
        if not result.charged:
            self.stdout.write(
                f"Nothing to book for {period}: {result.already_charged} ledgers "
                "already charged, no other active contract to charge."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{period}: charged {result.charged} ledgers, total {format_money(result.total)}"
                f" ({result.already_charged} already charged before)."
            )
        )
