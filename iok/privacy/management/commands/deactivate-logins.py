from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from iok import clock
from iok.privacy.deactivation import deactivate, stale_logins


class Command(BaseCommand):
    help = (
        "Deactivate the portal logins of tenants who have had no active contract for longer "
        "than IOK_INACTIVE_LOGIN_DAYS (default 90) days: every contract of the login's "
        "contractor ended more than that many days ago (a login whose contractor has no "
        "contract counts from the day it was made). The login is switched off and its "
        "sessions end; nothing is deleted: contractor, contracts and ledger history are kept "
        "as accounting law requires. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the logins without deactivating them."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.IOK_INACTIVE_LOGIN_DAYS
        stale = stale_logins(clock.today(), days)
        for item in stale:
            self.stdout.write(
                _("%(login)s (%(name)s): no active contract since %(since)s")
                % {
                    "login": item.account.user.get_username(),
                    "name": item.account.contractor.name,
                    "since": item.since.strftime("%d.%m.%Y"),
                }
            )
        if not stale:
            self.stdout.write(
                _("No login to deactivate: every tenant had a contract in the last %(days)d days.")
                % {"days": days}
            )
        elif dry_run:
            self.stdout.write(
                _("Dry run: %(count)d logins would be deactivated.") % {"count": len(stale)}
            )
        else:
            sessions = deactivate(stale)
            self.stdout.write(
                self.style.SUCCESS(
                    _("Deactivated %(count)d logins and ended %(sessions)d sessions.")
                    % {"count": len(stale), "sessions": sessions}
                )
            )
