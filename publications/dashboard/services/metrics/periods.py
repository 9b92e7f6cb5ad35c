"""The periods the dashboard reports on, and its one piece of arithmetic."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.utils import timezone


def percent(part, whole):
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class Period:
    """A span of whole days in London time, both ends included."""

    start: date
    end: date

    @classmethod
    def last_twelve_months(cls, today=None):
        today = today or timezone.localdate()
        try:
            a_year_ago = today.replace(year=today.year - 1)
        except ValueError:  # 29 February: a year before is the 28th
            a_year_ago = date(today.year - 1, 2, 28)
        return cls(a_year_ago + timedelta(days=1), today)

    @classmethod
    def financial_year(cls, starting_year):
        return cls(date(starting_year, 4, 1), date(starting_year + 1, 3, 31))

    @property
    def starts_at(self):
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def ends_before(self):
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def label(self):
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    @property
    def querystring(self):
        return urlencode({"start": self.start.isoformat(), "end": self.end.isoformat()})
