"""Form posts that are safe to repeat. A double click, or a browser resending a post, must not
add the same thing twice: each form carries a one-off token, and the first post with it claims
it (an atomic `cache.add`, so two posts racing each other cannot both win). A repeat is told
its work is already done.

    class ActivityForm(OnceOnlyFormMixin, forms.ModelForm): ...

    if form.is_valid():
        if not claim_submission(request, form, "cpd.add_activity"):
            messages.info(request, "That was already saved.")
            return redirect(...)
        ...do the work...
"""

import re
import secrets

from django import forms
from django.core.cache import cache

TOKEN_FIELD = "submission_token"  # noqa: S105 (a field name, not a secret)
# Long enough to cover a resent post after a slow connection or a back button.
CLAIM_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token():
    return secrets.token_urlsafe(16)


class OnceOnlyFormMixin:
    """Adds the hidden one-off token; a form without one (an old page) is simply not checked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64, initial=new_token
        )

    def clean(self):
        # Kept apart from the data, so services given `cleaned_data` never see it.
        cleaned = super().clean()
        self.submission_token = cleaned.pop(TOKEN_FIELD, "") or ""
        return cleaned


def claim_submission(request, form, scope):
    """True for the first post of this form (the token is now claimed), False for a repeat."""
    token = getattr(form, "submission_token", "")
    if not _TOKEN.fullmatch(token):
        return True
    who = request.user.pk if request.user.is_authenticated else request.session.session_key
    return cache.add(f"portal:submitted:{scope}:{who}:{token}", True, CLAIM_SECONDS)
