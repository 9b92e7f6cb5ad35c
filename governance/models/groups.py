"""Boards, forums and groups as pages; who belongs to them, and how people ask to join."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from portal.routing import RoutedPage
from portal.tree import parent_path


class GovernanceIndexPage(RoutedPage, Page):
    """ "How we are governed": draws the tree of boards and groups from live data."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["governance.GroupPage"]
    max_count = 1

    class Meta:
        verbose_name = "governance overview page"

    def get_context(self, request, *args, **kwargs):
        from ..pages import governance_tree_context  # pages.py imports the models

        context = super().get_context(request, *args, **kwargs)
        context.update(governance_tree_context(self))
        return context


class GroupPageQuerySet(PageQuerySet):
    def with_current_chairs(self):
        """Each group's current chairs (with the person) as `group.current_chairs`, in one
        more query for the whole listing."""
        chairs = Membership.objects.current().filter(role=Membership.Role.CHAIR)
        return self.prefetch_related(
            Prefetch(
                "memberships", queryset=chairs.select_related("person"), to_attr="current_chairs"
            )
        )

    def tree_under(self, page):
        """Live groups below `page` as nested (group, children) pairs, in page-tree order."""
        groups = list(self.live().descendant_of(page).order_by("path"))
        children = {}
        for group in groups:
            children.setdefault(parent_path(group), []).append(group)

        def branch(path):
            return [(group, branch(group.path)) for group in children.get(path, [])]

        return branch(page.path)


class GroupPage(RoutedPage, Page):
    """A board, forum or group. Its terms of reference are fields, versioned by revisions."""

    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        FORUM = "forum", "Forum"
        SIG = "sig", "Special interest group"
        SUB_GROUP = "sub_group", "Sub-group"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        BI_MONTHLY = "bi_monthly", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"
        TWICE_YEARLY = "twice_yearly", "Twice a year"
        AS_NEEDED = "as_needed", "As needed"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BOARD)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="For example ExB or MRI SIG."
    )
    purpose = models.TextField(help_text="What the group is for, in a sentence or two.")
    meeting_frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    delegated_powers = RichTextField(
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
        help_text="What the group may decide without referring up.",
    )
    tor_review_date = models.DateField("terms of reference review date", null=True, blank=True)
    risk_escalation_threshold = models.PositiveSmallIntegerField(
        default=15,
        help_text="Risks whose current score reaches this go to the parent body's register.",
    )
    lay_members_see_confidential = models.BooleanField(
        "lay members see confidential items",
        default=False,
        help_text="Whether patient volunteers in this group may open Part B items.",
    )
    quorum_voting_members = models.PositiveSmallIntegerField("voting members needed", default=3)
    quorum_requires_chair = models.BooleanField("chair or deputy must be present", default=True)
    editors_group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="governance_group",
        help_text="Kept in sync from memberships: chairs, deputies and secretaries.",
    )
    members_may_upload = models.BooleanField(
        "members may add files",
        default=False,
        help_text="Whether every member may add files to the group's library, not only its "
        "chair, deputy and secretary.",
    )
    quorum_trusts = models.PositiveSmallIntegerField(
        "different trusts needed",
        default=0,
        help_text="How many different trusts the voting members present must represent.",
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("short_name")]),
        FieldPanel("purpose"),
    ]
    terms_panels = [
        MultiFieldPanel(
            [
                FieldPanel("meeting_frequency"),
                FieldPanel("delegated_powers"),
                FieldPanel("tor_review_date"),
                FieldPanel("risk_escalation_threshold"),
                FieldPanel("lay_members_see_confidential"),
                FieldPanel("members_may_upload"),
            ],
            heading="Terms of reference",
        ),
        MultiFieldPanel(
            [
                FieldPanel("quorum_voting_members"),
                FieldPanel("quorum_requires_chair"),
                FieldPanel("quorum_trusts"),
            ],
            heading="Quorum",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("purpose")]

    parent_page_types = ["governance.GovernanceIndexPage", "governance.GroupPage"]
    subpage_types = ["governance.GroupPage", "governance.MeetingPage", "sigs.SigPage"]

    class Meta:
        verbose_name = "board or group page"

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(terms_panels, heading="Terms of reference"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    objects = PageManager.from_queryset(GroupPageQuerySet)()
    # Whether the page shows which network trusts have a member in the group (a SIG's does not).
    shows_trust_coverage = True

    def get_context(self, request, *args, **kwargs):
        from ..pages import group_page_context  # pages.py imports the models

        context = super().get_context(request, *args, **kwargs)
        context.update(group_page_context(self, request))
        return context

    def current_memberships(self, on=None):
        return self.memberships.current(on).select_related("person", "trust")

    def current_membership_of(self, user):
        """This person's current membership row, cached on the page for one request (taken
        from the roll when the page has read it)."""
        if not user.is_authenticated:
            return None
        cache = self.__dict__.setdefault("_membership_cache", {})
        if user.pk not in cache:
            roll = self.__dict__.get("_membership_roll")
            if roll is None:
                found = self.memberships.current().filter(person=user).select_related("person")
                cache[user.pk] = found.first()
            else:
                today = timezone.localdate()
                mine = [m for m in roll if m.person_id == user.pk and m.is_current(today)]
                # The row `.first()` would give: Membership's ordering puts the role first.
                cache[user.pk] = min(mine, key=lambda m: m.role, default=None)
        return cache[user.pk]

    def membership_roll(self):
        """Every membership of the group (past, current and to come) with its person and
        trust, by name: read once per page instance, so the group's page takes its members,
        past members, the viewer's own row and its patient volunteers from one query."""
        if "_membership_roll" not in self.__dict__:
            roll = list(
                self.memberships.select_related("person", "trust").order_by(
                    "person__last_name", "person__first_name", "pk"
                )
            )
            for membership in roll:
                membership.group = self
            self.__dict__["_membership_roll"] = roll
        return self.__dict__["_membership_roll"]

    def loaded_membership_roll(self):
        """The roll if this page instance has read it already, else None (for callers that
        would otherwise make a lighter query of their own)."""
        return self.__dict__.get("_membership_roll")

    @staticmethod
    def prime_membership_cache(groups, user):
        """Fill current_membership_of's cache for many groups with one query (for listings)."""
        if not user.is_authenticated:
            return
        found = {}
        for membership in Membership.objects.current().filter(person=user).select_related("person"):
            found.setdefault(membership.group_id, membership)
        for group in groups:
            group.__dict__.setdefault("_membership_cache", {})[user.pk] = found.get(group.pk)

    @property
    def tor_review_overdue(self):
        return bool(self.tor_review_date and self.tor_review_date < timezone.localdate())


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))

    def ended(self):
        return self.filter(end__lt=timezone.localdate())

    def leading(self):
        """Chairs, deputies and secretaries: those who run the group and edit its pages."""
        return self.filter(role__in=Membership.LEADING_ROLES)


