"""Meetings of a group: the agenda, the papers behind each item, and who attended."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from portal.ical import CalendarSequence
from portal.routing import RoutedPage

from ..visibility import Visibility


class MeetingPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Meetings not yet over (postponed or cancelled ones too: their pages say so)."""
        return self.filter(end__gte=now or timezone.now())


class MeetingPageForm(WagtailAdminPageForm):
    """The meeting editor: its agenda keeps each standing item once (see check_agenda)."""

    def clean(self):
        from ..errors import AgendaRepeatsItem
        from ..services.meetings import check_agenda

        cleaned = super().clean()
        formset = self.formsets.get("agenda_items")
        if formset is not None and all(form.is_valid() for form in formset.forms):
            kept = [
                form
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            if formset.can_order:
                kept.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
            try:
                check_agenda([form.instance for form in kept])
            except AgendaRepeatsItem as error:
                self.add_error(None, str(error))
        return cleaned


class MeetingPage(CalendarSequence, RoutedPage, Page):
    # What a member sees in their calendar: a change to any of these raises SEQUENCE.
    calendar_fields = ("title", "start", "end", "status", "location", "join_url")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"

    start = models.DateTimeField(help_text="Europe/London time.")
    end = models.DateTimeField()
    location = models.CharField(
        max_length=255, blank=True, help_text="Room and site, if people meet in person."
    )
    join_url = models.URLField(
        "online join link", blank=True, help_text="Shown only to group members and invitees."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # The meeting's calendar SEQUENCE: raised on every saved change to `calendar_fields`.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    invitees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meeting_invitations",
        help_text="People outside the group who are invited (they see the join link).",
    )
    public_pack = models.ForeignKey(
        "filer.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_pack = models.ForeignKey(
        "filer.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    packs_built_at = models.DateTimeField(null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("status"),
        MultiFieldPanel([FieldPanel("location"), FieldPanel("join_url")], heading="Where"),
        InlinePanel("agenda_items", heading="Agenda", label="Agenda item"),
    ]
    search_fields = Page.search_fields + [index.FilterField("start")]
    base_form_class = MeetingPageForm

    parent_page_types = ["governance.GroupPage", "sigs.SigPage"]
    subpage_types = []
    objects = PageManager.from_queryset(MeetingPageQuerySet)()

    class Meta:
        verbose_name = "meeting"
        ordering = ["-start"]

    @cached_property
    def group(self):
        # Cached so that one request asks the database once, and the group's own per-request
        # membership cache is shared by every permission check made through this meeting.
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        from ..pages import meeting_page_context  # pages.py imports the models

        context = super().get_context(request, *args, **kwargs)
        context.update(meeting_page_context(self, request))
        return context

    @property
    def is_upcoming(self):
        return self.end >= timezone.now() and self.status != self.Status.CANCELLED


class AgendaItem(Orderable, ClusterableModel):
    class Purpose(models.TextChoices):
        DECISION = "decision", "For decision"
        DISCUSSION = "discussion", "For discussion"
        INFORMATION = "information", "For information"
        ASSURANCE = "assurance", "For assurance"

    class Kind(models.TextChoices):
        STANDARD = "standard", "Item"
        PREVIOUS_MINUTES = "previous_minutes", "Minutes of the last meeting"
        MATTERS_ARISING = "matters_arising", "Matters arising"
        ACTIONS_CARRIED_FORWARD = "actions", "Actions carried forward"

    # Visibility of an item; "named people" is for individual papers and files only.
    ITEM_VISIBILITIES = [
        (value, label) for value, label in Visibility.choices if value != Visibility.NAMED
    ]

    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(max_length=255)
    kind = models.CharField(
        "type of item",
        max_length=20,
        choices=Kind.choices,
        default=Kind.STANDARD,
        help_text="Each standing item is on an agenda once; other business is an “Item”.",
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.DISCUSSION)
    presenter = models.CharField(
        "presenter (as shown)",
        max_length=150,
        blank=True,
        help_text="How the presenter is named on the agenda. It grants nothing: only the "
        "person chosen below may see and answer volunteers' feedback on the item's papers.",
    )
    presenter_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="presenter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presented_items",
        limit_choices_to={"is_active": True, "network_status": "member"},
        help_text="The network member who presents the item.",
    )
    minutes_allotted = models.PositiveSmallIntegerField(default=10)
    visibility = models.CharField(
        max_length=20, choices=ITEM_VISIBILITIES, default=Visibility.GROUP
    )
    organisations_named = models.CharField(
        max_length=255,
        blank=True,
        help_text="Suppliers or other organisations this item concerns, comma-separated. "
        "Members whose declared interests name one are flagged to the chair.",
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("purpose"), FieldPanel("visibility")]),
        FieldRowPanel([FieldPanel("presenter_person"), FieldPanel("presenter")]),
        FieldPanel("minutes_allotted"),
        FieldPanel("organisations_named"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "agenda item"

    def __str__(self):
        return self.title

    @property
    def is_confidential(self):
        return self.visibility == Visibility.CONFIDENTIAL

    @property
    def presenter_name(self):
        """The presenter as the agenda names them: the text if given, else the person."""
        if self.presenter:
            return self.presenter
        person = self.presenter_person
        return (person.get_full_name() or str(person)) if person is not None else ""


class PaperQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_at__isnull=True)

    def visible_to(self, user, groups=None):
        """The papers `user` may open: `rules.can_view_paper` in SQL, built on the same rule.

        The meeting is published (or they run its group), they may see the agenda item, and the
        paper's own visibility lets them. `groups` maps every group's page path to the group,
        with the user's memberships primed (one query is made when it is not given).
        """
        from portal.tree import parent_path_of

        from ..rules import can_manage_group
        from ..visibility import visible_condition
        from .groups import GroupPage

        if groups is None:
            found = list(GroupPage.objects.order_by("path"))
            GroupPage.prime_membership_cache(found, user)
            groups = {group.path: group for group in found}
        managed = [path for path, group in groups.items() if can_manage_group(user, group)]
        named = (
            Q(pk__in=Paper.named_people.through.objects.filter(user=user).values("paper_id"))
            if user.is_authenticated
            else None
        )
        papers = self.annotate(group_path=parent_path_of("agenda_item__meeting__path"))
        return papers.filter(
            Q(agenda_item__meeting__live=True) | Q(group_path__in=managed),
            visible_condition(user, groups, field="agenda_item__visibility"),
            visible_condition(user, groups, field="visibility", named=named),
        )


