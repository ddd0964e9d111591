from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from iok.ledger.opening import ORDER, import_files
from iok.registry.importing import CREATED, UNCHANGED, UPDATED


class Command(BaseCommand):
    help = (
        "Import the registry from CSV files (first load, or sync with the finance system): "
        "budynki*, lokale*, kontrahenci*, umowy*, wlasciwosci*, bilans* (; separated, UTF-8, "
        "decimal comma, dates dd.mm.rrrr; formats in docs/registry.md). Each row finds its "
        "record by a natural key and creates it or updates the fields that differ, so "
        "importing the same files again changes nothing. All files are one transaction: any "
        "bad row and nothing is saved; every bad row is listed with its file, row and column. "
        "An opening balance is booked once per ledger."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything, save nothing."
        )

    def handle(self, *args, files, dry_run=False, **options):
        missing = [str(path) for path in files if not path.is_file()]
        if missing:
            raise CommandError(_("No such file: %(files)s") % {"files": ", ".join(missing)})
        report = import_files(files, dry_run=dry_run)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.problems:
            raise CommandError(
                _("Problems found: %(count)d; nothing was imported.")
                % {"count": len(report.problems)},
                returncode=1,
            )
        for kind in ORDER:
            counts = report.counts[kind]
            if sum(counts.values()):
                self.stdout.write(
                    _("%(kind)s: new %(created)d, updated %(updated)d, unchanged %(unchanged)d")
                    % {
                        "kind": kind,
                        "created": counts[CREATED],
                        "updated": counts[UPDATED],
                        "unchanged": counts[UNCHANGED],
                    }
                )
        if not report.changed:
            self.stdout.write(_("Nothing changed: the registry already holds these data."))
        elif dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported.")))
