"""Sending the portal's own emails: a subject, a plain-text body and an HTML body from templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .suppression import Suppression


def send_templated_email(template_prefix, to, context, *, transactional=True, attachments=()):
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html` and send them, with any
    `(filename, content, mimetype)` attachments (a calendar file, say).

    Mail that is not transactional (reminders, bulletins) skips addresses on the suppression
    list, and is not sent at all when nobody is left.
    """
    recipients = to if isinstance(to, list) else [to]
    if not transactional:
        suppressed = Suppression.objects.suppressed_among(recipients)
        recipients = [r for r in recipients if r.strip().lower() not in suppressed]
        if not recipients:
            return
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
        to=recipients,
    )
    message.attach_alternative(render_to_string(f"{template_prefix}.html", context), "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
