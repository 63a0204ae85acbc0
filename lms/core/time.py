"""Time helpers: everything is stored in UTC and shown in Asia/Shanghai."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from lms.db import utcnow

SHANGHAI = ZoneInfo("Asia/Shanghai")

__all__ = ["SHANGHAI", "utcnow", "today_local", "local_year", "clamp_year"]


def today_local(now: datetime | None = None) -> date:
    """Today's date in Asia/Shanghai (due dates and years are local dates)."""
    return (now or utcnow()).astimezone(SHANGHAI).date()


def local_year(now: datetime | None = None) -> int:
    return today_local(now).year


def clamp_year(value: str | int | None, default: int | None = None) -> int:
    """A year from a query string: ``default`` (this year) when missing or not a number,
    kept between 2000 and next year."""
    fallback = default or local_year()
    try:
        year = int(value) if value not in (None, "") else fallback
    except (TypeError, ValueError):
        year = fallback
    return min(max(year, 2000), local_year() + 1)
