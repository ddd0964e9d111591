import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from iok import clock
from iok.api import tokens
from iok.api.models import ApiToken
from iok.api.scopes import Scope
from iok.audit import context


class Command(BaseCommand):
    help = (
        "API tokens of the systems that call IOK's API (docs/api.md). `create SYSTEM --scope "
        "read_ledger ...` makes one and prints it once: IOK keeps only its digest, so a lost "
        "token is revoked and made again. `list` shows every token without the secret; "
        "`revoke PREFIX` stops a token at once. Scopes: " + ", ".join(Scope.values) + "."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Make a token and print it once.")
        create.add_argument("system", help="The system's name, as the audit log will show it.")
        create.add_argument(
            "--scope", action="append", required=True, choices=Scope.values, dest="scopes"
        )
        create.add_argument(
            "--days", type=int, help="Expire after this many days (default: never)."
        )
        actions.add_parser("list", help="Every token: system, prefix, scopes, expiry, last use.")
        revoke = actions.add_parser("revoke", help="Revoke a token by its prefix (see list).")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, system, scopes, days=None, **options):
        if days is not None and days < 1:
            raise CommandError(_("--days must be at least 1."))
        expires = clock.now() + datetime.timedelta(days=days) if days else None
        try:
            row, token = tokens.issue(
                system, scopes, expires=expires, created_by=context.current().username
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            _("Token for %(system)s (%(prefix)s), scopes %(scopes)s. It is shown this once:")
            % {"system": row.system, "prefix": row.token_prefix, "scopes": ", ".join(row.scopes)}
        )
        self.stdout.write(token)

    def _list(self, **options):
        for row in ApiToken.objects.all():
            state = _("revoked") if row.revoked else _("valid") if row.is_valid() else _("expired")
            self.stdout.write(
                f"{row.token_prefix}  {row.system}  {','.join(row.scopes)}  {state}  "
                + _("expires %(expires)s, last used %(used)s")
                % {
                    "expires": f"{clock.local(row.expires):%Y-%m-%d %H:%M}" if row.expires else "—",
                    "used": f"{clock.local(row.last_used):%Y-%m-%d %H:%M}"
                    if row.last_used
                    else "—",
                }
            )

    def _revoke(self, prefix, **options):
        row = ApiToken.objects.filter(token_prefix=prefix).first()
        if row is None:
            raise CommandError(_("No token has the prefix %(prefix)s.") % {"prefix": prefix})
        if tokens.revoke(row):
            self.stdout.write(_("Revoked the token of %(system)s.") % {"system": row.system})
        else:
            self.stdout.write(
                _("The token of %(system)s was revoked already.") % {"system": row.system}
            )
