"""Bulk import of readings from a collector's CSV file.

The format (docs/meters.md): one reading a line, three columns separated by
`;`: the meter's serial number, the date (dd.mm.rrrr or rrrr-mm-dd) and the
value (decimal comma or point, at most three decimals). A first line whose
date column is not a date is a header and is skipped; empty lines are
skipped. UTF-8 (with or without BOM), else Windows-1250.

All or nothing: every row is checked (and recorded, in date order per
meter, under the reading rules) inside one transaction; if any row is
wrong, nothing is kept and the report names each bad row. A row whose meter,
date and value are already there is skipped and counted, so importing the
same file again adds nothing.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iok.meters.models import Meter, Reading
from iok.meters.readings import as_value, record_reading

SEPARATOR = ";"


@dataclass
class Row:
    number: int  # the line number in the file, counting from 1
    serial: str
    date: datetime.date | None = None
    value: Decimal | None = None
    meter: Meter | None = None
    outcome: str = ""  # "added", "flagged" or "skipped"
    flagged: str = ""


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line number, message)
    fields: dict = field(default_factory=dict)  # (line number, message) → the field it is about
    dry_run: bool = False

    def count(self, outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def added(self) -> int:
        return self.count("added") + self.count("flagged")

    @property
    def flagged(self) -> int:
        return self.count("flagged")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1250")


def parse_date(text: str) -> datetime.date:
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("%(text)s is not a date written dd.mm.rrrr or rrrr-mm-dd.") % {"text": text}
    )


def parse(text: str, report: ImportReport) -> list[Row]:
    """The rows of the file; what cannot be read goes to report.errors."""
    rows = []
    for number, columns in enumerate(csv.reader(io.StringIO(text), delimiter=SEPARATOR), 1):
        if not any(column.strip() for column in columns):
            continue
        if len(columns) != 3:
            report.errors.append(
                (
                    number,
                    _("expected 3 columns (serial number; date; value), found %(n)d")
                    % {"n": len(columns)},
                )
            )
            continue
        serial, date_text, value_text = (column.strip() for column in columns)
        row = Row(number, serial)
        problems = []
        try:
            row.date = parse_date(date_text)
        except ValidationError as exc:
            if number == 1 and not any(char.isdigit() for char in date_text):
                continue  # a header line
            problems += exc.messages
        try:
            row.value = as_value(value_text)
        except ValidationError as exc:
            problems += exc.messages
        if problems:
            report.errors.append((number, " ".join(problems)))
        else:
            rows.append(row)
    return rows


def import_readings(data: bytes, *, user=None, dry_run=False) -> ImportReport:
    """Import a collector's file (bytes); see the module's docstring.
    With dry_run, or when any row is wrong, nothing is kept."""
    report = ImportReport(dry_run=dry_run)
    rows = parse(decode(data), report)
    return _import(rows, report, user, dry_run)


def import_objects(objects: list[dict], *, user=None) -> ImportReport:
    """Import readings given as JSON objects (the API: `meter`, the serial
    number; `date`, ISO; `value`, a string or a whole number) under the
    same rules as a collector's file, all or nothing. A row's number is the
    object's index, and `report.fields` names the field of each error."""
    report = ImportReport()
    rows = []
    for index, data in enumerate(objects):
        row = _object_row(index, data, report)
        if row is not None:
            rows.append(row)
    return _import(rows, report, user, dry_run=False)


def _object_row(index: int, data: dict, report: ImportReport) -> Row | None:
    serial, day, value = (data.get(name) for name in ("meter", "date", "value"))
    problems = []
    if not isinstance(serial, str) or not serial.strip() or not serial.isprintable():
        problems.append(("meter", _("give the meter's serial number")))
    if isinstance(day, str):
        try:
            day = datetime.date.fromisoformat(day)
        except ValueError:
            problems.append(("date", _("%(text)s is not a date (rrrr-mm-dd)") % {"text": day}))
    elif not isinstance(day, datetime.date):
        problems.append(("date", _("give the date of the reading (rrrr-mm-dd)")))
    if isinstance(value, bool | float):
        problems.append(("value", _('give a reading as a string ("123.456"), never as a float')))
    else:
        try:
            value = as_value(value)
        except ValidationError as exc:
            problems.append(("value", " ".join(exc.messages)))
    for name, message in problems:
        report.errors.append((index, message))
        report.fields[index, message] = name
    if problems:
        return None
    return Row(index, serial.strip(), day, value)


def _import(rows: list[Row], report: ImportReport, user, dry_run: bool) -> ImportReport:
    meters = Meter.objects.select_related("premises").in_bulk(
        {row.serial for row in rows}, field_name="serial_number"
    )
    for row in rows:
        row.meter = meters.get(row.serial)
        if row.meter is None:
            message = _("no meter has serial number %(serial)s") % {"serial": row.serial}
            report.errors.append((row.number, message))
            report.fields[row.number, message] = "meter"
    try:
        with transaction.atomic():
            _record(rows, report, user)
            if dry_run or report.errors:
                raise _Rollback
    except _Rollback:
        pass
    report.rows.sort(key=lambda row: row.number)
    report.errors.sort()
    return report


def _record(rows, report, user):
    seen = set()
    known = rows and set(
        Reading.objects.filter(meter__in=[row.meter for row in rows if row.meter]).values_list(
            "meter_id", "date", "value"
        )
    )
    for row in sorted(rows, key=lambda row: (row.serial, row.date, row.number)):
        if row.meter is None:
            continue
        key = (row.meter.pk, row.date, row.value)
        if key in seen or key in known:
            row.outcome = "skipped"
        else:
            try:
                reading = record_reading(
                    row.meter, row.date, row.value, Reading.Source.COLLECTOR, user
                )
            except ValidationError as exc:
                message = " ".join(exc.messages)
                report.errors.append((row.number, message))
                report.fields[row.number, message] = "date" if _about_date(exc) else "value"
                continue
            row.outcome = "flagged" if reading.flagged else "added"
            row.flagged = reading.flagged
        seen.add(key)
        report.rows.append(row)


def _about_date(error: ValidationError) -> bool:
    return any(e.code == "date" for e in error.error_list)
