"""Form helpers shared by the apps: numbers as a Polish clerk types them.

A decimal number is typed into a text input with `inputmode="decimal"`, never
into `<input type="number">`: a number input takes only a point, so the
browser shows a Polish value such as `7,80` as empty and submits it empty.
`parse_decimal` reads `7,80`, `7.80`, `1 234,56` (spaces, no-break spaces
between thousands) and `-12,5`; the fields render Decimals with the comma of
the active language and refuse with a message that names the value and what
is wrong with it.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Between groups of thousands: a space, a no-break space, a narrow no-break
# space (what `1 234,56 zł` prints) or a thin space.
GROUP_SPACES = " \u00a0\u202f\u2009"
NUMBER = re.compile(
    r"(?P<sign>[-+]?)"
    rf"(?P<whole>\d{{1,3}}(?:[{GROUP_SPACES}]\d{{3}})+|\d*)"
    r"(?:[.,](?P<fraction>\d*))?"
)
MINUS_SIGNS = {"\u2212": "-", "\u2013": "-"}  # a typeset minus, and the dash Word puts there

INVALID = _('"%(value)s" is not a number; type it like 1234,56 or 1 234,56.')
BOTH_SEPARATORS = _(
    '"%(value)s" has both a comma and a point: write the decimals after a comma '
    "and put spaces (or nothing) between thousands."
)
TOO_MANY_PLACES = ngettext_lazy(
    '"%(value)s" has more than %(places)d decimal place.',
    '"%(value)s" has more than %(places)d decimal places.',
    "places",
)
TOO_LONG = _('"%(value)s" has too many digits for a number kept here.')
TOO_SMALL = _('"%(value)s" is less than %(limit)s, the smallest value allowed here.')
TOO_LARGE = _('"%(value)s" is more than %(limit)s, the largest value allowed here.')


def parse_decimal(text) -> Decimal:
    """The number a person typed, as a Decimal, exactly as typed (not rounded).

    Raises a ValidationError (code `invalid` or `separators`) that names the
    value. Floats are refused: they have lost the exact value already."""
    if isinstance(text, Decimal):
        return text
    if isinstance(text, float):
        raise TypeError("Numbers are Decimals or text, never floats.")
    typed = str(text).strip()
    for sign, minus in MINUS_SIGNS.items():
        typed = typed.replace(sign, minus)
    if "," in typed and "." in typed:
        raise ValidationError(BOTH_SEPARATORS, code="separators", params={"value": text})
    found = NUMBER.fullmatch(typed)
    if not found or not (found["whole"] or found["fraction"]):
        raise ValidationError(INVALID, code="invalid", params={"value": text})
    whole = re.sub(f"[{GROUP_SPACES}]", "", found["whole"]) or "0"
    fraction = found["fraction"]
    return Decimal(f"{found['sign']}{whole}.{fraction}" if fraction else f"{found['sign']}{whole}")


def format_decimal(value: Decimal, places: int | None = None) -> str:
    """A Decimal as it is typed back into a form in the active language:
    `7,80`, `-1234,5`, with `places` decimals, or as few as the value needs
    (`80`, `52,4`) when places is None. No grouping, so the text round-trips."""
    if places is None:
        text = f"{value.normalize():f}" if value else "0"
    else:
        text = f"{value.quantize(Decimal(1).scaleb(-places)):f}"
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


class DecimalInput(forms.TextInput):
    """A text input that brings up the phone's number keyboard with a comma."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class DecimalField(forms.Field):
    """A decimal number of at most `places` decimals, typed the Polish way.

    `shown_places` is how many decimals an initial value is shown with (None:
    as few as it needs, so a count of persons reads `2`, not `2,000`)."""

    widget = DecimalInput
    default_error_messages = {
        "invalid": INVALID,
        "separators": BOTH_SEPARATORS,
        "places": TOO_MANY_PLACES,
        "digits": TOO_LONG,
        "min_value": TOO_SMALL,
        "max_value": TOO_LARGE,
    }

    def __init__(self, *, places=3, shown_places=None, min_value=None, max_value=None, **kwargs):
        self.places, self.shown_places = places, shown_places
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return format_decimal(Decimal(value), self.shown_places)
        return value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = parse_decimal(value)
        except ValidationError as error:
            raise ValidationError(self.error_messages[error.code], **_detail(error)) from None
        try:
            exact = number.quantize(Decimal(1).scaleb(-self.places))
        except InvalidOperation:  # more digits than a Decimal context holds
            raise ValidationError(
                self.error_messages["digits"], code="digits", params={"value": value}
            ) from None
        if exact != number:
            raise ValidationError(
                self.error_messages["places"],
                code="places",
                params={"value": value, "places": self.places},
            )
        return exact

    def validate(self, value):
        super().validate(value)
        if value is not None and self.min_value is not None and value < self.min_value:
            self._refuse("min_value", value, self.min_value)
        if value is not None and self.max_value is not None and value > self.max_value:
            self._refuse("max_value", value, self.max_value)

    def _refuse(self, code, value, limit):
        shown = {"value": self.prepare_value(value), "limit": self.prepare_value(limit)}
        raise ValidationError(self.error_messages[code], code=code, params=shown)


def _detail(error: ValidationError) -> dict:
    return {"code": error.code, "params": error.params}


class MoneyField(DecimalField):
    """An amount in złoty: two decimals, shown as `7,80`; a fraction of a grosz
    is refused, never rounded away."""

    default_error_messages = {
        "places": _('"%(value)s" has a fraction of a grosz: an amount has at most two decimals.'),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("places", 2)
        kwargs.setdefault("shown_places", 2)
        super().__init__(**kwargs)
