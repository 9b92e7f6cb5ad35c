"""Shared protocols: a page per protocol under its SIG, and a row per approved version."""

from contextvars import ContextVar
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PagePermissionTester, WorkflowState
from wagtail.query import PageQuerySet
from wagtail.search import index

from governance.visibility import Visibility, asks_to_sign_in
from portal.routing import RoutedPage

from ..blocks import ProtocolBodyBlock

REVIEW_AFTER_YEARS = 2


def years_after(day, years):
    """The same day `years` later (28 February for 29 February in a non-leap year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 2, 28)


class Modality(models.TextChoices):
    CT = "ct", "CT"
    MRI = "mri", "MRI"
    ULTRASOUND = "ultrasound", "Ultrasound"
    XRAY = "xray", "X-ray"
    NUCLEAR_MEDICINE = "nuclear_medicine", "Nuclear medicine"
    FLUOROSCOPY = "fluoroscopy", "Fluoroscopy"
    MAMMOGRAPHY = "mammography", "Mammography"
    INTERVENTIONAL = "interventional", "Interventional"
    OTHER = "other", "Other"


class ProtocolVisibility(models.TextChoices):
    """The two audiences a protocol can have: a subset of governance's visibilities."""

    PUBLIC = Visibility.PUBLIC.value, "Public"
    NETWORK = Visibility.NETWORK.value, "Network members"


class ProtocolStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"
    RETIRED = "retired", "Retired"


class ChangeKind(models.TextChoices):
    """What kind of version this is, chosen by whoever submits it. The kind decides the
    number and what happens to trusts' adoption (see sigs.services.adoption)."""

    MINOR = "minor", "Minor: wording, a typo or a clarification (2.0 to 2.1)"
    MAJOR = "major", "Major: a clinical change trusts must re-confirm (2.1 to 3.0)"


CHANGE_KIND_GUIDANCE = (
    "Minor: wording, a typo or a clarification that changes nothing staff do. Every trust's "
    "adoption carries forward to the new version automatically. Major: a clinical change (a "
    "sequence, a dose, an indication, a timing). Trust leads are asked to re-confirm, and "
    "their trusts show as behind until they do."
)


class ProtocolPageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Protocols this person may open (the rule itself lives in governance.visibility)."""
        from ..rules import protocol_visibilities_for

        return self.filter(visibility__in=protocol_visibilities_for(user))

    def approved_between(self, start, end):
        """Live protocols with a version approved in [start, end) (the weekly round-up)."""
        approved = ProtocolVersion.objects.filter(
            protocol=OuterRef("pk"), approved_at__gte=start, approved_at__lt=end
        )
        return (
            self.live()
            .filter(Exists(approved))
            .select_related("current_version")
            .order_by("-current_version__approved_at")
        )

    def with_review_state(self):
        """Each protocol annotated with whether a new version is going through the workflow."""
        in_review = WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), models.CharField()),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        return self.annotate(in_review=Exists(in_review)).select_related("current_version")


class ProtocolPageForm(WagtailAdminPageForm):
    """Every version going for approval says, in a person's words, what changed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new version starts from a blank summary and no kind chosen: the approved
        # version's own summary and kind say nothing about the next one.
        page = self.instance
        current = page.current_version if page.pk and page.current_version_id else None
        unchanged = current is not None and (
            (page.change_summary or "").strip() == current.change_summary.strip()
        )
        if unchanged and not self.is_bound:
            self.initial["change_summary"] = ""
            self.initial["change_kind"] = None

    def clean(self):
        from ..services.protocols import change_summary_problem

        cleaned = super().clean()
        problem = change_summary_problem(self.instance, cleaned.get("change_summary", ""))
        if problem:
            self.add_error("change_summary", problem)
        return cleaned


# The protocol whose approved version the approval service is publishing right now, if any.
approving_protocol = ContextVar("approving_protocol", default=None)


