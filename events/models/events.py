"""Network events (conferences, study days, Network and Learn, CPD webinars) and bookings."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from portal.blocks import BodyStreamBlock
from portal.ical import CalendarSequence
from portal.routing import RoutedPage

# Events are held within these years; a date outside them is a slip of the keyboard, and one
# near year 1 cannot even be shown in London time.
EARLIEST_EVENT_YEAR = 2000
LATEST_EVENT_YEAR = 2100


def event_date_errors(**moments):
    """{field: message} for each of the named datetimes outside the years events are held."""
    return {
        name: f"Enter a date between {EARLIEST_EVENT_YEAR} and {LATEST_EVENT_YEAR}."
        for name, moment in moments.items()
        if moment and not EARLIEST_EVENT_YEAR <= moment.year <= LATEST_EVENT_YEAR
    }


class EventIndexPage(RoutedPage, Page):
    """Lists upcoming and past events, with filters."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "event index"

    def get_context(self, request, *args, **kwargs):
        from ..pages import event_index_context  # pages.py imports the models

        context = super().get_context(request, *args, **kwargs)
        context.update(event_index_context(self, request))
        return context


class EventPageQuerySet(PageQuerySet):
    def scheduled(self):
        return self.exclude(status=EventPage.Status.CANCELLED)

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now())

    def with_confirmed_count(self):
        """Annotate `confirmed_count`, which places_left() uses instead of asking per event."""
        return self.annotate(
            confirmed_count=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED))
        )

    def with_places(self):
        """Only events with a free place (the same sum as places_left(), done in SQL)."""
        counted = "confirmed_count" in self.query.annotations
        events = self if counted else self.with_confirmed_count()
        return events.filter(Q(capacity__isnull=True) | Q(capacity__gt=F("confirmed_count")))


