"""CPD around events: self check-in codes, evaluations, certificates, recordings and each
person's CPD log."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from events.models import Booking, EventPage
from governance.visibility import Visibility

# Crockford's base32: no I, L, O or U, so a code read off a screen cannot be mistyped as
# another letter.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_IN_CODE_LENGTH = 6
VERIFICATION_CODE_LENGTH = 16  # 80 bits: unguessable


def random_code(length):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text):
    """What a person typed, as stored: capitals, no spaces or dashes, look-alikes mapped."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return cleaned.translate(str.maketrans("ILO", "110"))


class EventCheckIn(models.Model):
    """The short code (and QR code) shown in the room or webinar for self check-in."""

    event = models.OneToOneField(EventPage, on_delete=models.CASCADE, related_name="check_in")
    code = models.CharField(max_length=CHECK_IN_CODE_LENGTH, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "events_eventcheckin"
        verbose_name = "self check-in code"

    def __str__(self):
        return f"{self.event} ({self.code})"


class EventEvaluation(models.Model):
    """The short evaluation an attendee completes before their certificate."""

    class Rating(models.IntegerChoices):
        EXCELLENT = 5, "Excellent"
        GOOD = 4, "Good"
        FAIR = 3, "Fair"
        POOR = 2, "Poor"
        VERY_POOR = 1, "Very poor"

    class OutcomesMet(models.TextChoices):
        FULLY = "fully", "Yes, fully"
        PARTLY = "partly", "Partly"
        NOT_MET = "no", "No"

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="evaluation")
    overall = models.PositiveSmallIntegerField(
        "How would you rate the event overall?", choices=Rating.choices
    )
    outcomes_met = models.CharField(
        "Did the event meet its learning outcomes?", max_length=10, choices=OutcomesMet.choices
    )
    most_useful = models.TextField("What was most useful?", max_length=2000)
    improvements = models.TextField("What could we do better?", max_length=2000, blank=True)
    would_recommend = models.BooleanField("Would you recommend it to a colleague?")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "events_eventevaluation"

    def __str__(self):
        return f"Evaluation of {self.booking.event} by {self.booking.person}"


class EvaluationRequest(models.Model):
    """One row per attendee asked to evaluate: written before the email, so a retried task
    never asks twice."""

    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, related_name="evaluation_request"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "events_evaluationrequest"

    def __str__(self):
        return f"Evaluation request to {self.booking.person}"


def _new_verification_code():
    return random_code(VERIFICATION_CODE_LENGTH)


class CertificateQuerySet(models.QuerySet):
    def with_code(self, typed):
        return self.filter(verification_code=normalise_code(typed))


class Certificate(models.Model):
    """A certificate of attendance. It keeps what it states, as issued, so the public
    verification page shows exactly that even if the event or profile changes later."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="certificate")
    verification_code = models.CharField(
        max_length=VERIFICATION_CODE_LENGTH, unique=True, default=_new_verification_code
    )
    issued_at = models.DateTimeField(default=timezone.now)
    attendee_name = models.CharField(max_length=300)
    registration = models.CharField(max_length=200, blank=True)
    event_title = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100)
    organiser = models.CharField(max_length=255, blank=True)
    event_start = models.DateTimeField()
    event_end = models.DateTimeField()
    cpd_hours = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    rcr_credits = models.PositiveSmallIntegerField(null=True, blank=True)
    cor_outcomes = models.TextField(blank=True)
    learning_outcomes = models.TextField(blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        db_table = "events_certificate"

    def __str__(self):
        return f"Certificate {self.display_code} – {self.attendee_name}, {self.event_title}"

    @property
    def display_code(self):
        code = self.verification_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    @property
    def learning_outcome_list(self):
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]

    @property
    def cor_outcome_list(self):
        return [line.strip() for line in self.cor_outcomes.splitlines() if line.strip()]


class EventRecording(Orderable):
    """A recording of the event (a private filer file or a video link) and its slides,
    shown to network members once the event is over."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="recordings")
    title = models.CharField(max_length=255, help_text="For example: Recording of the webinar")
    recording_file = models.ForeignKey(
        "filer.File",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A private video file in the file library.",
    )
    video_url = models.URLField(
        "video link", blank=True, help_text="Or a link to the video (never shown to the public)."
    )
    slides = models.ForeignKey(
        "filer.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duration_minutes = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(24 * 60)]
    )
    visibility = models.CharField(
        max_length=20,
        choices=[(Visibility.NETWORK.value, Visibility.NETWORK.label)],
        default=Visibility.NETWORK,
        help_text="Recordings are for network members.",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("recording_file"), FieldPanel("video_url")]),
        FieldPanel("slides"),
        FieldPanel("duration_minutes"),
    ]

    class Meta(Orderable.Meta):
        db_table = "events_eventrecording"

    def __str__(self):
        return f"{self.title} ({self.event})"

    def clean(self):
        super().clean()
        if not self.recording_file_id and not self.video_url and not self.slides_id:
            raise ValidationError(
                "Add the recording (a file or a video link), the slides, or both."
            )


class CpdEntryQuerySet(models.QuerySet):
    def of(self, person):
        return self.filter(person=person)

    def for_log(self):
        return self.select_related("booking__certificate").order_by("-start_date", "-pk")


class CpdEntry(models.Model):
    """One activity in a person's CPD log, in the shape an HCPC audit asks for."""

    class Source(models.TextChoices):
        NETWORK_EVENT = "network_event", "Network event"
        RECORDING = "recording", "Watched recording"
        EXTERNAL = "external", "External activity"

    class ActivityType(models.TextChoices):
        # HCPC's five kinds of CPD activity.
        WORK_BASED = "work_based", "Work-based learning"
        PROFESSIONAL = "professional", "Professional activity"
        FORMAL = "formal", "Formal and educational"
        SELF_DIRECTED = "self_directed", "Self-directed learning"
        OTHER = "other", "Other"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_entries"
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.EXTERNAL)
    # A network event's entry: one per booking, made when attendance is recorded.
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="cpd_entry"
    )
    recording = models.ForeignKey(
        EventRecording, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity_type = models.CharField(
        "type of activity", max_length=20, choices=ActivityType.choices
    )
    title = models.CharField("activity", max_length=255)
    provider = models.CharField(
        "provider or organiser", max_length=255, blank=True, help_text="Who ran it, if anyone."
    )
    start_date = models.DateField("date")
    end_date = models.DateField(
        null=True, blank=True, help_text="Only if it ran over more than one day."
    )
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0.25), MaxValueValidator(500)],
    )
    outcomes = models.TextField(
        "learning outcomes", blank=True, help_text="What the activity covered, one per line."
    )
    reflection = models.TextField(
        blank=True,
        help_text="What you learnt, and how it benefits your patients and service users.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CpdEntryQuerySet.as_manager()

    class Meta:
        db_table = "events_cpdentry"
        verbose_name = "CPD log entry"
        verbose_name_plural = "CPD log entries"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "recording"],
                condition=models.Q(recording__isnull=False),
                name="one_watched_entry_per_recording",
            )
        ]
        indexes = [models.Index(fields=["person", "start_date"])]

    def __str__(self):
        return f"{self.title} ({self.start_date:%d %b %Y})"

    @property
    def is_network_event(self):
        return self.source == self.Source.NETWORK_EVENT

    @property
    def certificate(self):
        """The certificate backing a network event's entry, if one has been issued."""
        booking = self.booking
        if booking is None:
            return None
        try:
            return booking.certificate
        except Certificate.DoesNotExist:
            return None

    @property
    def outcome_list(self):
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]
