"""Writing RFC 5545 calendars the way every major client reads them, and the one SEQUENCE rule.

Every calendar the portal writes (event feeds and files, meeting files and feeds, personal
feeds, booking invitations and cancellations) goes through `calendar_bytes`, which adds one
VTIMEZONE for Europe/London. Its transitions are RRULEs (last Sunday of March at 01:00 UTC,
last Sunday of October at 01:00 UTC), so it holds for any year, beyond 2037 too. icalendar's
`add_missing_timezones()` writes each transition as one comma-separated RDATE list instead,
which is valid but read wrongly by ical.js (Thunderbird, many web calendars) and vobject:
winter times came out an hour early.
"""

import datetime as dt

from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

PRODID = "-//West Midlands Imaging Network//Network Portal//EN"
LONDON_TZID = "Europe/London"


def london_vtimezone():
    """Europe/London as a VTIMEZONE with RRULE transitions (valid since 1996, and onwards)."""
    timezone = Timezone()
    timezone.add("tzid", LONDON_TZID)
    timezone.add("x-lic-location", LONDON_TZID)

    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", dt.timedelta(0))
    summer.add("tzoffsetto", dt.timedelta(hours=1))
    # Local time at the change: 01:00 GMT on the last Sunday of March.
    summer.add("dtstart", dt.datetime(1981, 3, 29, 1, 0))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    timezone.add_component(summer)

    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", dt.timedelta(hours=1))
    winter.add("tzoffsetto", dt.timedelta(0))
    # Local time at the change: 02:00 BST (01:00 UTC) on the last Sunday of October.
    winter.add("dtstart", dt.datetime(1996, 10, 27, 2, 0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    timezone.add_component(winter)
    return timezone


def calendar_bytes(components, *, name=None, method=None):
    """A VCALENDAR holding `components` (VEVENTs with Europe/London times) as bytes."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", LONDON_TZID)
    calendar.add_component(london_vtimezone())
    for component in components:
        calendar.add_component(component)
    return calendar.to_ical()


class CalendarSequence:
    """Mixin for a model with a `sequence` field that calendar files carry as SEQUENCE.

    The one owner of the rule: whenever a save changes any of `calendar_fields` (what a
    recipient sees in their calendar: time, place, status, title), SEQUENCE rises by one. It
    never goes down, even when an older revision (holding an older sequence) is published.
    Code that writes with QuerySet.update() must raise `sequence` itself in the same update.
    """

    calendar_fields = ()

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        watched = set(self.calendar_fields)
        if self.pk and (update_fields is None or watched & set(update_fields)):
            stored = (
                type(self)
                ._default_manager.filter(pk=self.pk)
                .values("sequence", *self.calendar_fields)
                .first()
            )
            if stored is not None:
                sequence = max(stored["sequence"], self.sequence or 0)
                if any(stored[name] != getattr(self, name) for name in self.calendar_fields):
                    sequence += 1
                self.sequence = sequence
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "sequence"}
        return super().save(*args, **kwargs)
