"""Events and CPD: events held, attendees and CPD hours delivered, from the events app."""

from dataclasses import dataclass

from events.cpd.services import stats as cpd_stats


@dataclass
class EventFigures:
    held: object
    attendees: object
    cpd_by_trust: list  # dicts: key, label, attendances, hours (events.cpd.services.stats)
    cpd_by_staff_group: list

    @property
    def cpd_hours(self):
        return sum(row["hours"] for row in self.cpd_by_trust)


def event_figures(period):
    """Events held, attendees and CPD hours, from the events app's CPD statistics."""
    return EventFigures(
        held=cpd_stats.events_held(period.start, period.end),
        attendees=cpd_stats.attendees(period.start, period.end),
        cpd_by_trust=list(cpd_stats.cpd_hours_delivered(period.start, period.end, "trust")),
        cpd_by_staff_group=list(
            cpd_stats.cpd_hours_delivered(period.start, period.end, "staff_group")
        ),
    )