class Membership(models.Model):
    """The only record of who belongs to a group; permissions are derived from these rows."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        DEPUTY_CHAIR = "deputy_chair", "Deputy chair"
        SECRETARY = "secretary", "Secretary"
        MEMBER = "member", "Member"
        PATIENT_VOLUNTEER = "patient_volunteer", "Patient volunteer"
        OBSERVER = "observer", "Observer"

    LEADING_ROLES = (Role.CHAIR, Role.DEPUTY_CHAIR, Role.SECRETARY)

    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    trust = models.ForeignKey(
        "portal.Trust",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="trust represented",
    )
    voting = models.BooleanField(default=True)
    start = models.DateField(default=timezone.localdate)
    end = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "role", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.group.title}"

    def is_current(self, on=None):
        """`MembershipQuerySet.current` for one row already in memory."""
        on = on or timezone.localdate()
        return self.start <= on and (self.end is None or self.end >= on)

    def has_ended(self, on=None):
        """`MembershipQuerySet.ended` for one row already in memory."""
        return self.end is not None and self.end < (on or timezone.localdate())

    @property
    def is_lay(self):
        return self.role == self.Role.PATIENT_VOLUNTEER or self.person.is_lay_member

    @property
    def is_leading(self):
        return self.role in self.LEADING_ROLES


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="join_requests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(status="pending"),
                name="one_pending_join_request_per_person_and_group",
            ),
        ]

    def __str__(self):
        return f"{self.person} asks to join {self.group.title}"
