"""Forms for onboarding patient volunteers; they check the shape of input only."""

from django import forms
from django.contrib.auth import password_validation


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
