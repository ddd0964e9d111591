"""Checks on what an applicant or a tenant types: PESEL, phone, password length."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from stdnum.pl import pesel

from iok.registry.numbers import number_error

PHONE = re.compile(r"^\+?[0-9 ()-]{9,20}$")


def validate_pesel(value: str) -> None:
    # The same messages as the registry's contractor form, so a typo in an
    # application reads as it does everywhere else.
    error = number_error(pesel, value, "PESEL")
    if error:
        raise ValidationError(error, code="pesel")


def validate_phone(value: str) -> None:
    if not PHONE.match(value):
        raise ValidationError(
            _("Write the phone number in digits, for example 85 123 45 67 or +48 600 100 200."),
            code="phone",
        )


class MaximumLengthValidator:
    """Django has a minimum but no maximum: without one, a megabyte-long
    password would be hashed with Argon2 on every attempt."""

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(self._message(), code="password_too_long")

    def get_help_text(self):
        return self._message()

    def _message(self):
        return ngettext(
            "Your password must contain at most %(max_length)d character.",
            "Your password must contain at most %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}
