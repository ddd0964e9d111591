"""Model fields shared by the apps."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import NumberInput

from iok.forms import DecimalField, parse_decimal

BIGGEST = 2**63 - 1  # of a BigIntegerField, the scaled integer that is stored


class FixedPointField(models.BigIntegerField):
    """A Decimal with a fixed number of places, stored as a scaled integer.

    The database sees only integers, so SQLite (which would store NUMERIC as a
    float) and PostgreSQL keep exactly the same value.
    """

    places = 3
    form_class = DecimalField

    def __init__(self, *args, places=None, **kwargs):
        if places is not None:
            self.places = places
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.places != type(self).places:
            kwargs["places"] = self.places
        return name, path, args, kwargs

    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.places)

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value
        if isinstance(value, float):
            raise ValidationError("Floats are not accepted here.", code="float")
        return parse_decimal(value)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places).quantize(self.quantum())

    def get_prep_value(self, value):
        if value is None or hasattr(value, "resolve_expression"):
            return value
        if isinstance(value, float):
            raise TypeError(f"{self.name}: floats are not accepted; pass a Decimal.")
        scaled = Decimal(value).scaleb(self.places)
        if scaled != scaled.to_integral_value():
            raise ValueError(
                f"{self.name}: {value} has more than {self.places} decimal places; round it first."
            )
        return int(scaled)

    def formfield(self, **kwargs):
        """A text input with the number keyboard, never `<input type="number">`,
        which shows `7,80` as empty and submits it empty: the admin asks for a
        number input for every integer field, this one included, so that
        widget is replaced here, where the admin and the office forms meet."""
        if _is_number_input(kwargs.get("widget")):
            del kwargs["widget"]
        largest = Decimal(BIGGEST).scaleb(-self.places)
        defaults = {
            "form_class": self.form_class,
            "places": self.places,
            "min_value": -largest,
            "max_value": largest,
        }
        return models.Field.formfield(self, **{**defaults, **kwargs})


def _is_number_input(widget) -> bool:
    kind = widget if isinstance(widget, type) else type(widget)
    return widget is not None and issubclass(kind, NumberInput)
