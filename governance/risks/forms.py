"""Forms for the risk register. They check the shape of input; the risk services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from governance.models import Action, Decision

from .models import Band, Risk
from .services.scoring import DESCRIPTION_FIELDS, TARGET_FIELDS


def _rating_field(label, ratings):
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[("", "Choose…")] + [(n, f"{n} – {name}") for n, name in ratings.items()],
    )


def _consequence(label):
    return _rating_field(label, Risk.CONSEQUENCES)


def _likelihood(label):
    return _rating_field(label, Risk.LIKELIHOODS)


class RiskForm(forms.ModelForm):
    """Open a risk (with its initial score) or edit one (with a reason if the score changes)."""

    initial_consequence = _consequence("Initial consequence")
    initial_likelihood = _likelihood("Initial likelihood")
    current_consequence = _consequence("Current consequence")
    current_likelihood = _likelihood("Current likelihood")
    target_consequence = _consequence("Target consequence")
    target_likelihood = _likelihood("Target likelihood")
    reason = forms.CharField(
        label="Reason for changing the score",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Needed if you change the current consequence or likelihood. "
        "It is kept in the risk's score history.",
    )

    class Meta:
        model = Risk
        fields = [
            *DESCRIPTION_FIELDS,
            "initial_consequence",
            "initial_likelihood",
            "current_consequence",
            "current_likelihood",
            *TARGET_FIELDS,
            "status",
            "closure_reason",
            "actions",
            "decisions",
        ]
        labels = {
            "cause": "Cause",
            "event": "Event",
            "effect": "Effect",
            "gaps_in_control": "Gaps in control",
            "gaps_in_assurance": "Gaps in assurance",
            "closure_reason": "Reason for closing",
            "actions": "Linked actions",
            "decisions": "Linked decisions",
        }
        help_texts = {
            "controls": "What is in place now to reduce the risk.",
            "assurances": "The evidence that the controls work.",
            "closure_reason": "Needed if you close the risk.",
            "actions": "Actions of this group that treat the risk. Hold Ctrl (or Cmd on a "
            "Mac) to choose more than one.",
            "decisions": "Decisions of this group about the risk. Hold Ctrl (or Cmd on a "
            "Mac) to choose more than one.",
        }
        widgets = {
            "actions": forms.SelectMultiple(attrs={"size": 6, "class": "risk-links"}),
            "decisions": forms.SelectMultiple(attrs={"size": 6, "class": "risk-links"}),
        } | {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "cause",
                "event",
                "effect",
                "controls",
                "gaps_in_control",
                "assurances",
                "gaps_in_assurance",
                "closure_reason",
            )
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        owner = self.instance.owner_id if editing else None
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(
                Q(memberships__in=group.memberships.current()) | Q(pk=owner),
            )
            .distinct()
            .order_by("first_name", "last_name")
        )
        self.fields["owner"].label_from_instance = lambda person: (
            person.get_full_name() or person.email
        )
        self.fields["actions"].queryset = Action.objects.for_group(group).order_by("-pk")
        self.fields["decisions"].queryset = Decision.objects.filter(
            meeting__path__startswith=group.path, meeting__depth=group.depth + 1
        ).order_by("-decided_on", "-pk")
        if editing:
            # The initial score is as first assessed; the reason explains changes to the current.
            del self.fields["initial_consequence"], self.fields["initial_likelihood"]
        else:
            del self.fields["status"], self.fields["closure_reason"], self.fields["reason"]

    def clean(self):
        cleaned = super().clean()
        # Asked here so the message sits beside the field (the database refuses it too).
        if cleaned.get("status") == Risk.Status.CLOSED and not cleaned.get("closure_reason"):
            self.add_error("closure_reason", "Give a reason for closing the risk.")
        return cleaned

    def service_fields(self):
        """The cleaned data under the names the risk services take."""
        data = dict(self.cleaned_data)
        data["actions"] = list(data.get("actions", []))
        data["decisions"] = list(data.get("decisions", []))
        return data


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label="Date of the review",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The next review falls due one review interval after this date.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"reviewed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class RiskFilterForm(forms.Form):
    """Filters and sort order of a register (GET). Invalid choices are simply ignored."""

    SORTS = {
        "score": ("-current_score", "next_review_date", "reference"),
        "score_low": ("current_score", "next_review_date", "reference"),
        "review": ("next_review_date", "-current_score", "reference"),
        "reference": ("reference",),
    }

    band = forms.ChoiceField(label="Band", required=False, choices=[("", "Any")] + Band.choices)
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "Any")] + Risk.Category.choices
    )
    owner = forms.ModelChoiceField(
        label="Owner", required=False, queryset=get_user_model().objects.none(), empty_label="Any"
    )
    group = forms.TypedChoiceField(label="Group", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("open", "Open"), ("closed", "Closed"), ("all", "Open and closed")],
    )
    overdue = forms.BooleanField(label="Only risks overdue for review", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("score", "Score, highest first"),
            ("score_low", "Score, lowest first"),
            ("review", "Next review date"),
            ("reference", "Reference"),
        ],
    )

    def __init__(self, data, *, owners, groups=None):
        super().__init__(data)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda person: (
            person.get_full_name() or person.email
        )
        if groups is None:
            del self.fields["group"]
        else:
            self.fields["group"].choices = [("", "Any")] + [(g.pk, g.title) for g in groups]

    def value(self, name, default=None):
        self.is_valid()
        if name in self.errors:
            return default
        return self.cleaned_data.get(name) or default

    def apply(self, risks, bands):
        status = self.value("status", "open")
        if status != "all":
            risks = risks.filter(status=status)
        if band := self.value("band"):
            risks = risks.in_band(band, bands)
        if category := self.value("category"):
            risks = risks.filter(category=category)
        if owner := self.value("owner"):
            risks = risks.filter(owner=owner)
        if (group := self.value("group")) is not None:
            risks = risks.filter(group_id=group)
        if self.value("overdue"):
            risks = risks.review_overdue()
        return risks.order_by(*self.SORTS[self.value("sort", "score")])
