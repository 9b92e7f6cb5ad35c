"""Forms for patient volunteers: lay summaries, feedback and answers, the "you said, we did" log,
issuing papers, expense claims and onboarding. They check the shape of input; services decide."""

import uuid
from decimal import Decimal

from django import forms
from django.contrib.auth import password_validation

from governance.models import GroupPage

from .models import ExpenseClaim, LayFeedback
from .readability import LAY_SUMMARY_MAX_WORDS, word_count

LAY_SUMMARY_HELP = (
    f"Plain English, {LAY_SUMMARY_MAX_WORDS} words at most, for patient volunteers and the "
    "public. When you save it you will see its reading ease score and the glossary terms it uses."
)


def clean_lay_summary(text):
    words = word_count(text)
    if words > LAY_SUMMARY_MAX_WORDS:
        raise forms.ValidationError(
            f"The lay summary has {words} words. Keep it to {LAY_SUMMARY_MAX_WORDS} or fewer."
        )
    return text.strip()


class LaySummaryForm(forms.Form):
    lay_summary = forms.CharField(
        label="Lay summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=LAY_SUMMARY_HELP,
    )

    def clean_lay_summary(self):
        return clean_lay_summary(self.cleaned_data["lay_summary"])


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of feedback is it?",
        choices=LayFeedback.Kind.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="Your feedback",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what you would like to ask, what worries you, or what you suggest.",
    )
    ease = forms.TypedChoiceField(
        label="Was this paper easy to understand?",
        choices=LayFeedback.EASE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="1 is very hard, 5 is very easy.",
    )
    shared_with_volunteers = forms.BooleanField(
        label="Share my feedback with the other patient volunteers",
        required=False,
        help_text="The chair, secretary and presenter always see it.",
    )
    raise_at_meeting = forms.BooleanField(
        label="Raise this at the meeting",
        required=False,
        help_text="It will be shown under the agenda item on the meeting page.",
    )
    name_in_public_log = forms.BooleanField(
        label="You may name me if this leads to a change on the public “you said, we did” log",
        required=False,
    )
    # A fresh key each time the form is shown; posting it twice gives one piece of feedback.
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In plain English. The volunteer is emailed your answer.",
    )
    raise_at_meeting = forms.BooleanField(
        label="Raise this at the meeting",
        required=False,
        help_text="Shows it, with your answer, under its agenda item on the meeting page.",
    )


class ChangeForm(forms.Form):
    """An entry in the "you said, we did" log."""

    feedback = forms.TypedChoiceField(
        label="Which feedback led to the change?",
        required=False,
        coerce=int,
        empty_value=None,
    )
    you_said = forms.CharField(
        label="You said",
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What volunteers told us, in words fit for the public page.",
    )
    we_did = forms.CharField(
        label="We did",
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What changed because of it.",
    )
    is_public = forms.BooleanField(
        label="Show this on the board’s public page",
        required=False,
        initial=True,
        help_text="Names appear only where the volunteer agreed.",
    )

    def __init__(self, *args, feedback_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feedback"].choices = [("", "None in particular")] + feedback_choices


class IssuePapersForm(forms.Form):
    issue_without_lay_summaries = forms.BooleanField(
        label="Issue the papers without the missing lay summaries",
        required=False,
        help_text="Volunteers will see “No lay summary” beside those papers.",
    )


class GlossarySearchForm(forms.Form):
    q = forms.CharField(label="Search the glossary", required=False, max_length=100)


class MoneyField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_digits", 7)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "class": "nhsuk-input--width-5"})

    def clean(self, value):
        return super().clean(value) or Decimal("0")


class ExpenseClaimForm(forms.Form):
    meeting = forms.TypedChoiceField(label="Which meeting did you attend?", coerce=int)
    travel_mode = forms.ChoiceField(
        label="How did you travel?",
        choices=ExpenseClaim.TravelMode.choices,
        widget=forms.RadioSelect,
    )
    miles = MoneyField(
        label="Miles driven, there and back",
        decimal_places=1,
        max_digits=6,
        help_text="Only if you drove.",
    )
    fare = MoneyField(label="Fare, in pounds", help_text="Bus, train, tram or taxi.")
    parking = MoneyField(label="Parking, in pounds")
    receipt = forms.FileField(
        label="Receipt",
        required=False,
        help_text="Needed for a fare or parking. A PDF, or a photo saved as JPEG or PNG.",
    )
    notes = forms.CharField(
        label="Anything else we should know",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {meeting.pk: meeting for meeting in meetings}
        self.fields["meeting"].choices = [("", "Choose a meeting")] + [
            (meeting.pk, f"{meeting.title} ({meeting.start:%d %B %Y})") for meeting in meetings
        ]

    @property
    def chosen_meeting(self):
        return self.meetings[self.cleaned_data["meeting"]]


class ReceiptReplaceForm(forms.Form):
    receipt = forms.FileField(
        label="A new receipt",
        help_text="A PDF, or a photo saved as JPEG or PNG. It replaces the one you sent.",
    )


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    note = forms.CharField(
        label="Note to the volunteer",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you reject the claim.",
    )

    @property
    def approve(self):
        return self.cleaned_data["decision"] == "approve"


# Onboarding ----------------------------------------------------------------------------------


class InviteVolunteerForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(
        label="Email address", help_text="Any address the volunteer uses; it need not be NHS."
    )
    message = forms.CharField(
        label="A note to include in the email",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    groups = forms.ModelMultipleChoiceField(
        label="Boards they join",
        required=False,
        queryset=GroupPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="They become a patient volunteer of each board you tick when they accept.",
    )

    def __init__(self, *args, groups=(), with_volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["groups"]
        field.queryset = GroupPage.objects.filter(pk__in=[group.pk for group in groups])
        order = {group.pk: i for i, group in enumerate(groups)}
        field.choices = [
            (
                group.pk,
                f"{group.title} (has patient volunteers)"
                if group.pk in with_volunteers
                else group.title,
            )
            for group in sorted(groups, key=lambda g: order[g.pk])
        ]
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters. A few unrelated words make a good password.",
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password2(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data["password2"]
        if first and first != second:
            raise forms.ValidationError("The two passwords are different. Type them again.")
        return second

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password:
            try:
                password_validation.validate_password(password, self.person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AcceptPolicyForm(forms.Form):
    accept = forms.BooleanField(
        label="I have read the Patient Volunteer Policy and I accept it",
        error_messages={"required": "Tick the box to say you accept the policy."},
    )


class PublicNameForm(forms.Form):
    public = forms.BooleanField(
        label="Show my name on the public pages of my boards",
        required=False,
        help_text="You can change this at any time.",
    )
