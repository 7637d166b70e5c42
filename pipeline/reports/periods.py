"""Day and month ranges in the configured zone (WITA): what "yesterday" and "a month" mean."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta


def month_range(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The month ``delta`` months away (negative = earlier)."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def parse_month(text: str, today: date) -> tuple[int, int]:
    """``YYYY-MM``, ``previous`` (the month before today's) or ``current``."""
    if text == "previous":
        return shift_month(today.year, today.month, -1)
    if text == "current":
        return today.year, today.month
    found = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(f"not a month: {text!r} (use YYYY-MM or 'previous')")
    return int(found.group(1)), int(found.group(2))


def yesterday(today: date) -> date:
    return today - timedelta(days=1)


def resolve_range(
    date_from: date | None, date_to: date | None, month: str | None, today: date
) -> tuple[date | None, date | None]:
    """Combine --from/--to/--month into an inclusive range (None = unbounded)."""
    if month:
        if date_from or date_to:
            raise ValueError("use either --month or --from/--to, not both")
        return month_range(*parse_month(month, today))
    if date_from and date_to and date_to < date_from:
        raise ValueError("--to is before --from")
    return date_from, date_to
