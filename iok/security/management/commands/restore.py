from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from iok.security.backup import BackupError, restore, rows_of_user_data


class Command(BaseCommand):
    help = (
        "Replaces the whole database with the backup in FILE (made by `iok backup`). It refuses "
        "a database that already holds logins, buildings, contractors or ledger entries unless "
        "--force is given, since everything in it is lost. PostgreSQL restores in one "
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
            restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored from {file}. Now run `iok check-ledger`.")
