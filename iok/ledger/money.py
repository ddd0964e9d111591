"""Money: Decimal in code, integer grosze in the database, half-up to the grosz.

Every amount that enters IOK goes through `money()`; every amount that is
stored goes through `MoneyField`. Floats are refused outright, because a
float has already lost the grosz before we see it.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from iok import forms
from iok.fields import FixedPointField

GROSZ = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value) -> Decimal:
    """An amount rounded half-up to the grosz. Accepts Decimal, int and str."""
    if isinstance(value, float):
        raise TypeError("Amounts must not be floats; pass a Decimal or a string.")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        return amount.quantize(GROSZ, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount.") from None


def to_grosze(amount: Decimal) -> int:
    """Whole grosze of an amount that is already exact to the grosz."""
    if isinstance(amount, float):
        raise TypeError("Amounts must not be floats; pass a Decimal or a string.")
    grosze = Decimal(amount).scaleb(2)
    if grosze != grosze.to_integral_value():
        raise ValueError(f"{amount} has a fraction of a grosz; round it with money() first.")
    return int(grosze)


def from_grosze(grosze: int) -> Decimal:
    return Decimal(int(grosze)).scaleb(-2).quantize(GROSZ)


def format_money(amount: Decimal, currency: str = "zł") -> str:
    """`1 234,56 zł` as Polish print has it (no-break spaces, so it never wraps)."""
    sign = "-" if amount < 0 else ""
    whole, fraction = f"{abs(money(amount)):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{chr(0xA0).join(groups)},{fraction}{chr(0xA0)}{currency}".rstrip()


class MoneyField(FixedPointField):
    """An amount in złoty, stored as integer grosze."""

    places = 2
    form_class = forms.MoneyField  # `7,80`, and a fraction of a grosz refused
