"""What a meeting leaves behind: minutes, decisions and actions; and declared interests."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.search import index

from .meetings import AgendaItem, MeetingPage

ACTION_AMBER_DAYS = 14


class Minutes(models.Model):
    """The minutes of one meeting: written per item, circulated, then approved and locked."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CIRCULATED = "circulated", "Circulated to members"
        APPROVED = "approved", "Approved"

    meeting = models.OneToOneField(MeetingPage, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    quorum_note = models.CharField(max_length=255, blank=True)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by_decision = models.ForeignKey(
        "Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self):
        return f"Minutes of {self.meeting.title}"

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


class MinuteEntry(models.Model):
    """The minute of one agenda item."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minute")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["agenda_item__sort_order"]
        verbose_name_plural = "minute entries"

    def __str__(self):
        return f"Minute of {self.agenda_item}"


class MinutesCorrection(models.Model):
    """A change to approved minutes: kept with its reason, who made it and what it replaced."""

    entry = models.ForeignKey(MinuteEntry, on_delete=models.CASCADE, related_name="corrections")
    previous_text = models.TextField()
    new_text = models.TextField()
    reason = models.CharField(max_length=500)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at"]

    def __str__(self):
        return f"Correction of {self.entry} ({self.made_at:%d %b %Y})"


class DecisionQuerySet(models.QuerySet):
    def made(self, today=None):
        """Decisions already made: none dated after today (a decision is dated by its meeting,
        and a meeting that has not happened has decided nothing)."""
        return self.filter(decided_on__lte=today or timezone.localdate())

    def for_register(self, today=None):
        return (
            self.made(today).select_related("meeting", "agenda_item").order_by("-decided_on", "-pk")
        )


class Decision(index.Indexed, models.Model):
    meeting = models.ForeignKey(MeetingPage, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    text = models.TextField()
    decided_on = models.DateField(
        help_text="The day of the meeting that made the decision (set from the meeting)."
    )
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = DecisionQuerySet.as_manager()
    search_fields = [index.SearchField("text"), index.FilterField("id")]

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return f"{self.reference}: {self.text[:60]}"

    @property
    def reference(self):
        return f"D-{self.decided_on:%Y}-{self.pk:04d}"

    @property
    def has_vote(self):
        return self.votes_for is not None


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Action.Status.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due__lt=today or timezone.localdate())

    def for_group(self, group):
        return self.filter(meeting__path__startswith=group.path, meeting__depth=group.depth + 1)


class Action(index.Indexed, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    class Rag(models.TextChoices):
        RED = "red", "Overdue"
        AMBER = "amber", "Due soon"
        GREEN = "green", "On track"
        CLOSED = "closed", "Closed"

    meeting = models.ForeignKey(
        MeetingPage,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text="The meeting where the action was agreed.",
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions"
    )
    due = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_noted_at = models.ForeignKey(
        MeetingPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The meeting that noted the action closed.",
    )

    objects = ActionQuerySet.as_manager()
    search_fields = [index.SearchField("description"), index.FilterField("id")]

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self):
        return f"{self.reference}: {self.description[:60]}"

    @property
    def reference(self):
        return f"A-{self.pk:04d}"

    def rag(self, today=None):
        """The one RAG rule: overdue is red, due within 14 days amber, otherwise green."""
        if self.status != self.Status.OPEN:
            return self.Rag.CLOSED
        today = today or timezone.localdate()
        if self.due < today:
            return self.Rag.RED
        if self.due <= today + timedelta(days=ACTION_AMBER_DAYS):
            return self.Rag.AMBER
        return self.Rag.GREEN


class ActionUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Update on {self.action.reference}"


class InterestQuerySet(models.QuerySet):
    """The one owner of "is this interest current": an interest ended on its end date (as
    "End today" means), so on that day it is ended, not current."""

    def not_ended(self, on=None):
        on = on or timezone.localdate()
        return self.filter(models.Q(end__isnull=True) | models.Q(end__gt=on))

    def ended(self, on=None):
        return self.filter(end__lte=on or timezone.localdate())

    def current(self, on=None):
        on = on or timezone.localdate()
        return self.not_ended(on).filter(start__lte=on)


class Interest(models.Model):
    """An entry in a person's register of interests."""

    class Kind(models.TextChoices):
        FINANCIAL = "financial", "Financial"
        NON_FINANCIAL_PROFESSIONAL = "non_financial_professional", "Non-financial professional"
        NON_FINANCIAL_PERSONAL = "non_financial_personal", "Non-financial personal"
        INDIRECT = "indirect", "Indirect"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interests"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField()
    organisation = models.CharField(max_length=200, help_text="For example a PACS or AI supplier.")
    start = models.DateField(default=timezone.localdate)
    end = models.DateField(null=True, blank=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.organisation}"


class InterestDeclaration(models.Model):
    """An interest declared at a meeting against an agenda item; it appears in the minutes."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="declarations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declarations"
    )
    interest = models.ForeignKey(Interest, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.CharField(
        max_length=500, blank=True, help_text="For example: left the room for this item."
    )

    class Meta:
        ordering = ["agenda_item__sort_order"]

    def __str__(self):
        return f"{self.person} declared an interest in {self.agenda_item}"
