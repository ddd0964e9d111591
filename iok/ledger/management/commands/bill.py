from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from iok.ledger.billing import bill_month
from iok.ledger.money import format_money
from iok.periods import Period


class Command(BaseCommand):
    help = (
        "Charge every contract active in the month: one charge entry per ledger, one line "
        "per component, from the properties and rates valid on the first day of the month, "
        "prorated by days for a contract that starts or ends inside it. A ledger already "
        "charged for the month is left alone, so running it again books nothing new. "
        "Only months up to the next one can be billed (one month in advance), and none "
        "with a day inside a closed period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="the month to charge, YYYY-MM")

    def handle(self, *args, month, **options):
        try:
            period = Period.parse(month)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:
            result = bill_month(period, progress=self.stdout.write)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for warning in result.warnings:
            self.stderr.write(warning)
        facts = {
            "period": period,
            "charged": result.charged,
            "total": format_money(result.total),
            "before": result.already_charged,
        }
        if not result.charged:
            self.stdout.write(
                _("Nothing to book for %(period)s: %(before)d ledgers already charged.") % facts
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("%(period)s: charged %(charged)d ledgers, total %(total)s.") % facts
            )
        )
