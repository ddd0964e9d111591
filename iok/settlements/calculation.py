"""One contract's settlement as a document, from plain data (no database).

The document is what is stored on the Settlement and shown to the tenant:
per component the consumption and how it was obtained, the prices by days,
the cost, the advances charged and the difference. Decimals are strings and
dates ISO strings, so it is JSON as it stands."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from iok.settlements.arithmetic import (
    THOUSANDTH,
    CannotSettle,
    MeterReadings,
    Part,
    Span,
    consumption,
    estimated_days,
    half_up,
    monthly_advance,
    net_amount,
    price_pieces,
    short_estimates,
    total,
    vat_of,
    weakest,
)

# 2: each component counts its metered and estimated days and lists the
# short estimates next to a reading.
VERSION = 2
ZERO = Decimal("0.00")


@dataclass
class ComponentInput:
    code: str
    name: str
    unit: str
    meters: list[MeterReadings]
    norm: Decimal | None  # per person per month
    prices: list[tuple[datetime.date, Decimal]]  # (valid_from, net price per unit)
    vat_rate: int | None = None  # commercial premises only
    advances: Decimal = ZERO  # gross advances charged, positive
    advances_vat: Decimal = ZERO


@dataclass
class ContractInput:
    span: Span
    persons: Decimal | None
    components: list[ComponentInput] = field(default_factory=list)


def calculate(data: ContractInput) -> dict:
    """The whole calculation; components that cannot be settled are listed
    under `skipped` with the reason, and their advances are left alone."""
    rows, skipped = [], []
    for component in data.components:
        try:
            rows.append(_component(data.span, data.persons, component))
        except CannotSettle as reason:
            skipped.append(
                {
                    "code": component.code,
                    "name": component.name,
                    "reason": reason.code,
                    "day": reason.day.isoformat() if reason.day else None,
                }
            )
    cost = sum((Decimal(r["cost"]) for r in rows), ZERO)
    advances = sum((Decimal(r["advances"]) for r in rows), ZERO)
    return {
        "version": VERSION,
        "first": data.span.first.isoformat(),
        "last": data.span.last.isoformat(),
        "days": data.span.days,
        "persons": _text(data.persons),
        "components": rows,
        "skipped": skipped,
        "cost": str(cost),
        "advances": str(advances),
        "difference": str(advances - cost),
    }


def _component(span: Span, persons, c: ComponentInput) -> dict:
    parts = consumption(span, c.meters, persons, c.norm)
    quantity = total(parts)
    pieces = price_pieces(span, c.prices)
    net = net_amount(quantity, pieces, span.days)
    vat = vat_of(net, c.vat_rate)
    cost = net + vat
    estimated = estimated_days(parts)
    return {
        "code": c.code,
        "name": c.name,
        "unit": c.unit,
        "consumption": str(quantity),
        "method": weakest(p.method for p in parts).value,
        "metered_days": span.days - estimated,
        "estimated_days": estimated,
        "parts": [_part(p) for p in parts],
        "short_estimates": [
            {
                "first": short.part.first.isoformat(),
                "last": short.part.last.isoformat(),
                "days": (short.part.last - short.part.first).days + 1,
                "meter": short.serial,
                "reading": short.reading.isoformat(),
                "before": short.before,
            }
            for short in short_estimates(parts)
        ],
        "prices": [
            {
                "first": piece.first.isoformat(),
                "last": piece.last.isoformat(),
                "days": piece.days,
                "price": str(piece.price),
                # For reading only: the line is rounded once, on the exact sum.
                "quantity": str(half_up(quantity * piece.days / span.days, THOUSANDTH)),
            }
            for piece in pieces
        ],
        "net": str(net),
        "vat_rate": c.vat_rate,
        "vat": str(vat),
        "cost": str(cost),
        "advances": str(c.advances),
        "advances_vat": str(c.advances_vat),
        "difference": str(c.advances - cost),
        "difference_vat": str(c.advances_vat - vat),
        "recommended": str(monthly_advance(quantity, span.days, pieces[-1].price)),
    }


def _part(part: Part) -> dict:
    return {
        "first": part.first.isoformat(),
        "last": part.last.isoformat(),
        "days": (part.last - part.first).days + 1,
        "meter": part.serial,
        "method": part.method.value,
        "quantity": str(half_up(part.quantity, THOUSANDTH)),
        "start_value": _text(part.start_value),
        "end_value": _text(part.end_value),
    }


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return str(value)
    return str(half_up(value, THOUSANDTH))
