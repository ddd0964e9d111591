from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iok.security.backup import BackupError, backup_site


class Command(BaseCommand):
    help = (
        "Copies the whole site into FILE, consistently while IOK runs: the database (SQLite "
        "through its online backup API, PostgreSQL as a pg_dump custom-format archive) and "
        "every uploaded file under MEDIA_ROOT (the photos of self-readings), in one gzipped tar "
        "readable by its owner only. An existing FILE is never overwritten. Restore it with "
        "`iok restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if file.exists():
            raise CommandError(f"{file} exists already: choose a new file name.")
        try:
            media = backup_site(file, Path(settings.MEDIA_ROOT))
        except BackupError as error:
            file.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up to {file} ({file.stat().st_size} bytes): the database and "
            f"{media} uploaded files."
        )
