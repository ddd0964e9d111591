from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iok.security.backup import (
    BackupError,
    is_site_archive,
    restore,
    restore_site,
    rows_of_user_data,
)


class Command(BaseCommand):
    help = (
        "Replaces the whole database, and the uploaded files under MEDIA_ROOT, with the backup "
        "in FILE (made by `iok backup`; an older backup of the database alone restores the "
        "database and leaves MEDIA_ROOT as it is). It refuses a database that already holds "
        "logins, buildings, contractors or ledger entries unless --force is given, since "
        "everything in it is lost. The database is restored first and the files swapped in "
        "after, so a failure leaves the files as they were. PostgreSQL restores in one "
        "transaction: a failure leaves the database as it was, and it must run as the tables' "
        "owner (DATABASE_URL of the owner, not the application's role). Run `iok check-ledger` "
        "after."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="overwrite a database that holds data"
        )

    def handle(self, *args, file: Path, force: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        rows = rows_of_user_data()
        if rows and not force:
            raise CommandError(
                f"The database is not empty ({rows} rows of logins, buildings, contractors and "
                "entries): restoring would erase them. Add --force if that is what you want."
            )
        try:
            if is_site_archive(file):
                media = restore_site(file, Path(settings.MEDIA_ROOT))
                restored = f"the database and {media} uploaded files"
            else:
                restore(file)
                restored = "the database (a backup of the database alone: no uploaded files)"
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {restored} from {file}. Now run `iok check-ledger`.")
