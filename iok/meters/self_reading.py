"""Tenant self-reading (samoodczyt): who may send one, when, and the photo.

A tenant may send a reading of a meter of a premises under a contract their
contractor is party to today, on the days of the month in
IOK_SELF_READING_DAYS (the reading window). It always waits for staff, and
a meter has at most one waiting self-reading a day: a new one replaces it
(the older is rejected as replaced, so what was sent stays on record). The
photo, if any, is personal data: a JPEG or PNG of at most 5 MB, checked by
its content, kept under MEDIA_ROOT and served only by a permission-checked
view (see views.reading_photo)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iok import clock
from iok.meters.models import Meter, Reading
from iok.meters.readings import as_value, format_date, format_value, record_reading
from iok.registry.models import Contract

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png"}
# A phone's photo of a meter has 12, rarely 50, megapixels; more is refused before
# decoding, so a small file cannot unpack into gigabytes of memory.
MAX_PHOTO_MEGAPIXELS = 50


def window_open(day: datetime.date) -> bool:
    """Whether `day` is inside the reading window (IOK_SELF_READING_DAYS)."""
    return day.day in settings.IOK_SELF_READING_DAYS


def window_start(today: datetime.date) -> datetime.date | None:
    """The first day of the window run that contains `today` (a window such
    as 25-31,1-3 runs across the month's end), or None when it is closed."""
    if not window_open(today):
        return None
    day = today
    while window_open(day - datetime.timedelta(days=1)) and (today - day).days < 31:
        day -= datetime.timedelta(days=1)
    return day


def meters_for_user(user, today: datetime.date | None = None):
    """Meters in use today in premises under a contract active today that
    the login's contractor is party to; none for a login without one."""
    today = today or clock.today()
    account = getattr(user, "account", None)
    if account is None or account.contractor_id is None:
        return Meter.objects.none()
    contracts = Contract.objects.active_on(today).filter(parties=account.contractor_id)
    return (
        Meter.objects.filter(premises__contracts__in=contracts, installed__lte=today)
        .exclude(removed__lt=today)
        .distinct()
    )


def check_photo(photo) -> str:
    """Raise ValidationError unless `photo` (an uploaded file) is a JPEG or
    PNG of at most 5 MB and MAX_PHOTO_MEGAPIXELS that decodes to its end,
    judged by its content; return its file extension.

    Every way a picture can fail is a form error naming it, never a 500: a
    decompression bomb (a few kilobytes of PNG that would unpack into
    gigabytes) is refused by its size in pixels read from the header, before
    anything is decoded; a cut-off or damaged file by decoding it whole."""
    if photo.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB."))
    try:
        kind, size = _read_header(photo)
        if kind not in PHOTO_FORMATS:
            raise ValidationError(_("The photo must be a JPEG or PNG image."))
        if size[0] * size[1] > MAX_PHOTO_MEGAPIXELS * 1_000_000:
            raise _too_many_pixels()
        _decode(photo)
    finally:
        photo.seek(0)
    return PHOTO_FORMATS[kind]


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The photo has more than %(limit)s megapixels; send a smaller picture.")
        % {"limit": MAX_PHOTO_MEGAPIXELS}
    )


def _read_header(photo) -> tuple[str, tuple[int, int]]:
    """The format and size in pixels of `photo`, from its header only."""
    from PIL import Image

    photo.seek(0)
    try:
        with Image.open(photo, formats=list(PHOTO_FORMATS)) as image:
            return image.format, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own limit (Image.MAX_IMAGE_PIXELS) is above ours.
        raise _too_many_pixels() from None
    except Exception:  # Pillow's plugins raise many kinds
        raise ValidationError(_("The photo must be a JPEG or PNG image.")) from None


def _decode(photo) -> None:
    """Decode `photo` whole (a JPEG at an eighth of its size, which still
    reads every block), so a file cut short or damaged inside is refused."""
    from PIL import Image

    photo.seek(0)
    try:
        with Image.open(photo, formats=list(PHOTO_FORMATS)) as image:
            image.verify()
        photo.seek(0)
        with Image.open(photo, formats=list(PHOTO_FORMATS)) as image:
            if image.format == "JPEG":
                image.draft(image.mode, (image.width // 8 or 1, image.height // 8 or 1))
            image.load()
    except Exception:  # OSError, SyntaxError, zlib, struct...: all mean damaged
        raise ValidationError(
            _("The photo is damaged or incomplete and cannot be read; send it again.")
        ) from None


def submit_self_reading(meter, user, date, value, photo=None, *, today=None) -> Reading:
    """A tenant's reading of `meter` on `date`, waiting for staff.

    Refused (ValidationError, Polish) outside the reading window, for a
    date in the future or before the window's current run, for a meter the
    user may not read, or a photo that is not a JPEG/PNG up to 5 MB; the
    reading rules of readings.check() apply as to every reading, and those
    of a self-reading (readings.impossibility()).

    A self-reading of the meter and date still waiting is replaced: it is
    rejected with the reason "replaced", all in one transaction with the new
    one (which names it in `replaced`, None when there was none)."""
    today = today or clock.today()
    start = window_start(today)
    if start is None:
        raise ValidationError(
            _("Self-readings are accepted only on days %(days)s of the month.")
            % {"days": describe_window()}
        )
    if not meters_for_user(user, today).filter(pk=meter.pk).exists():
        raise Meter.DoesNotExist  # someone else's meter: the view answers 404
    if date > today or date < start:
        raise ValidationError(
            _("The reading date must be between %(first)s and %(last)s.")
            % {"first": format_date(start), "last": format_date(today)}
        )
    extension = check_photo(photo) if photo else None
    value = as_value(value)
    with transaction.atomic():
        meter = Meter.objects.select_for_update().get(pk=meter.pk)
        replaced = _replace_waiting(meter, date, value, user)
        reading = record_reading(meter, date, value, Reading.Source.TENANT, user)
        if photo:
            reading.photo.save(f"{reading.pk}.{extension}", photo, save=True)
    reading.replaced = replaced
    return reading


def _replace_waiting(meter, date, value, user) -> Reading | None:
    """Reject the meter's self-reading of `date` still waiting, if any, as
    replaced by the one of `value` being sent (the caller holds the meter's lock)."""
    waiting = (
        Reading.objects.select_for_update()
        .filter(meter=meter, date=date, source=Reading.Source.TENANT, status=Reading.Status.WAITING)
        .first()
    )
    if waiting is None:
        return None
    waiting.status = Reading.Status.REJECTED
    reason = _("Replaced by a newer self-reading of %(value)s sent the same day.")
    waiting.reject_reason = reason % {"value": format_value(value, meter.unit)}
    waiting.decided_by = user
    waiting.decided_at = clock.now()
    waiting.save(update_fields=["status", "reject_reason", "decided_by", "decided_at"])
    return waiting


def describe_window() -> str:
    """The window as ranges of days, e.g. "1-3, 25-31"."""
    days = sorted(settings.IOK_SELF_READING_DAYS)
    runs, first = [], None
    for index, day in enumerate(days):
        if first is None:
            first = day
        if index + 1 == len(days) or days[index + 1] != day + 1:
            runs.append(str(first) if first == day else f"{first}-{day}")
            first = None
    return ", ".join(runs)
