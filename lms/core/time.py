"""Time helpers: everything is stored in UTC and shown in Asia/Shanghai."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from lms.db import utcnow

SHANGHAI = ZoneInfo("Asia/Shanghai")

__all__ = ["SHANGHAI", "utcnow", "today_local", "local_year"]


def today_local(now: datetime | None = None) -> date:
    """Today's date in Asia/Shanghai (due dates and years are local dates)."""
    return (now or utcnow()).astimezone(SHANGHAI).date()


def local_year(now: datetime | None = None) -> int:
    return today_local(now).year
