from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from iok.security.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Copies the whole database into FILE, consistently while IOK runs: SQLite through its "
        "online backup API, PostgreSQL as a pg_dump custom-format archive. An existing FILE is "
        "never overwritten. Restore it with `iok restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if file.exists():
            raise CommandError(f"{file} exists already: choose a new file name.")
        try:
            backup(file)
        except BackupError as error:
            file.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {file} ({file.stat().st_size} bytes).")
