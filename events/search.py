"""What the site search finds among events: every published event page (anyone may read an
event's page; its audience decides who may book, not who may see it)."""

from portal.search import PageSource

from .models import EventPage


class EventSource(PageSource):
    key = "event"
    label = "Event"
    model = EventPage
    date_field = "start"

    def narrow(self, queryset, filters):
        if filters.group_path:
            queryset = queryset.filter(organising_group__path__startswith=filters.group_path)
        return super().narrow(queryset, filters.without_group())

    def fetch(self, context, pks):
        return EventPage.objects.filter(pk__in=pks).select_related("organising_group")

    def when(self, event):
        return event.start

    def describe(self, context, event):
        parts = [event.get_event_type_display()]
        if event.organising_group_id:
            parts.append(event.organising_group.title)
        if event.is_cancelled:
            parts.append("cancelled")
        return " · ".join(parts)


def search_sources():
    return [EventSource()]
