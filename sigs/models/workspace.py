"""A SIG's workspace: the SIG page itself, its work programme and its trust leads."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, TabbedInterface
from wagtail.models import Page, PageManager

from governance.models import GroupPage
from governance.models.groups import GroupPageQuerySet


class SigPage(GroupPage):
    """A special interest group, accountable to the Operational Board."""

    class Category(models.TextChoices):
        MODALITY = "modality", "Modality"
        PATHWAY = "pathway", "Pathway"
        ENABLING = "enabling", "Enabling function"
        QUALITY = "quality", "Quality"

    category = models.CharField(max_length=20, choices=Category.choices, default=Category.MODALITY)
    meeting_cadence = models.CharField(
        max_length=160,
        blank=True,
        help_text="When the group meets, in words: for example Second Tuesday of every other "
        "month, 2pm, on Teams.",
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("short_name")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("meeting_cadence")]),
        FieldPanel("purpose"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(GroupPage.terms_panels, heading="Terms of reference"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    parent_page_types = ["governance.GroupPage"]
    subpage_types = ["governance.GroupPage", "governance.MeetingPage", "sigs.ProtocolPage"]
    template = "sigs/sig_page.html"
    objects = PageManager.from_queryset(GroupPageQuerySet)()
    shows_trust_coverage = False  # its template has no trusts table

    class Meta:
        verbose_name = "special interest group page"

    def get_context(self, request, *args, **kwargs):
        from ..pages import sig_workspace_context  # pages.py imports the models

        context = super().get_context(request, *args, **kwargs)
        context.update(sig_workspace_context(self, request))
        return context


class WorkItemQuerySet(models.QuerySet):
    def updated_between(self, start, end):
        """Items added or changed in [start, end): the round-up's "SIG updates"."""
        return (
            self.filter(updated_at__gte=start, updated_at__lt=end)
            .select_related("sig", "owner")
            .order_by("sig__title", "-updated_at")
        )

    def of_kind(self, kind):
        return self.filter(kind=kind)


class WorkItem(models.Model):
    """One line of a SIG's work programme: a deliverable, a next step or a benefit."""

    class Kind(models.TextChoices):
        DELIVERABLE = "deliverable", "Deliverable"
        PROGRESS = "progress", "Progress / next step"
        BENEFIT = "benefit", "Benefit"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    sig = models.ForeignKey(SigPage, on_delete=models.CASCADE, related_name="work_items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sig_work_items",
    )
    start = models.DateField(null=True, blank=True)
    due = models.DateField("due by", null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = WorkItemQuerySet.as_manager()

    class Meta:
        ordering = ["sig", "kind", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(due__gte=models.F("start")),
                name="work_item_due_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def is_overdue(self):
        return (
            self.status != self.Status.DONE
            and self.due is not None
            and self.due < timezone.localdate()
        )


class TrustLead(models.Model):
    """A SIG member who speaks for their trust on protocol adoption; chosen by the chair."""

    sig = models.ForeignKey(SigPage, on_delete=models.CASCADE, related_name="trust_leads")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sig_trust_leads"
    )
    trust = models.ForeignKey("portal.Trust", on_delete=models.CASCADE, related_name="sig_leads")
    appointed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["trust__name", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sig", "person", "trust"], name="one_trust_lead_row_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} – trust lead for {self.trust} in {self.sig.title}"
