"""What the network reports on: the maturity matrix, QSI per trust, the QSIN gap analysis, the
5-year plan, the dashboard's settings, and the quorum checks behind its quoracy figures."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.settings.models import BaseGenericSetting
from wagtail.contrib.settings.registry import register_setting
from wagtail.models import Orderable


class MaturityStage(models.IntegerChoices):
    """NHS England's stages for imaging networks, lowest first."""

    PRE_EMERGENT = 1, "Pre-emergent"
    EMERGING = 2, "Emerging"
    DEVELOPING = 3, "Developing"
    MATURING = 4, "Maturing"
    THRIVING = 5, "Thriving"


class MaturityDomain(models.Model):
    """A domain of the maturity matrix (for example Workforce). The network office may add more."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True, max_length=500)
    sort_order = models.PositiveSmallIntegerField(
        default=0, help_text="Domains are shown in this order, lowest first."
    )

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "maturity matrix domain"

    def __str__(self):
        return self.name


class EvidenceLink(Orderable):
    """A link to what shows progress: a decision, a page (protocol, SIG, meeting) or a web
    address (for example a work-programme item). Give exactly one of the three."""

    title = models.CharField(max_length=255, help_text="What the evidence is, in a few words.")
    decision = models.ForeignKey(
        "governance.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A decision from the decision register.",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A page on this site: a protocol, a group or a meeting.",
    )
    url = models.URLField(
        "web address",
        blank=True,
        help_text="Anything else, for example a work-programme item or a published document.",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("decision"),
        FieldPanel("page"),
        FieldPanel("url"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.title

    def clean(self):
        given = [bool(self.decision_id), bool(self.page_id), bool(self.url)]
        if sum(given) != 1:
            raise ValidationError("Choose a decision, a page or a web address: exactly one.")

    @property
    def href(self):
        if self.decision_id:
            return reverse("governance:decision_detail", args=[self.decision_id])
        if self.page_id:
            return self.page.url
        return self.url


class MaturityAssessmentQuerySet(models.QuerySet):
    def between(self, start, end):
        return self.filter(submitted_on__gte=start, submitted_on__lte=end)

    def with_scores(self):
        return self.prefetch_related(
            models.Prefetch("domain_scores", queryset=DomainScore.objects.select_related("domain"))
        ).order_by("submitted_on")


class MaturityAssessment(ClusterableModel):
    """One self-assessment submitted to NHS England: a stage (and score) per domain, overall."""

    submitted_on = models.DateField("date of submission", unique=True)
    overall_stage = models.PositiveSmallIntegerField(choices=MaturityStage.choices)
    overall_score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="As submitted. It need not be the sum of the domain scores.",
    )
    notes = models.TextField(blank=True, max_length=2000)

    panels = [
        FieldPanel("submitted_on"),
        FieldRowPanel([FieldPanel("overall_stage"), FieldPanel("overall_score")]),
        InlinePanel("domain_scores", heading="Domains", label="Domain"),
        InlinePanel("evidence", heading="Evidence", label="Evidence link"),
        FieldPanel("notes"),
    ]

    objects = MaturityAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on"]
        verbose_name = "maturity matrix assessment"

    def __str__(self):
        return f"Maturity matrix, {self.submitted_on:%B %Y}"

    @property
    def overall_label(self):
        """As the annual report writes it: "Developing – 9.59"."""
        return f"{self.get_overall_stage_display()} – {format_score(self.overall_score)}"


def format_score(score, min_places=0):
    """A score as the report writes it, without trailing zeros beyond `min_places`: overall
    scores 5 and 9.59, domain scores (min_places=1) 2.0 and 1.8."""
    if score is None:
        return ""
    text = f"{score.normalize():f}"
    places = len(text.partition(".")[2])
    return f"{score:.{max(places, min_places)}f}"


class DomainScore(Orderable):
    assessment = ParentalKey(
        MaturityAssessment, on_delete=models.CASCADE, related_name="domain_scores"
    )
    domain = models.ForeignKey(MaturityDomain, on_delete=models.PROTECT, related_name="scores")
    stage = models.PositiveSmallIntegerField(choices=MaturityStage.choices)
    score = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave blank if the submission recorded a stage only (as in 2022).",
    )

    panels = [FieldRowPanel([FieldPanel("domain"), FieldPanel("stage"), FieldPanel("score")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"], name="one_score_per_domain_per_assessment"
            )
        ]

    def __str__(self):
        return f"{self.domain}: {self.label}"

    @property
    def label(self):
        stage = self.get_stage_display()
        if self.score is None:
            return stage
        return f"{stage} – {format_score(self.score, min_places=1)}"


class AssessmentEvidence(EvidenceLink):
    assessment = ParentalKey(MaturityAssessment, on_delete=models.CASCADE, related_name="evidence")


class QsiStage(models.IntegerChoices):
    """How far a trust's imaging service is on its way to the Quality Standard for Imaging."""

    NOT_STARTED = 0, "0 – Not started"
    GAP_ANALYSIS = 1, "1 – Gap analysis done"
    ACTION_PLAN = 2, "2 – Action plan agreed"
    IMPLEMENTING = 3, "3 – Implementing the standard"
    READY = 4, "4 – Ready for assessment"
    ACCREDITED = 5, "5 – Accredited"


