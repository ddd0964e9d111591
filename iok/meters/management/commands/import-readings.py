from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from iok.meters.importing import import_readings


class Command(BaseCommand):
    help = (
        "Import meter readings delivered by reading collectors: a CSV file, one reading a "
        "line, `serial number;date;value` (date dd.mm.rrrr or rrrr-mm-dd, decimal comma or "
        "point; a header line is skipped). All or nothing: if any line is wrong (unknown "
        "meter, bad date or value, a reading lower than the previous accepted one, a date "
        "outside the meter's life) nothing is recorded and every bad line is listed. A line "
        "whose meter, date and value are already recorded is skipped, so importing the same "
        "file again adds nothing. Readings far above the premises' history wait for staff."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the collector's CSV file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and show what would be added, add nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from None
        report = import_readings(data, dry_run=dry_run)
        if not report.ok:
            lines = [
                _("line %(number)s: %(message)s") % {"number": number, "message": message}
                for number, message in report.errors
            ]
            raise CommandError(
                _("%(file)s: nothing imported, %(count)d bad lines:")
                % {"file": file, "count": len(lines)}
                + "\n"
                + "\n".join(lines)
            )
        text = _(
            "%(file)s: %(added)d readings added (%(flagged)d wait for staff), "
            "%(skipped)d already there and skipped."
        ) % {
            "file": file,
            "added": report.added,
            "flagged": report.flagged,
            "skipped": report.skipped,
        }
        self.stdout.write((_("Dry run, nothing recorded: ") + text) if dry_run else text)
