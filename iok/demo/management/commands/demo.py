from django.core.management.base import BaseCommand, CommandError

from iok import clock
from iok.demo.builder import Demo, build_demo
from iok.demo.logins import logins_block
from iok.periods import Period
from iok.registry.models import Building

DEFAULT_PREMISES = 300
SHOWN_WARNINGS = 4


class Command(BaseCommand):
    help = (
        "Build a believable demo town in an empty database: buildings on Polish streets, "
        "flats, commercial premises and garages with their areas (some re-measured later), "
        "people with valid PESELs and firms with valid NIPs and REGONs, contracts with "
        "co-tenants and people moving in and out, rates that change every 1 January "
        "(town-wide, per premises kind, for a couple of buildings and for some commercial leases), "
        "and 24 months of opening balances, monthly billing, transfers (on time, late, "
        "partial, overpaid, missing) and a few corrections, ending with --until. Creates "
        "the demo administrator and prints the logins. The same --seed, --premises and "
        "--until build the same town."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--premises", type=int, default=DEFAULT_PREMISES, help="how many premises to build"
        )
        parser.add_argument("--seed", type=int, default=1, help="the town's random seed")
        parser.add_argument(
            "--until", help="the last month billed, YYYY-MM (default: the month before today)"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="if the registry already has buildings, load nothing and only print the logins",
        )

    def handle(self, *args, premises, seed, until, if_empty, **options):
        if premises < 10:
            raise CommandError("A demo town needs at least 10 premises.")
        demo = Demo(premises=premises, seed=seed, until=self._until(until))
        buildings = Building.objects.count()
        if buildings and if_empty:
            self.stdout.write(f"The registry has {buildings} buildings already; loading nothing.")
        elif buildings:
            raise CommandError(
                f"The registry has {buildings} buildings already; the demo loads into an empty "
                "database only. Use --if-empty to skip loading, or start from a new database."
            )
        else:
            self._build(demo)
        self.stdout.write("")
        self.stdout.write(logins_block())

    def _until(self, text: str | None) -> Period:
        if text is None:
            return Period.of(clock.today()).previous()
        try:
            return Period.parse(text)
        except ValueError as exc:
            raise CommandError(str(exc)) from None

    def _build(self, demo: Demo) -> None:
        self.stdout.write(
            f"Building the demo town: {demo.premises} premises, seed {demo.seed}, "
            f"24 months until {demo.until}."
        )
        chronicle = build_demo(demo, progress=self.stdout.write)
        self._warnings(chronicle.warnings)
        self.stdout.write(self.style.SUCCESS("The demo town is ready."))

    def _warnings(self, warnings: list[str]) -> None:
        """Billing's warnings, the first few of them: a long list would bury the logins."""
        if not warnings:
            return
        self.stdout.write(f"Billing warned {len(warnings)} times, for example:")
        for warning in warnings[:SHOWN_WARNINGS]:
            self.stdout.write(f"  {warning}")