class QualityMarkStatus(models.TextChoices):
    NOT_APPLIED = "not_applied", "Not yet applied"
    PREPARING = "preparing", "Preparing to apply"
    APPLIED = "applied", "Applied, awaiting assessment"
    ACCREDITED = "accredited", "Quality Mark awarded"


class QsiProgressQuerySet(models.QuerySet):
    def at_least(self, stage):
        return self.filter(stage__gte=stage)


class QsiProgress(models.Model):
    """One trust's progress towards the Quality Standard for Imaging (QSI)."""

    trust = models.OneToOneField(
        "portal.Trust", on_delete=models.CASCADE, related_name="qsi_progress"
    )
    stage = models.PositiveSmallIntegerField(
        choices=QsiStage.choices,
        default=QsiStage.NOT_STARTED,
        validators=[MaxValueValidator(5)],
    )
    quality_mark_status = models.CharField(
        max_length=20, choices=QualityMarkStatus.choices, default=QualityMarkStatus.NOT_APPLIED
    )
    target_stage = models.PositiveSmallIntegerField(choices=QsiStage.choices, null=True, blank=True)
    target_date = models.DateField(
        null=True, blank=True, help_text="When the trust aims to reach the target stage."
    )
    accreditation_target_date = models.DateField("Quality Mark target date", null=True, blank=True)
    is_estimate = models.BooleanField(
        "stage is an estimate",
        default=False,
        help_text="Tick when the stage is the network office's estimate, not the trust's own "
        "return. Estimates are marked as such on the dashboard.",
    )
    notes = models.TextField(blank=True, max_length=1000)
    updated_at = models.DateTimeField(default=timezone.now)

    panels = [
        FieldPanel("trust"),
        FieldRowPanel([FieldPanel("stage"), FieldPanel("is_estimate")]),
        FieldPanel("quality_mark_status"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("target_stage"), FieldPanel("target_date")]),
                FieldPanel("accreditation_target_date"),
            ],
            heading="Targets",
        ),
        FieldPanel("notes"),
    ]

    objects = QsiProgressQuerySet.as_manager()

    class Meta:
        ordering = ["trust__name"]
        verbose_name = "QSI progress of a trust"
        verbose_name_plural = "QSI progress by trust"

    def __str__(self):
        return f"{self.trust}: QSI stage {self.stage}"

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)