class ProtocolPermissionTester(PagePermissionTester):
    """A protocol is published only by its approval workflow, never by the Publish button:
    Wagtail's workflow publishes the approved revision while the approval service (which has
    checked the chair) marks the protocol as being approved."""

    def can_publish(self):
        # The approval service has already asked the one rule (the SIG's chair, from its
        # memberships), so Wagtail's own publish permission is not asked again.
        return self.user.is_active and approving_protocol.get() == self.page.pk

    def can_unpublish(self):
        return False

    def can_publish_subpage(self):
        return False


class ProtocolPage(RoutedPage, Page):
    """A protocol the SIG agrees; its live content is always its current approved version."""

    modality = models.CharField(max_length=20, choices=Modality.choices)
    body_area = models.CharField(max_length=120, help_text="For example Lumbar spine.")
    clinical_indication = models.CharField(
        max_length=255, help_text="For example Low back pain with red flags or radiculopathy."
    )
    summary = models.TextField(blank=True, help_text="What the protocol is for, in a sentence.")
    visibility = models.CharField(
        max_length=20, choices=ProtocolVisibility.choices, default=ProtocolVisibility.NETWORK
    )
    protocol_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_protocols",
        verbose_name="owner",
        help_text="Reminded by email when the protocol is due for review.",
    )
    body = StreamField(ProtocolBodyBlock(), blank=True)
    change_kind = models.CharField(
        "kind of change",
        max_length=10,
        choices=ChangeKind.choices,
        default=ChangeKind.MINOR,
        help_text=CHANGE_KIND_GUIDANCE,
    )
    change_summary = models.TextField(
        blank=True,
        help_text="What this version changes and why, written for this version. Members "
        "and trust leads read it.",
    )
    # Lifecycle, kept by the approval service, never by the editor (see with_content_json).
    current_version = models.ForeignKey(
        "sigs.ProtocolVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("modality"), FieldPanel("body_area")]),
        FieldPanel("clinical_indication"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("visibility"), FieldPanel("protocol_owner")]),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("change_kind", widget=forms.RadioSelect),
                FieldPanel("change_summary"),
            ],
            heading="This version",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body_area"),
        index.SearchField("clinical_indication"),
        index.SearchField("summary"),
        index.FilterField("visibility"),
    ]
    base_form_class = ProtocolPageForm
    # A copy is a new protocol: it starts as a draft with no approved versions.
    exclude_fields_in_copy = ["current_version"]
    parent_page_types = ["sigs.SigPage"]
    subpage_types = []
    template = "sigs/protocol_page.html"
    objects = PageManager.from_queryset(ProtocolPageQuerySet)()

    class Meta:
        verbose_name = "protocol"

    # Lifecycle ----------------------------------------------------------------------------

    @property
    def version(self):
        """The current version as people write it ("2.1"), or "" before the first approval."""
        return self.current_version.number if self.current_version_id else ""

    @property
    def status(self):
        if self.current_version_id:
            return ProtocolStatus(self.current_version.status)
        in_review = getattr(self, "in_review", None)
        if in_review is None:
            in_review = self.workflow_in_progress
        return ProtocolStatus.IN_REVIEW if in_review else ProtocolStatus.DRAFT

    def get_status_display(self):
        return self.status.label

    @property
    def review_date(self):
        return self.current_version.review_date if self.current_version_id else None

    @property
    def approving_decision(self):
        return self.current_version.decision if self.current_version_id else None

    @cached_property
    def sig(self):
        return self.get_parent().specific

    # Wagtail ------------------------------------------------------------------------------

    def get_workflow(self):
        from ..services.workflow import protocol_workflow

        return protocol_workflow()

    @property
    def has_workflow(self):
        return True

    def permissions_for_user(self, user):
        return ProtocolPermissionTester(user, self)

    def with_content_json(self, content):
        """Publishing a revision must not undo the approval service's bookkeeping."""
        obj = super().with_content_json(content)
        obj.current_version_id = self.current_version_id
        return obj

    def serve(self, request, *args, **kwargs):
        from ..rules import can_view_protocol

        if not can_view_protocol(request.user, self):
            if asks_to_sign_in(request.user, self.visibility):
                return redirect_to_login(request.get_full_path())
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..pages import protocol_page_context  # pages.py imports the models

        if self.current_version_id and not ProtocolPage.current_version.is_cached(self):
            # The page shows who approved the current version and its decision: one query.
            self.current_version = ProtocolVersion.objects.select_related(
                "approved_by", "decision"
            ).get(pk=self.current_version_id)
        context = super().get_context(request, *args, **kwargs)
        context.update(protocol_page_context(self, request))
        return context


