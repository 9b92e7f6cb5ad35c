"""Hooks into django-allauth: what happens when an address is confirmed, and how its emails
are built (links on the configured base URL, sent as `portal.email.PortalEmail`)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from .email import PortalEmail, queue_message
from .links import absolute_url
from .services import admit_after_confirmation


def _is_link(key, value):
    return key.endswith("_url") and isinstance(value, str) and bool(value)


class AccountAdapter(DefaultAccountAdapter):
    def confirm_email(self, request, email_address):
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            admit_after_confirmation(email_address.user, email_address.email)
        return confirmed

    def send_mail(self, template_prefix, email, context):
        # allauth builds its links (activate_url, password_reset_url, signup_url…) from the
        # request's host; every link the portal sends starts with the configured address.
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **{
                key: absolute_url(value) if _is_link(key, value) else value
                for key, value in context.items()
            },
        }
        # Rendered here, sent from the task queue: a password reset or a sign-up never waits
        # on (or fails with) the mail relay, and a relay that is down is retried later.
        queue_message(self.render_mail(template_prefix, email, context))

    def render_mail(self, template_prefix, email, context, headers=None):
        built = super().render_mail(template_prefix, email, context, headers=headers)
        message = PortalEmail(
            subject=built.subject,
            body=built.body,
            from_email=built.from_email,
            to=built.to,
            headers=built.extra_headers,
        )
        message.content_subtype = built.content_subtype
        for content, mimetype in getattr(built, "alternatives", []):
            message.attach_alternative(content, mimetype)
        return message