class EventPage(CalendarSequence, RoutedPage, Page):
    # What an attendee sees in their calendar: a change to any of these raises SEQUENCE
    # (organiser services raise it in their own update; editors' publishes raise it on save).
    calendar_fields = (
        "title",
        "start",
        "end",
        "status",
        "venue_name",
        "venue_address",
        "online",
        "join_url",
    )

    """One event people book a place at; its booking rules live in events.services.booking."""

    class Type(models.TextChoices):
        CONFERENCE = "conference", "Conference"
        STUDY_DAY = "study_day", "Study day"
        NETWORK_AND_LEARN = "network_and_learn", "Network and Learn"
        CPD_WEBINAR = "cpd_webinar", "CPD webinar"
        SCIENTIFIC_MEETING = "scientific_meeting", "Scientific meeting"
        SIG_OPEN_MEETING = "sig_open_meeting", "SIG open meeting"

    class Audience(models.TextChoices):
        PUBLIC = "public", "Anyone"
        NETWORK = "network", "Network members"
        STAFF_GROUPS = "staff_groups", "Certain staff groups"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    event_type = models.CharField("type", max_length=30, choices=Type.choices)
    organising_group = models.ForeignKey(
        "governance.GroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )
    summary = models.TextField(blank=True, max_length=400, help_text="One or two sentences.")
    start = models.DateTimeField(help_text="Europe/London time.")
    end = models.DateTimeField(help_text="Europe/London time. May be on a later day.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancellation_reason = models.TextField(
        blank=True, help_text="Why the event was cancelled (told to everyone who booked)."
    )
    # Raised whenever the time, place or status changes (portal.ical.CalendarSequence).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    venue_name = models.CharField(max_length=255, blank=True)
    venue_address = models.TextField(blank=True)
    online = models.BooleanField(default=False)
    join_url = models.URLField(
        "online join link", blank=True, help_text="Shown only to people with a confirmed place."
    )
    description = StreamField(BodyStreamBlock(), blank=True, use_json_field=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.NETWORK)
    staff_groups = models.JSONField(
        default=list,
        blank=True,
        help_text="When the audience is certain staff groups: which ones (staff group codes).",
    )
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Blank: no limit.")
    booking_opens = models.DateTimeField(null=True, blank=True)
    booking_closes = models.DateTimeField(null=True, blank=True)
    cancellation_deadline = models.DateTimeField(
        null=True, blank=True, help_text="After this, only the organiser can cancel a place."
    )
    ask_dietary_needs = models.BooleanField(default=False)
    ask_access_needs = models.BooleanField(default=True)
    cpd_hours = models.DecimalField(
        "CPD hours", max_digits=4, decimal_places=1, null=True, blank=True
    )
    rcr_credits = models.PositiveSmallIntegerField("RCR CPD credits", null=True, blank=True)
    cor_outcomes = models.TextField(
        "CoR CPD Now outcomes", blank=True, help_text="One learning outcome code per line."
    )
    learning_outcomes = models.TextField(blank=True, help_text="One outcome per line.")

    content_panels = Page.content_panels + [
        FieldPanel("event_type"),
        FieldPanel("organising_group"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("online"),
                FieldPanel("join_url"),
            ],
            heading="Where",
        ),
        FieldPanel("description"),
        InlinePanel("speakers", heading="Speakers", label="Speaker"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("staff_groups"),
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("booking_opens"), FieldPanel("booking_closes")]),
                FieldPanel("cancellation_deadline"),
                FieldPanel("ask_dietary_needs"),
                FieldPanel("ask_access_needs"),
            ],
            heading="Booking",
        ),
        InlinePanel("questions", heading="Booking questions", label="Question"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("cpd_hours"), FieldPanel("rcr_credits")]),
                FieldPanel("cor_outcomes"),
                FieldPanel("learning_outcomes"),
            ],
            heading="CPD",
        ),
        InlinePanel("recordings", heading="Recordings and slides", label="Recording"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("start"),
        index.FilterField("event_type"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    objects = PageManager.from_queryset(EventPageQuerySet)()

    class Meta:
        verbose_name = "event"

    def get_context(self, request, *args, **kwargs):
        from ..pages import event_page_context  # pages.py imports the models

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        # The booking form posts to the page itself, so its errors show beside its fields.
        if request.method == "POST":
            from ..pages import book_from_event_page

            return book_from_event_page(self, request)
        return super().serve(request, *args, **kwargs)

    def clean(self):
        super().clean()
        out_of_range = event_date_errors(
            start=self.start,
            end=self.end,
            booking_opens=self.booking_opens,
            booking_closes=self.booking_closes,
        )
        if out_of_range:
            raise ValidationError(out_of_range)
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The event must end after it starts."})
        if self.booking_opens and self.booking_closes and self.booking_closes < self.booking_opens:
            raise ValidationError({"booking_closes": "Booking must close after it opens."})

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self):
        return self.end < timezone.now()


class Speaker(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=255, blank=True, help_text="Job title and organisation.")

    def __str__(self):
        return self.name


class BookingQuestion(Orderable):
    """A question the organiser asks everyone who books: free text, or one of fixed options."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=255)
    required = models.BooleanField(default=False)
    options = models.TextField(
        blank=True,
        help_text="One option per line, such as the workshops to choose from. "
        "Leave empty to ask for a free-text answer.",
    )

    def __str__(self):
        return self.text

    @property
    def option_list(self):
        """The fixed options, in the organiser's order (blank lines and repeats left out)."""
        lines = (line.strip() for line in self.options.splitlines())
        return list(dict.fromkeys(line for line in lines if line))


def _new_check_in_code():
    return secrets.token_hex(4)


class BookingQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Booking.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Booking.Status.WAITING)

    def active(self):
        """Places held or waited for: the bookings that are not cancelled."""
        return self.exclude(status=Booking.Status.CANCELLED)

    def waiting_list_order(self):
        return self.waiting().order_by("waiting_since", "pk")


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    # Answers to the booking questions: {"dietary": ..., "access": ..., "<question id>": ...}
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The waiting list is served in the order people joined it.
    waiting_since = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attended = models.BooleanField(null=True, blank=True)
    minutes_attended = models.PositiveIntegerField(null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_booking_per_person"),
        ]
        indexes = [models.Index(fields=["event", "status"])]
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.person} – {self.event} ({self.get_status_display()})"

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING


class BookingNotice(models.Model):
    """One email sent about a booking. Written (in the sending transaction) before the email
    goes, under a unique key, so that a retried task never sends the same notice twice."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="notices")
    key = models.CharField(max_length=80, help_text="What was sent, e.g. reminder_1_day.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "key"], name="one_notice_per_key"),
        ]

    def __str__(self):
        return f"{self.key} to {self.booking.person}"


class AttendeeMessage(models.Model):
    """A message an organiser sent to everyone with a place at an event."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    include_waiting_list = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


def _new_feed_token():
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a person's own calendar feed; resetting it revokes the old one."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.person}"

    def reset(self):
        self.token = _new_feed_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])
