"""Sending the portal's own emails: a subject, a plain-text body and an HTML body from templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(template_prefix, to, context):
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html` and send them."""
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
        to=to if isinstance(to, list) else [to],
    )
    message.attach_alternative(render_to_string(f"{template_prefix}.html", context), "text/html")
    message.send()
