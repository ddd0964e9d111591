from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from iok.ledger.allocation import allocate_ledgers
from iok.ledger.models import Ledger


class Command(BaseCommand):
    help = (
        "Recompute which charges every payment paid (art. 451 of the Civil Code: interest "
        "first, then what the title names, then the oldest charge due), for every ledger or "
        "the ones given. Allocations are derived from the entries and never change a "
        "balance; run this after entries were written by anything other than IOK's own "
        "booking functions."
    )

    def add_arguments(self, parser):
        parser.add_argument("ledgers", nargs="*", type=int, help="ledger ids (default: all)")

    def handle(self, *args, ledgers, **options):
        ids = ledgers or Ledger.objects.values("pk")
        count = allocate_ledgers(ids)
        self.stdout.write(_("Allocations recomputed: %(count)d.") % {"count": count})
