"""Model fields shared by the apps."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models


class FixedPointField(models.BigIntegerField):
    """A Decimal with a fixed number of places, stored as a scaled integer.

    The database sees only integers, so SQLite (which would store NUMERIC as a
    float) and PostgreSQL keep exactly the same value.
    """

    places = 3

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
        try:
            return Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise ValidationError(f"{value!r} is not a number.", code="invalid") from None

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
        from django import forms

        # Localized: a Polish clerk types 6,10 and sees 6,10 (6.10 is read too).
        defaults = {
            "form_class": forms.DecimalField,
            "decimal_places": self.places,
            "localize": True,
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)
