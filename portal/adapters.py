"""Hooks into django-allauth: what happens when an address is confirmed."""

from allauth.account.adapter import DefaultAccountAdapter

from .services import admit_after_confirmation


class AccountAdapter(DefaultAccountAdapter):
    def confirm_email(self, request, email_address):
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            admit_after_confirmation(email_address.user, email_address.email)
        return confirmed