class ProtocolVersionQuerySet(models.QuerySet):
    def approved_between(self, start, end):
        return self.filter(approved_at__gte=start, approved_at__lt=end)

    def current(self):
        return self.filter(status=ProtocolStatus.APPROVED)

    def due_for_review(self, within_days, today=None):
        today = today or timezone.localdate()
        return self.current().filter(review_date__lte=today + timedelta(days=within_days))


class ProtocolVersion(models.Model):
    """One approved version of a protocol: its number, its content (a revision) and its
    approval. Rows are never deleted, so every version stays readable at its own URL."""

    protocol = models.ForeignKey(ProtocolPage, on_delete=models.CASCADE, related_name="versions")
    major = models.PositiveSmallIntegerField()
    minor = models.PositiveSmallIntegerField()
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=255)
    change_kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    change_summary = models.TextField()
    status = models.CharField(
        max_length=20,
        choices=[
            (ProtocolStatus.APPROVED.value, ProtocolStatus.APPROVED.label),
            (ProtocolStatus.SUPERSEDED.value, ProtocolStatus.SUPERSEDED.label),
            (ProtocolStatus.RETIRED.value, ProtocolStatus.RETIRED.label),
        ],
        default=ProtocolStatus.APPROVED,
    )
    approved_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        "governance.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protocols",
        verbose_name="approving decision",
    )
    effective_date = models.DateField()
    review_date = models.DateField()
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = ProtocolVersionQuerySet.as_manager()

    class Meta:
        ordering = ["protocol", "-major", "-minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "major", "minor"], name="one_row_per_protocol_version"
            ),
            models.UniqueConstraint(
                fields=["protocol"],
                condition=Q(status="approved"),
                name="one_current_version_per_protocol",
            ),
        ]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("sigs:protocol_version", args=[self.protocol_id, self.number])

    @property
    def number(self):
        return f"{self.major}.{self.minor}"

    @property
    def sort_key(self):
        return (self.major, self.minor)

    @property
    def is_current(self):
        return self.status == ProtocolStatus.APPROVED

    def clean(self):
        if self.review_date and self.effective_date and self.review_date < self.effective_date:
            raise ValidationError({"review_date": "The review date must be after it takes effect."})


class ReviewComment(models.Model):
    """A SIG member's comment on a version while it is in review."""

    protocol = models.ForeignKey(
        ProtocolPage, on_delete=models.CASCADE, related_name="review_comments"
    )
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment by {self.author} on {self.protocol.title}"


class ProtocolAttachment(models.Model):
    """A file that goes with a protocol (a form, a poster), kept private in filer."""

    protocol = models.ForeignKey(ProtocolPage, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    file = models.ForeignKey("filer.File", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class ReviewReminder(models.Model):
    """One review reminder sent for one version: the unique key stops a retry sending twice."""

    version = models.ForeignKey(
        ProtocolVersion, on_delete=models.CASCADE, related_name="review_reminders"
    )
    key = models.CharField(max_length=40, help_text='"due-soon", or "overdue-<ISO week>".')
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_review_reminder_per_key")
        ]

    def __str__(self):
        return f"{self.key} reminder for {self.version}"
