"""Forms for signing up and keeping a profile; they check the shape of input only."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from .models import Trust, User

# Autofill purposes (WCAG 1.3.5) for the fields that describe the person.
AUTOCOMPLETE = {
    "first_name": "given-name",
    "last_name": "family-name",
    "job_title": "organization-title",
}

STAFF_GROUP_CHOICES = [("", "Choose a staff group")] + User.StaffGroup.choices

PROFILE_FIELDS = [
    "first_name",
    "last_name",
    "job_title",
    "staff_group",
    "organisation",
    "registration_body",
    "registration_number",
]


def _set_autocomplete(form):
    for name, purpose in AUTOCOMPLETE.items():
        form.fields[name].widget.attrs["autocomplete"] = purpose


class SignupForm(AllauthSignupForm):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    job_title = forms.CharField(label="Job title", max_length=150, required=False)
    staff_group = forms.ChoiceField(
        label="Staff group",
        choices=STAFF_GROUP_CHOICES,
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Trust.objects.all(),
        required=False,
        empty_label="Choose your trust (if you work for one)",
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "job_title",
        "staff_group",
        "organisation",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _set_autocomplete(self)
        self.fields["email"].help_text = (
            "Use your NHS email address (nhs.net or nhs.uk) to join at once. "
            "Other addresses are checked by the network office first."
        )

    def custom_signup(self, request, user):
        for name in ("job_title", "staff_group", "organisation"):
            setattr(user, name, self.cleaned_data.get(name) or getattr(user, name))
        user.save(update_fields=["job_title", "staff_group", "organisation"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        help_texts = {
            "registration_number": "For example HCPC RA123456. Used for your CPD record.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["organisation"].empty_label = "Not employed by a network trust"
        self.fields["staff_group"].choices = STAFF_GROUP_CHOICES
        self.fields["registration_body"].choices = [("", "Choose a registration body")] + (
            User.RegistrationBody.choices
        )
        _set_autocomplete(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("registration_number") and not cleaned.get("registration_body"):
            self.add_error("registration_body", "Choose the body your registration number is with.")
        return cleaned
