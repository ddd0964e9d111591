import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from iok.ledger.money import format_money
from iok.registry.models import Building
from iok.settlements.running import run_settlements


class Command(BaseCommand):
    help = (
        "Settle utilities for whole months that have ended: every contract with days in "
        "the period (of one building, or all) is settled for its own days. Consumption comes "
        "from accepted readings, prorated by days where a reading is not on the boundary, and "
        "is estimated from the premises' average daily use, else from persons registered × "
        "the norm, where readings are missing; times the supplier's prices (split by days "
        "where they change), minus the advances charged for those months. The difference is "
        "booked as one settlement entry per contract. Running it again books nothing; after "
        "a corrected reading it books only the difference, as a correction."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--building", type=int, help="id of one building (default: all)")
        parser.add_argument("--dry-run", action="store_true", help="compute, book nothing")

    def handle(self, *args, first, last, building, dry_run, **options):
        try:
            first, last = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        except ValueError as exc:
            raise CommandError(f"Dates are written YYYY-MM-DD: {exc}") from None
        scope = None
        if building is not None:
            scope = Building.objects.filter(pk=building).first()
            if scope is None:
                raise CommandError(f"There is no building with id {building}.")
        try:
            result = run_settlements(first, last, building=scope, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for warning in result.warnings:
            self.stderr.write(warning)
        counts = {outcome: result.count(outcome) for outcome in ("new", "corrected", "unchanged")}
        verb = "would book" if dry_run else "booked"
        self.stdout.write(
            f"{first:%d.%m.%Y}–{last:%d.%m.%Y}: {verb} {counts['new']} settlements and "
            f"{counts['corrected']} corrections, together {format_money(result.total)}; "
            f"{counts['unchanged']} already settled and unchanged."
        )