class Paper(index.Indexed, models.Model):
    """A paper for an agenda item: a private file in filer, re-issued as new versions."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=255)
    file = models.ForeignKey("filer.File", on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(max_length=20, choices=Visibility.choices)
    named_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="Who may open it when it is for named people only.",
    )
    version = models.PositiveSmallIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_version"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    lay_summary = models.TextField(blank=True)
    # Filled in the background from the file, for search; never shown to someone who
    # may not open the paper.
    extracted_text = models.TextField(blank=True, editable=False)
    # When the file was last read for its text, whatever came of it (a scan has none; a file
    # that trips a limit is refused): `rebuild_search` reads only files never read.
    text_read_at = models.DateTimeField(null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    page_count = models.PositiveIntegerField(null=True, blank=True)

    objects = PaperQuerySet.as_manager()
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("lay_summary"),
        index.SearchField("extracted_text"),
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["agenda_item__sort_order", "title", "-version"]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    @property
    def is_superseded(self):
        return self.superseded_at is not None

    @property
    def is_pdf(self):
        return self.file.original_filename.lower().endswith(".pdf")


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        DEPUTISED = "deputised", "Deputised"

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputised_attendance",
        help_text="Who attended in their place.",
    )

    class Meta:
        ordering = ["person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person"),
            models.CheckConstraint(
                condition=~Q(status="deputised") | Q(deputy__isnull=False),
                name="deputised_attendance_names_deputy",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"
