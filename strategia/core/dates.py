"""Calendar arithmetic that holds on every day of the year, 29 February included.

``day.replace(year=…)`` raises ValueError on 29 February of a non-leap year,
and adding days to a day of the month overflows at a month's end. These
functions step by calendar years and months and fall back to the month's
last day when the day does not exist there.
"""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), or the month's last day if it is shorter."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February."""
    return add_months(day, 12 * years)
