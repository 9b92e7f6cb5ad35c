"""Round-up issues (pages), their archive, subscribers, and one send with its deliveries."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from portal.routing import RoutedPage

from .blocks import RoundupStreamBlock

ARCHIVE_PAGE_SIZE = 20


class RoundupIndexPage(RoutedPage, Page):
    """The public archive: every issue that has been sent, newest first."""

    introduction = models.TextField(max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["roundup.RoundupPage"]
    max_count = 1

    class Meta:
        verbose_name = "round-up archive"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        issues = (
            RoundupPage.objects.child_of(self)
            .live()
            .archived()
            .select_related("send")
            .order_by("-number")
        )
        context["page_obj"] = Paginator(issues, ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
        return context


class RoundupPageQuerySet(PageQuerySet):
    def archived(self):
        """Issues that have gone out (or started to): the ones the archive shows."""
        return self.filter(send__started_at__isnull=False)


class RoundupPage(RoutedPage, Page):
    """One issue of the weekly round-up: a number, a date, an introduction and its sections."""

    number = models.PositiveIntegerField(unique=True, help_text="The issue number.")
    issue_date = models.DateField()
    introduction = models.TextField(
        max_length=1000, help_text="A few friendly sentences that open the email."
    )
    sections = StreamField(RoundupStreamBlock(), blank=True)
    # What the draft saw (work-item statuses, events flagged as filling up, SIG meetings listed)
    # so the next draft carries only what changed after this issue went out.
    draft_baseline = models.JSONField(default=dict, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("issue_date")]),
        FieldPanel("introduction"),
        FieldPanel("sections"),
    ]
    parent_page_types = ["roundup.RoundupIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(RoundupPageQuerySet)()

    class Meta:
        verbose_name = "round-up issue"

    @property
    def sent_on(self):
        """The London date the issue went out (started sending), or None before."""
        send = getattr(self, "send", None)
        if send is None or send.started_at is None:
            return None
        return timezone.localdate(send.started_at)

    @property
    def sent_content(self):
        """The frozen content, once the issue has started going out; None before."""
        send = IssueSend.objects.filter(issue=self, started_at__isnull=False).first()
        return send.content if send else None

    def serve(self, request, *args, **kwargs):
        # An issue becomes a public page only once it has been sent.
        if not getattr(request, "is_preview", False) and self.sent_content is None:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .services.composing import freeze_content, public_sections

        context = super().get_context(request, *args, **kwargs)
        content = self.sent_content or freeze_content(self)
        context["content"] = content
        context["public_sections"] = public_sections(content)
        return context


TOPIC_FIELD_OF = {
    "events": "events",
    "protocols": "protocols",
    "governance": "governance",
    "jobs": "jobs",
}


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        """Subscribed, and (for members) still a network member, as the portal's one owner
        `User.objects.network_members()` says. Suppressed addresses stay in (the send records
        them as suppressed, asking `portal.suppression` like every other non-transactional
        mail)."""
        members = get_user_model().objects.network_members().values("pk")
        return self.filter(status=Subscriber.Status.SUBSCRIBED).filter(
            Q(user__isnull=True) | Q(user__in=members)
        )

    def wanting(self, topic):
        """Those who chose `topic` (a blocks.Topic); the SQL twin of Preferences.wants()."""
        from .blocks import Topic

        if topic == Topic.SIG_NEWS:
            return self.filter(Q(all_sigs=True) | Q(sigs__isnull=False)).distinct()
        field = TOPIC_FIELD_OF.get(topic)
        return self.filter(**{field: True}) if field else self

    def search(self, text):
        """By address or name: the only personal data the subscriber list shows."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(email__icontains=text)
            | Q(user__email__icontains=text)
            | Q(first_name__icontains=text)
            | Q(user__first_name__icontains=text)
        )


class Subscriber(models.Model):
    """Someone who receives the round-up: a member (linked account) or anyone else."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        SUBSCRIBED = "subscribed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    class Source(models.TextChoices):
        MEMBERSHIP = "membership", "Network membership"
        WEBSITE = "website", "Sign-up form, confirmed by email"
        IMPORT = "import", "Imported"

    email = models.EmailField(unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roundup_subscription",
    )
    first_name = models.CharField(max_length=100, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(max_length=20, choices=Source.choices)
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_detail = models.CharField(max_length=255, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    events = models.BooleanField("events and training", default=True)
    protocols = models.BooleanField(default=True)
    governance = models.BooleanField("governance news", default=True)
    jobs = models.BooleanField("jobs and opportunities", default=True)
    all_sigs = models.BooleanField("news from every special interest group", default=True)
    sigs = models.ManyToManyField("sigs.SigPage", blank=True, related_name="+")

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        verbose_name = "round-up subscriber"

    def __str__(self):
        return self.address

    @property
    def address(self):
        return self.user.email if self.user_id else self.email

    @property
    def greeting_name(self):
        if self.user_id:
            return self.user.first_name or ""
        return self.first_name

    def topic_labels(self):
        """The topics chosen, in words (`sigs` should be prefetched when listing many)."""
        chosen = [
            str(self._meta.get_field(name).verbose_name)
            for name in ("events", "protocols", "governance", "jobs")
            if getattr(self, name)
        ]
        if self.all_sigs:
            chosen.append("every SIG")
        else:
            names = sorted(sig.title for sig in self.sigs.all())
            chosen.append(f"SIGs: {', '.join(names)}" if names else "no SIG news")
        return chosen

    def topics_text(self):
        return "; ".join(self.topic_labels())


class SubscriberEvent(models.Model):
    """One change in a subscription's life, written by the subscription services as it happens
    (never backfilled): the history comms see beside each subscriber."""

    class Kind(models.TextChoices):
        SUBSCRIBED = "subscribed", "Subscribed"
        CONFIRMATION_SENT = "confirmation_sent", "Asked to confirm by email"
        CONFIRMED = "confirmed", "Confirmed by email"
        PREFERENCES = "preferences", "Preferences changed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Marked as spam"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=255, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The staff member who made the change; empty when the person did it.",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subscriber", "at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"


class IssueSend(models.Model):
    """Sending one issue: frozen content, schedule, state and the pace it goes out at."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        PAUSED = "paused", "Paused"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    issue = models.OneToOneField(RoundupPage, on_delete=models.CASCADE, related_name="send")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    subject = models.CharField(max_length=255)
    content = models.JSONField(help_text="The issue as frozen when sending was asked for.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    scheduled_for = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_progress_at = models.DateTimeField(null=True, blank=True)
    rate_per_minute = models.PositiveIntegerField(default=0, help_text="0 means no limit.")
    next_slot_at = models.DateTimeField(null=True, blank=True)
    batch_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-scheduled_for"]

    def __str__(self):
        return f"Sending {self.issue.title}"

    def counts(self):
        """Deliveries by status, every status present (0 where none)."""
        found = dict(self.deliveries.values_list("status").annotate(n=Count("id")))
        return {status: found.get(status, 0) for status in Delivery.Status.values}


class DeliveryQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING])


class Delivery(models.Model):
    """One recipient of one issue. The unique key makes a second message impossible."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SUPPRESSED = "suppressed", "Suppressed"
        NOTHING_TO_SEND = "nothing", "Nothing matched their topics"
        CANCELLED = "cancelled", "Cancelled"

    send = models.ForeignKey(IssueSend, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField()
    batch = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["send", "subscriber"], name="one_delivery_per_issue_and_recipient"
            )
        ]
        indexes = [models.Index(fields=["send", "batch", "status"])]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"{self.email}: {self.get_status_display()}"
