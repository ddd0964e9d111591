"""A statement file uploaded in the office: its preview, its import, and how
a file that came in before is recognised, so that nothing is offered twice.

A file is known when an imported upload had the same content (its SHA-256),
when every statement in it was imported before (the same account, number and
date), or when none of its lines is new (the line keys, as the import finds
them). A known file is not imported: there is nothing in it to book."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q

from iok import clock
from iok.payments.importing import ImportResult, import_statements
from iok.payments.keys import digits
from iok.payments.models import Statement, Upload
from iok.payments.parsers.detect import parse_statement
from iok.payments.staged import StagedStatement


@dataclass
class Known:
    """Why a file offers nothing to book, and the statements it came in as."""

    SAME_FILE = "same_file"
    SAME_STATEMENTS = "same_statements"
    NO_NEW_LINES = "no_new_lines"

    reason: str
    statements: list[Statement] = field(default_factory=list)
    upload: Upload | None = None  # the earlier upload of the same content


class AlreadyImported(Exception):
    def __init__(self, known: Known):
        super().__init__(known.reason)
        self.known = known


@dataclass
class Preview:
    result: ImportResult | None  # None when the file is known
    known: Known | None
    # Statements of the file imported before, when others in it are new.
    some_known: list[Statement] = field(default_factory=list)


def parsed(upload: Upload) -> list[StagedStatement]:
    return parse_statement(bytes(upload.data), source=upload.name, format=upload.format or None)


def earlier_statements(staged: list[StagedStatement]) -> list[Statement]:
    """The imported statements with the account, number and date of one of `staged`."""
    if not staged:
        return []
    wanted = reduce(
        or_, (Q(account=digits(s.account), number=s.number, date=s.date) for s in staged)
    )
    return list(
        Statement.objects.filter(wanted).select_related("imported_by").order_by("imported", "pk")
    )


def known_file(upload: Upload, staged: list[StagedStatement]) -> tuple[Known | None, list]:
    """(Known, []) when the file came in before as a whole; else (None, the
    statements of it that did)."""
    same = (
        Upload.objects.filter(sha256=upload.sha256, imported__isnull=False)
        .exclude(sha256="")
        .exclude(pk=upload.pk)
        .order_by("imported")
        .first()
    )
    if same is not None:
        statements = list(same.statements.select_related("imported_by").order_by("pk"))
        return Known(Known.SAME_FILE, statements, same), []
    earlier = earlier_statements(staged)
    keys = {(s.account, s.number, s.date) for s in earlier}
    if staged and all((digits(s.account), s.number, s.date) in keys for s in staged):
        return Known(Known.SAME_STATEMENTS, earlier), []
    return None, earlier


def preview(upload: Upload, user) -> Preview:
    """What importing the file would do (the import run and rolled back), or
    why it would do nothing. Raises StatementError for a file that cannot be read."""
    staged = parsed(upload)
    known, some = known_file(upload, staged)
    if known is not None:
        return Preview(None, known)
    result = import_statements(staged, user=user, dry_run=True)
    if result.new_lines == 0:
        return Preview(None, Known(Known.NO_NEW_LINES, some))
    return Preview(result, None, some)


def import_upload(upload: Upload, user) -> ImportResult:
    """Import and book the file, once. Raises AlreadyImported (booking
    nothing) for a known file, StatementError for one that fails a check."""
    staged = parsed(upload)
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload.pk)
        if upload.imported is not None:
            raise AlreadyImported(Known(Known.SAME_FILE, list(upload.statements.all()), upload))
        known, some = known_file(upload, staged)
        if known is not None:
            raise AlreadyImported(known)
        result = import_statements(staged, user=user, upload=upload)
        if result.new_lines == 0:
            # Rolls back the empty statements the import recorded.
            raise AlreadyImported(Known(Known.NO_NEW_LINES, some))
        upload.imported = clock.now()
        upload.save(update_fields=["imported"])
    return result
