"""Patient volunteers: their invitations and acceptance of the Patient Volunteer Policy, the
plain-English glossary, their reading and feedback on papers, the "you said, we did" log,
papers-issued notices and their expense claims.

The tables were made by governance and portal and keep their names (`db_table`)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import register_setting
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from governance.models import GroupPage, MeetingPage, Paper

# Onboarding ----------------------------------------------------------------------------------


@register_setting(icon="doc-full")
class VolunteerPolicySettings(BaseSiteSetting):
    """Which page is the Patient Volunteer Policy, and which version volunteers must accept.

    The policy is a publication; governance may not import publications, so it is any page.
    Changing the version asks every volunteer to accept the policy again.
    """

    policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Patient Volunteer Policy page",
    )
    policy_version = models.CharField(
        max_length=40,
        blank=True,
        help_text="For example 2024.1. Volunteers accept each new version once.",
    )

    panels = [FieldPanel("policy_page"), FieldPanel("policy_version")]

    class Meta:
        db_table = "portal_volunteerpolicysettings"
        verbose_name = "patient volunteer policy"

    @property
    def is_set(self):
        return bool(self.policy_page_id and self.policy_version)


class PolicyAcceptance(models.Model):
    """A volunteer accepted a version of the Patient Volunteer Policy on a date."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acceptances"
    )
    policy_version = models.CharField(max_length=40)
    policy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "portal_policyacceptance"
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "policy_version"], name="one_acceptance_per_policy_version"
            )
        ]

    def __str__(self):
        return f"{self.person} accepted version {self.policy_version}"


class VolunteerInvitation(models.Model):
    """The network office invited someone to join as a patient volunteer."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_invitation"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True, max_length=1000)
    groups = models.ManyToManyField(
        GroupPage,
        blank=True,
        related_name="volunteer_invitations",
        help_text="The boards the volunteer joins as a patient volunteer when they accept.",
    )
    # Changed each time the invitation is (re-)issued; a link carries it, so only the latest
    # link works. Empty for invitations issued before links carried one.
    nonce = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        db_table = "portal_volunteerinvitation"
        ordering = ["-invited_at"]

    def __str__(self):
        return f"Invitation to {self.person}"

    @property
    def is_accepted(self):
        return self.accepted_at is not None


class PublicNameConsent(models.Model):
    """A volunteer agreed to be named on public pages (members lists, attendance). Without it,
    people outside the group see "Patient volunteer"."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="public_name_consent"
    )
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "consent to be named publicly"

    def __str__(self):
        return f"{self.person} agreed to be named publicly"


# Lay review ----------------------------------------------------------------------------------


@register_snippet
class GlossaryTerm(index.Indexed, models.Model):
    """A term the papers use (PACS, ICB, WTE…) and what it means in plain English."""

    term = models.CharField(max_length=80, unique=True, help_text="As it appears in papers.")
    meaning = models.CharField(
        "stands for",
        max_length=200,
        blank=True,
        help_text="For an abbreviation, what it is short for.",
    )
    definition = models.TextField(
        max_length=600, help_text="In plain English, a sentence or two, for patients."
    )

    panels = [FieldPanel("term"), FieldPanel("meaning"), FieldPanel("definition")]
    search_fields = [
        index.SearchField("term", boost=3),
        index.AutocompleteField("term"),
        index.SearchField("meaning"),
        index.SearchField("definition"),
    ]

    class Meta:
        ordering = ["term"]
        db_table = "governance_glossaryterm"
        verbose_name = "glossary term"

    def __str__(self):
        return self.term


