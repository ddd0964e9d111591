"""What every text format refuses: bytes no bank statement holds."""

from django.utils.translation import gettext as _

from iok.payments.staged import StatementError


def nul_message() -> str:
    return _("a NUL byte (0x00), which no statement holds: the file is damaged")


def refuse_nul(text: str, source: str) -> None:
    """A NUL character is in no text statement (and PostgreSQL stores none in
    a text column): the file is damaged. Refused naming its line."""
    at = text.find("\x00")
    if at < 0:
        return
    line = text.count("\n", 0, at) + 1
    raise StatementError(
        nul_message(),
        _("%(source)s, line %(line)d") % {"source": source, "line": line},
    )