class QsinSnapshot(models.Model):
    """A gap analysis against the Quality Standard for Imaging Networks (QSIN)."""

    taken_on = models.DateField("date of the gap analysis", unique=True)
    percent_complete = models.PositiveSmallIntegerField(
        "% complete", validators=[MaxValueValidator(100)]
    )
    percent_commenced = models.PositiveSmallIntegerField(
        "% commenced",
        validators=[MaxValueValidator(100)],
        help_text="Standards started but not yet complete.",
    )
    note = models.CharField(max_length=255, blank=True)

    panels = [
        FieldPanel("taken_on"),
        FieldRowPanel([FieldPanel("percent_complete"), FieldPanel("percent_commenced")]),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["taken_on"]
        verbose_name = "QSIN gap analysis"
        verbose_name_plural = "QSIN gap analyses"

    def __str__(self):
        return f"QSIN gap analysis, {self.taken_on:%B %Y}"

    def clean(self):
        if (
            self.percent_complete is not None
            and self.percent_commenced is not None
            and self.percent_complete + self.percent_commenced > 100
        ):
            raise ValidationError("Complete and commenced together cannot be more than 100%.")

    @property
    def percent_not_started(self):
        return 100 - self.percent_complete - self.percent_commenced


class PlanYear(models.IntegerChoices):
    YEAR_1 = 1, "Year 1 (2021/22)"
    YEAR_2 = 2, "Year 2 (2022/23)"
    YEAR_3 = 3, "Year 3 (2023/24)"
    YEAR_4 = 4, "Year 4 (2024/25)"
    YEAR_5 = 5, "Year 5 (2025/26)"


class ObjectiveStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    AT_RISK = "at_risk", "At risk"


class PlanObjective(ClusterableModel):
    """An objective of the network's 5-year plan, with its status and the evidence for it."""

    year = models.PositiveSmallIntegerField(choices=PlanYear.choices)
    text = models.CharField("objective", max_length=500)
    status = models.CharField(
        max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.NOT_STARTED
    )
    progress_note = models.TextField(blank=True, max_length=1000)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("sort_order")]),
        FieldPanel("text"),
        FieldPanel("status"),
        FieldPanel("progress_note"),
        InlinePanel("evidence", heading="Evidence", label="Evidence link"),
    ]

    class Meta:
        ordering = ["year", "sort_order", "pk"]
        verbose_name = "5-year plan objective"
        constraints = [
            models.UniqueConstraint(fields=["year", "text"], name="plan_objective_once_a_year")
        ]

    def __str__(self):
        return self.text


class ObjectiveEvidence(EvidenceLink):
    objective = ParentalKey(PlanObjective, on_delete=models.CASCADE, related_name="evidence")


class QuorumCheck(models.Model):
    """The result of governance's quorum rule for a held meeting, kept for the dashboard.

    Recomputed nightly and for any held meeting not yet checked, so the dashboard reads one
    row per meeting instead of asking the rule for every meeting on every view.
    """

    meeting = models.OneToOneField(
        "governance.MeetingPage", on_delete=models.CASCADE, related_name="quorum_check"
    )
    is_quorate = models.BooleanField()
    voting_present = models.PositiveSmallIntegerField()
    voting_needed = models.PositiveSmallIntegerField()
    trusts_present = models.PositiveSmallIntegerField()
    trusts_needed = models.PositiveSmallIntegerField()
    summary = models.CharField(max_length=500)
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "quorum check"

    def __str__(self):
        return f"{self.meeting}: {self.summary}"


@register_setting(icon="view")
class DashboardSettings(BaseGenericSetting):
    """Whether the public sees a small summary of the network's progress."""

    public_summary_enabled = models.BooleanField(
        "show the public summary",
        default=False,
        help_text="When ticked, anyone can see the latest maturity stage, QSIN and QSI progress "
        "and the plan's progress at /dashboard/public/. Nothing about meetings or people.",
    )
    public_summary_introduction = models.TextField(
        blank=True,
        max_length=600,
        help_text="A sentence or two shown above the public summary.",
    )

    panels = [FieldPanel("public_summary_enabled"), FieldPanel("public_summary_introduction")]

    class Meta:
        verbose_name = "dashboard settings"
