"""Polish identification numbers (PESEL, NIP, REGON) checked with
python-stdnum, with the reason for a refusal in the user's language."""

from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as NumberError


def number_error(module, value: str, name: str) -> str | None:
    """None when `value` is a valid number of the stdnum `module`, else the message."""
    try:
        module.validate(value)
    except NumberError as exc:
        return _("%(number)s is not a valid %(name)s: %(reason)s") % {
            "number": value,
            "name": name,
            "reason": _problem(exc),
        }
    return None


def _problem(exc) -> str:
    if isinstance(exc, InvalidChecksum):
        return _("the check digit is wrong")
    if isinstance(exc, InvalidLength):
        return _("it has the wrong number of digits")
    if isinstance(exc, InvalidComponent):
        return _("it contains an impossible date or part")
    return _("it is not written as digits")
