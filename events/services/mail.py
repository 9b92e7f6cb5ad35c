"""Event emails with a calendar file attached.

The same three templates as portal.email.send_templated_email (subject, text, HTML), plus
the `.ics` that calendar programs add, update or remove the event from.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from portal.suppression import Suppression


def send_event_email(
    template_prefix, to, context, *, calendar=None, method="REQUEST", transactional=True
):
    """Send one email; reminders (not transactional) skip addresses on the suppression list."""
    if not transactional and Suppression.objects.suppressed_among([to]):
        return False
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        **context,
    }
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template_prefix}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(render_to_string(f"{template_prefix}.html", context), "text/html")
    if calendar is not None:
        message.attach("event.ics", calendar, f"text/calendar; charset=utf-8; method={method}")
    message.send()
    return True
