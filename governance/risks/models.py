"""The risk register: risks scored on the 5×5 consequence × likelihood matrix, with their
score history, review cycle and the configurable bands that colour them."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting
from wagtail.contrib.settings.registry import register_setting

from governance.models import Action, Decision, GroupPage, Membership
from portal.rules import is_network_admin
from portal.tree import own_and_ancestor_paths, parent_path

RISK_REFERENCE_PREFIX = "WMIN-R"
MAX_SCORE = 25


class Band(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    EXTREME = "extreme", "Extreme"


class Trend(models.TextChoices):
    UP = "up", "Rising"
    DOWN = "down", "Falling"
    FLAT = "flat", "No change"


@register_setting(icon="warning")
class RiskSettings(BaseGenericSetting):
    """Where each score band ends, and how often a risk in each band is reviewed by default."""

    low_max = models.PositiveSmallIntegerField(
        "highest low score", default=3, validators=[MinValueValidator(1)]
    )
    moderate_max = models.PositiveSmallIntegerField("highest moderate score", default=6)
    high_max = models.PositiveSmallIntegerField(
        "highest high score",
        default=12,
        help_text="Scores above this are extreme.",
        validators=[MaxValueValidator(MAX_SCORE - 1)],
    )
    review_days_low = models.PositiveSmallIntegerField("low", default=365)
    review_days_moderate = models.PositiveSmallIntegerField("moderate", default=180)
    review_days_high = models.PositiveSmallIntegerField("high", default=90)
    review_days_extreme = models.PositiveSmallIntegerField("extreme", default=30)

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("low_max"), FieldPanel("moderate_max")]),
                FieldPanel("high_max"),
            ],
            heading="Score bands (consequence × likelihood, 1 to 25)",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("review_days_low"), FieldPanel("review_days_moderate")]),
                FieldRowPanel([FieldPanel("review_days_high"), FieldPanel("review_days_extreme")]),
            ],
            heading="Days between reviews, by band",
        ),
    ]

    class Meta:
        db_table = "governance_risksettings"
        verbose_name = "risk settings"

    def clean(self):
        if not self.low_max < self.moderate_max < self.high_max:
            raise ValidationError("Each band must end above the one before it.")

    def ranges(self):
        """Each band with its lowest and highest score: the one definition of the bands."""
        return {
            Band.LOW: (1, self.low_max),
            Band.MODERATE: (self.low_max + 1, self.moderate_max),
            Band.HIGH: (self.moderate_max + 1, self.high_max),
            Band.EXTREME: (self.high_max + 1, MAX_SCORE),
        }

    def band(self, score):
        """The band a score falls in. Every caller asks this, never its own thresholds."""
        for band, (lowest, highest) in self.ranges().items():
            if lowest <= score <= highest:
                return band
        raise ValueError(f"A risk score runs from 1 to {MAX_SCORE}, not {score}.")

    def review_days(self, score):
        """How many days a risk with this score goes between reviews by default."""
        return getattr(self, f"review_days_{self.band(score)}")


class RiskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Risk.Status.OPEN)

    def review_overdue(self, today=None):
        return self.open().filter(next_review_date__lt=today or timezone.localdate())

    def in_band(self, band, bands):
        lowest, highest = bands.ranges()[Band(band)]
        return self.filter(current_score__gte=lowest, current_score__lte=highest)

    def for_listing(self):
        """What a register row shows: its group, owner and score history, in fixed queries."""
        return self.select_related("group", "owner").prefetch_related(
            models.Prefetch(
                "score_changes",
                queryset=RiskScoreChange.objects.only(
                    "risk_id",
                    "changed_at",
                    "previous_consequence",
                    "previous_likelihood",
                    "new_consequence",
                    "new_likelihood",
                    "escalation",
                ),
            )
        )


def _score_field(prefix):
    return models.GeneratedField(
        expression=F(f"{prefix}_consequence") * F(f"{prefix}_likelihood"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )


def _rating(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Risk(models.Model):
    """One risk on a group's register. Its band and escalation are derived, never stored."""

    class Source(models.TextChoices):
        INCIDENT = "incident", "Incident"
        AUDIT = "audit", "Audit"
        COMPLAINT = "complaint", "Complaint"
        HORIZON_SCANNING = "horizon_scanning", "Horizon scanning"
        OTHER = "other", "Other"

    class Category(models.TextChoices):
        WORKFORCE = "workforce", "Workforce"
        DIGITAL = "digital", "Digital"
        FINANCIAL = "financial", "Financial"
        CLINICAL_QUALITY = "clinical_quality", "Clinical quality"
        CAPACITY = "capacity", "Capacity"
        REPUTATIONAL = "reputational", "Reputational"
        OTHER = "other", "Other"

    class Appetite(models.TextChoices):
        # The Good Governance Institute's levels, as NHS boards use them.
        AVERSE = "averse", "Averse: avoid the risk"
        MINIMAL = "minimal", "Minimal: as little as possible"
        CAUTIOUS = "cautious", "Cautious: prefer safe options"
        OPEN = "open", "Open: willing to consider all options"
        EAGER = "eager", "Eager: seek innovation despite the risk"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    CONSEQUENCES = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Catastrophic"}
    LIKELIHOODS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}

    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=200)
    cause = models.TextField(help_text="Because of… (what gives rise to the risk).")
    event = models.TextField(help_text="There is a risk that… (what might happen).")
    effect = models.TextField(help_text="Resulting in… (the harm if it does).")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.OTHER)
    category = models.CharField(max_length=20, choices=Category.choices)
    group = models.ForeignKey(GroupPage, on_delete=models.PROTECT, related_name="risks")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_risks"
    )
    opened_on = models.DateField(default=timezone.localdate)

    controls = models.TextField(blank=True)
    gaps_in_control = models.TextField(blank=True)
    assurances = models.TextField(blank=True)
    gaps_in_assurance = models.TextField(blank=True)

    initial_consequence = _rating("initial consequence")
    initial_likelihood = _rating("initial likelihood")
    initial_score = _score_field("initial")
    current_consequence = _rating("current consequence")
    current_likelihood = _rating("current likelihood")
    current_score = _score_field("current")
    target_consequence = _rating("target consequence")
    target_likelihood = _rating("target likelihood")
    target_score = _score_field("target")

    appetite = models.CharField(
        "risk appetite", max_length=20, choices=Appetite.choices, default=Appetite.CAUTIOUS
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.TextField(blank=True)
    review_frequency_days = models.PositiveSmallIntegerField(
        "days between reviews",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Leave blank to follow the risk's band.",
    )
    last_reviewed_on = models.DateField(null=True, blank=True)
    next_review_date = models.DateField()

    actions = models.ManyToManyField(Action, blank=True, related_name="risks")
    decisions = models.ManyToManyField(Decision, blank=True, related_name="risks")

    objects = RiskQuerySet.as_manager()

    class Meta:
        db_table = "governance_risk"
        ordering = ["-current_score", "reference"]
        indexes = [
            models.Index(fields=["group", "status"]),
            models.Index(fields=["status", "next_review_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(closure_reason=""),
                name="closed_risk_has_reason",
                violation_error_message="Give a reason for closing the risk.",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def review_overdue(self, today=None):
        return self.is_open and self.next_review_date < (today or timezone.localdate())

    def review_interval(self, bands):
        """Days to the next review: the risk's own frequency, or else its band's."""
        score = self.current_consequence * self.current_likelihood  # also before it is saved
        return timedelta(days=self.review_frequency_days or bands.review_days(score))

    def history(self):
        """Score changes, newest first (uses the prefetched rows when there are some)."""
        return sorted(self.score_changes.all(), key=lambda c: (c.changed_at, c.pk), reverse=True)

    def last_move(self):
        """The most recent re-scoring (not the opening score), for the trend and its words."""
        return next((c for c in self.history() if c.previous_score is not None), None)

    def trend(self):
        """Which way the score went at its most recent re-scoring."""
        move = self.last_move()
        if move is None or move.new_score == move.previous_score:
            return Trend.FLAT
        return Trend.UP if move.new_score > move.previous_score else Trend.DOWN


class RiskScoreChange(models.Model):
    """Every change of a risk's current score: who, when, why, and the score before."""

    class Escalation(models.TextChoices):
        NONE = "", "No change"
        ESCALATED = "escalated", "Escalated"
        DE_ESCALATED = "de_escalated", "De-escalated"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="score_changes")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    previous_consequence = models.PositiveSmallIntegerField(null=True, blank=True)
    previous_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    new_consequence = models.PositiveSmallIntegerField()
    new_likelihood = models.PositiveSmallIntegerField()
    escalation = models.CharField(
        max_length=20, choices=Escalation.choices, default=Escalation.NONE, blank=True
    )
    escalation_note = models.CharField(max_length=500, blank=True)

    class Meta:
        db_table = "governance_riskscorechange"
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="risk_score_change_has_reason",
                violation_error_message="Give a reason for changing the score.",
            ),
        ]

    def __str__(self):
        return f"{self.risk.reference}: {self.previous_score} → {self.new_score}"

    @property
    def previous_score(self):
        if self.previous_consequence is None:
            return None
        return self.previous_consequence * self.previous_likelihood

    @property
    def new_score(self):
        return self.new_consequence * self.new_likelihood


class RiskReferenceCounter(models.Model):
    """The last risk number issued. Locked while a risk is opened, so numbers are never reused,
    not even after a risk is deleted."""

    last_issued = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "governance_riskreferencecounter"

    def __str__(self):
        return f"Last risk reference issued: {self.last_issued}"


class RiskReviewReminder(models.Model):
    """One row per owner per week a review reminder went out: a rerun sends nothing twice."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_of = models.DateField(help_text="The Monday of the week the reminder was sent.")
    sent_at = models.DateTimeField(default=timezone.now)
    risk_count = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "governance_riskreviewreminder"
        constraints = [
            models.UniqueConstraint(fields=["person", "week_of"], name="one_risk_reminder_a_week"),
        ]

    def __str__(self):
        return f"Risk review reminder to {self.person} (week of {self.week_of})"


def _opens_register(user, role, group):
    """Whether a membership with `role` in `group` or a body above it opens `group`'s register:
    patient volunteers see one only where the group lets lay members see confidential items."""
    lay = user.is_lay_member or role == Membership.Role.PATIENT_VOLUNTEER
    return not lay or group.lay_members_see_confidential


class RiskTree:
    """Every group, loaded in one query, to derive escalation and register access in Python.

    The governance tree is small (tens of groups), so walking it in memory keeps listing pages
    at a fixed number of queries however many risks and groups there are. Build one per request.
    """

    def __init__(self):
        self.groups = list(
            GroupPage.objects.order_by("path").only(
                "title",
                "short_name",
                "path",
                "depth",
                "risk_escalation_threshold",
                "lay_members_see_confidential",
            )
        )
        self._by_path = {group.path: group for group in self.groups}
        self._by_pk = {group.pk: group for group in self.groups}

    def get(self, group_or_pk):
        return self._by_pk.get(getattr(group_or_pk, "pk", group_or_pk))

    def parent(self, group):
        return self._by_path.get(parent_path(group))

    def subtree(self, group):
        """The group and every group below it."""
        return [g for g in self.groups if g.path.startswith(group.path)]

    def escalated_to(self, group, score):
        """The bodies a risk of `group` with this current score reaches, nearest first.

        The one escalation rule: a risk at or above its group's threshold goes to the parent
        body's register; it goes on up while it also meets each body's own threshold, so a SIG
        risk that meets the Operational Board's threshold too reaches the Executive Board.
        """
        reached = []
        body = self.get(group)
        while body is not None and score >= body.risk_escalation_threshold:
            body = self.parent(body)
            if body is not None:
                reached.append(body)
        return reached

    def escalated_into(self, target_pks):
        """Open risks that reach any of these groups by escalation (from below them)."""
        target_pks = set(target_pks)
        needed = {}  # lowest score that takes a group's risks to one of the targets
        for group in self.groups:
            if group.pk in target_pks:
                continue
            for score in range(1, MAX_SCORE + 1):
                if any(body.pk in target_pks for body in self.escalated_to(group, score)):
                    needed.setdefault(score, []).append(group.pk)
                    break
        condition = Q(pk__in=[])
        for score, group_pks in needed.items():
            condition |= Q(group_id__in=group_pks, current_score__gte=score)
        return Q(status=Risk.Status.OPEN) & condition

    def register(self, group):
        """The risks on a group's register: its own, and those escalated to it from below."""
        return Q(group_id=group.pk) | self.escalated_into([group.pk])

    @staticmethod
    def is_admin(user):
        return is_network_admin(user)

    def registers_visible_to(self, user):
        """The pks of the groups whose registers this person may see.

        Members of a group see its register and those of every group below it; network admins
        see all. Patient volunteers see a register only where that group's terms of reference
        let lay members see confidential items.
        """
        if not user.is_authenticated or not user.is_active:
            return set()
        if self.is_admin(user):
            return set(self._by_pk)
        visible = set()
        memberships = Membership.objects.current().filter(person=user).values_list("group", "role")
        for group_pk, role in memberships:
            group = self.get(group_pk)
            if group is None:
                continue
            visible.update(g.pk for g in self.subtree(group) if _opens_register(user, role, g))
        return visible

    @classmethod
    def register_visible_to(cls, user, group):
        """Whether this person may see `group`'s register: `registers_visible_to` for one
        group, asking only for their memberships of it and of the bodies above it (none at all
        when their membership of the group itself, which its page has in hand, decides)."""
        if group.pk is None:  # a new group, previewed before it is saved, has no register
            return False
        if not user.is_authenticated or not user.is_active:
            return False
        if cls.is_admin(user):
            return True
        own = group.current_membership_of(user)
        if own is not None and _opens_register(user, own.role, group):
            return True
        roles = (
            Membership.objects.current()
            .filter(person=user, group__path__in=own_and_ancestor_paths(group))
            .values_list("role", flat=True)
        )
        return any(_opens_register(user, role, group) for role in roles)

    def visible_risks(self, user):
        """A filter for every risk this person may open: on a register they may see (including
        escalated risks there) or owned by them."""
        if user.is_authenticated and user.is_active and self.is_admin(user):
            return Q()
        visible = self.registers_visible_to(user)
        condition = Q(group_id__in=visible) | self.escalated_into(visible)
        if user.is_authenticated:
            condition |= Q(owner=user)
        return condition