class PaperReview(models.Model):
    """That a volunteer has opened a paper (the first time), for "unread / read"."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="lay_reviews")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="paper_reviews"
    )
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "governance_paperreview"
        constraints = [
            models.UniqueConstraint(fields=["paper", "volunteer"], name="one_review_per_paper")
        ]

    def __str__(self):
        return f"{self.volunteer} read {self.paper}"


class LayFeedbackQuerySet(models.QuerySet):
    def for_group(self, group):
        return self.filter(paper__agenda_item__meeting__in=MeetingPage.objects.child_of(group))

    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def raised(self):
        """Feedback its author asked to be raised at the meeting."""
        return self.filter(raise_at_meeting=True)

    def raised_at(self, meeting):
        return self.raised().filter(paper__agenda_item__meeting=meeting)


class LayFeedback(models.Model):
    """A volunteer's question, concern or suggestion about a paper, and its answer."""

    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        CONCERN = "concern", "Concern"
        SUGGESTION = "suggestion", "Suggestion"

    EASE_CHOICES = [
        (1, "1 – very hard"),
        (2, "2 – hard"),
        (3, "3 – neither easy nor hard"),
        (4, "4 – easy"),
        (5, "5 – very easy"),
    ]

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="lay_feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lay_feedback"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(max_length=3000)
    ease = models.PositiveSmallIntegerField(
        "how easy the paper was to understand",
        choices=EASE_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    shared_with_volunteers = models.BooleanField(default=False)
    raise_at_meeting = models.BooleanField(default=False)
    name_in_public_log = models.BooleanField(
        default=False, help_text="The volunteer agrees to be named in the public log."
    )
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True, max_length=3000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # The form's one-off key: posting the same form twice (a double click) gives one row.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = LayFeedbackQuerySet.as_manager()

    class Meta:
        db_table = "governance_layfeedback"
        ordering = ["-created_at", "-pk"]
        verbose_name = "lay feedback"
        verbose_name_plural = "lay feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"], name="one_feedback_per_submission"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.paper.title}"

    @property
    def is_answered(self):
        return self.answered_at is not None


class YouSaidWeDid(models.Model):
    """One entry in a board's "you said, we did" log: feedback that led to a change."""

    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="you_said_we_did")
    feedback = models.ForeignKey(
        LayFeedback, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    you_said = models.TextField(max_length=1500, help_text="What volunteers told us.")
    we_did = models.TextField(max_length=1500, help_text="What changed because of it.")
    is_public = models.BooleanField(
        "show on the board's public page",
        default=True,
        help_text="Leave unticked if the change concerns a confidential (Part B) item.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "governance_yousaidwedid"
        ordering = ["-recorded_at", "-pk"]
        verbose_name = "“you said, we did” entry"
        verbose_name_plural = "“you said, we did” entries"

    def __str__(self):
        return f"{self.group.title}: {self.we_did[:60]}"


class PapersIssue(models.Model):
    """The chair issued a meeting's papers: volunteers are told and their review starts."""

    meeting = models.OneToOneField(
        MeetingPage, on_delete=models.CASCADE, related_name="papers_issue"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    papers_without_lay_summary = models.PositiveSmallIntegerField(
        default=0, help_text="How many papers had no lay summary when the chair issued them."
    )

    class Meta:
        db_table = "governance_papersissue"

    def __str__(self):
        return f"Papers issued for {self.meeting.title}"


class LayNotice(models.Model):
    """An email sent to a volunteer about a meeting's papers; the row makes sending idempotent."""

    class Kind(models.TextChoices):
        PAPERS_PUBLISHED = "published", "Papers published"
        REVIEW_REMINDER = "reminder", "Review reminder"

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="lay_notices")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lay_notices"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "governance_laynotice"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "volunteer", "kind"], name="one_lay_notice_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.volunteer} for {self.meeting.title}"


class ExpenseClaimQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=ExpenseClaim.Status.SUBMITTED)

    def approved(self):
        return self.filter(status=ExpenseClaim.Status.APPROVED)


class ExpenseClaim(models.Model):
    """A volunteer's claim for travelling to a meeting they attended."""

    class TravelMode(models.TextChoices):
        CAR = "car", "Car (mileage)"
        PUBLIC_TRANSPORT = "public_transport", "Bus, train or tram"
        TAXI = "taxi", "Taxi"
        OTHER = "other", "Other"
        NONE = "none", "No travel (online)"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expense_claims"
    )
    meeting = models.ForeignKey(
        MeetingPage, on_delete=models.PROTECT, related_name="expense_claims"
    )
    travel_mode = models.CharField(max_length=20, choices=TravelMode.choices)
    miles = models.DecimalField(
        max_digits=6, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    fare = models.DecimalField(
        max_digits=7, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    parking = models.DecimalField(
        max_digits=7, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    mileage_rate = models.DecimalField(
        max_digits=4, decimal_places=2, help_text="Pounds per mile when the claim was made."
    )
    receipt = models.ForeignKey(
        "filer.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True, max_length=1000)

    objects = ExpenseClaimQuerySet.as_manager()

    class Meta:
        db_table = "governance_expenseclaim"
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claimant", "meeting"],
                condition=~Q(status="rejected"),
                name="one_live_expense_claim_per_meeting",
            )
        ]

    def __str__(self):
        return f"{self.claimant} – {self.meeting.title}"

    @property
    def mileage_amount(self):
        return (self.miles * self.mileage_rate).quantize(Decimal("0.01"))

    @property
    def total(self):
        return self.mileage_amount + self.fare + self.parking
