"""Quarters for the partition tools: `2026Q3`, its last day, and `previous` as impactmon resolves it (the last
complete quarter on today's date in Europe/Amsterdam). Python 3 standard library only."""

from __future__ import annotations

import datetime
import re

QUARTER = re.compile(r"^([0-9]{4})Q([1-4])$")


def quarter_end(period: str) -> datetime.date:
    """The last day of a quarter `YYYYQn`. Raises ValueError for anything else."""
    m = QUARTER.match(period)
    if not m:
        raise ValueError(f"\"{period}\" is not a quarter such as 2026Q3")
    year, q = int(m.group(1)), int(m.group(2))
    first_of_next = datetime.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def previous_quarter(today: datetime.date) -> str:
    """The last quarter that ended before `today`: 2026-10-16 → 2026Q3, 2026-01-01 → 2025Q4."""
    q = (today.month - 1) // 3 + 1
    return f"{today.year - 1}Q4" if q == 1 else f"{today.year}Q{q - 1}"


def amsterdam_today() -> datetime.date:
    """Today in Europe/Amsterdam (UTC where the time zone database is missing)."""
    try:
        from zoneinfo import ZoneInfo

        return datetime.datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    except Exception:  # no tzdata: within an hour or two of midnight only can this differ
        return datetime.datetime.now(datetime.timezone.utc).date()


def resolve(text: str) -> str:
    """`previous` → the last complete quarter; a quarter → itself (checked). Raises ValueError."""
    if text == "previous":
        return previous_quarter(amsterdam_today())
    quarter_end(text)
    return text
