import datetime

from django.core.management.base import CommandError


def add_period_arguments(parser):
    parser.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD")


def period(first: str, last: str) -> tuple[datetime.date, datetime.date]:
    try:
        return datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    except ValueError as exc:
        raise CommandError(f"Dates are written YYYY-MM-DD: {exc}") from None
