"""The geometry of the bar chart drawn on the readings page, in SVG user
units: two panels over the same months, consumption above (in the medium's
unit) and the advances charged below (in zł), each with its own scale from 0
to a round maximum. Pure arithmetic on Decimals, so the same numbers always
give the same picture; the template only writes the shapes out."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from iok.periods import Period

WIDTH = 640
LEFT = 72  # room for the scale's labels
RIGHT = 8
PANEL = Decimal(100)  # the height of a full bar
GAP = Decimal(44)  # between a panel's bottom and the next one's top, room for its title
CONSUMPTION_TOP = Decimal(28)
ADVANCES_TOP = CONSUMPTION_TOP + PANEL + GAP
TENTH = Decimal("0.1")
STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


@dataclass(frozen=True)
class Bar:
    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal
    value: Decimal


@dataclass(frozen=True)
class Tick:
    y: Decimal
    value: Decimal


@dataclass(frozen=True)
class Panel:
    top: Decimal
    bottom: Decimal
    bars: list[Bar]
    ticks: list[Tick]

    @property
    def title_y(self) -> Decimal:
        return self.top - 12


@dataclass(frozen=True)
class Label:
    x: Decimal
    period: Period

    @property
    def text(self) -> str:
        return f"{self.period.month:02d}.{self.period.year}"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    consumption: Panel
    advances: Panel | None
    labels: list[Label]
    label_y: Decimal

    @property
    def tick_x(self) -> int:
        return self.left - 6


def round_maximum(largest: Decimal) -> Decimal:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ not below `largest`; 1 for nothing."""
    if largest <= 0:
        return Decimal(1)
    power = Decimal(1).scaleb(largest.adjusted())
    return next(step * power for step in STEPS if step * power >= largest).normalize()


def chart(
    months: list[Period],
    consumption: dict[Period, Decimal],
    advances: dict[Period, Decimal] | None = None,
) -> Chart:
    """The chart of `months`; a month missing from a dict has no bar, and
    without `advances` (a medium no advance pays for) there is no lower panel."""
    slot = (Decimal(WIDTH - LEFT - RIGHT) / max(len(months), 1)).quantize(TENTH)
    width = (slot * Decimal("0.6")).quantize(TENTH)
    starts = [LEFT + slot * index + (slot - width) / 2 for index in range(len(months))]
    upper = _panel(CONSUMPTION_TOP, months, starts, width, consumption)
    lower = None if advances is None else _panel(ADVANCES_TOP, months, starts, width, advances)
    label_y = (lower or upper).bottom + 18
    return Chart(
        width=WIDTH,
        height=int(label_y) + 8,
        left=LEFT,
        right=WIDTH - RIGHT,
        consumption=upper,
        advances=lower,
        labels=[
            Label(x=_px(LEFT + slot * index + slot / 2), period=period)
            for index, period in enumerate(months)
        ],
        label_y=label_y,
    )


def _panel(top, months, starts, width, values) -> Panel:
    bottom = top + PANEL
    maximum = round_maximum(max((values[p] for p in months if p in values), default=Decimal(0)))
    bars = []
    for period, x in zip(months, starts, strict=True):
        if period not in values:
            continue
        value = values[period]
        height = _px(PANEL * max(value, Decimal(0)) / maximum)
        bars.append(Bar(x=_px(x), y=bottom - height, width=width, height=height, value=value))
    ticks = [Tick(y=_px(bottom - PANEL * share), value=maximum * share) for share in (0, 1)]
    ticks.insert(1, Tick(y=_px(bottom - PANEL / 2), value=maximum / 2))
    return Panel(top=top, bottom=bottom, bars=bars, ticks=ticks)


def _px(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)
