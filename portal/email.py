"""Sending the portal's own emails: every message the portal sends is built here.

`send_templated_email` renders a subject, a plain-text body and an HTML body from templates;
`PortalEmail` is the message class behind it (and behind the round-up), so that every email:

- has a Message-ID on the site's own domain (not the sending machine's name);
- keeps list headers (List-Unsubscribe, List-Id) as plain ASCII, angle-bracketed URIs folded
  between entries, as RFC 2369 and RFC 8058 expect — never RFC 2047 encoded words, which the
  standard library's folding otherwise produces for a URI longer than a line;
- has an HTML part that is a whole document (`<html lang="en-GB">` with a charset): fragments
  are wrapped in the one base template, `email/document.html`.

`queue_message` hands a built message to the task queue (`portal.tasks.send_email`), so that a
request never waits on, or fails with, the mail relay.
"""

import email.policy
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend
from django.template.loader import render_to_string

from .links import base_url, site_domain
from .suppression import deliverable

LIST_HEADERS = ("list-unsubscribe", "list-unsubscribe-post", "list-id")


class ListHeader(UnstructuredHeader):
    """A list header written as it is given: folded only between `<…>, <…>` entries."""

    def fold(self, *, policy):
        value = str(self).replace(">, <", ">," + policy.linesep + " <")
        return f"{self.name}: {value}{policy.linesep}"


def _list_header_registry():
    registry = HeaderRegistry()
    for name in LIST_HEADERS:
        registry.map_to_type(name, ListHeader)
    return registry


_REGISTRY = _list_header_registry()


def message_id():
    return make_msgid(domain=site_domain())


class SmtpBackend(EmailBackend):
    """Django's SMTP backend, giving the messages the portal does not build itself (Wagtail's
    admin, Django's password reset) a Message-ID on the site's domain too."""

    def send_messages(self, email_messages):
        for message in email_messages:
            if not any(name.lower() == "message-id" for name in message.extra_headers):
                message.extra_headers["Message-ID"] = message_id()
        return super().send_messages(email_messages)


class PortalEmail(EmailMultiAlternatives):
    """An email with a Message-ID on the site's domain and list headers left as ASCII."""

    def __init__(self, *args, headers=None, **kwargs):
        headers = dict(headers or {})
        if not any(name.lower() == "message-id" for name in headers):
            headers["Message-ID"] = message_id()
        for name, value in headers.items():
            if name.lower() in LIST_HEADERS and not str(value).isascii():
                raise ValueError(f"{name} must be plain ASCII: {value!r}")
        super().__init__(*args, headers=headers, **kwargs)

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(header_factory=_REGISTRY))


def html_document(template_name, context, *, subject):
    """The HTML part as a whole document: a template that is a fragment is rendered inside
    the base email template."""
    html = render_to_string(template_name, context)
    if html.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        return html
    return render_to_string(
        "email/document.html", {**context, "subject": subject, "body_template": template_name}
    )


def send_templated_email(template_prefix, to, context, *, transactional=True, attachments=()):
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html` and send them, with any
    `(filename, content, mimetype)` attachments (a calendar file, say).

    Mail that is not transactional (reminders, bulletins) skips addresses on the suppression
    list, and is not sent at all when nobody is left.
    """
    recipients = to if isinstance(to, list) else [to]
    if not transactional:
        recipients = deliverable(recipients)
        if not recipients:
            return
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "base_url": base_url(),
        **context,
    }
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    message = PortalEmail(
        subject=subject,
        body=render_to_string(f"{template_prefix}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    html = html_document(f"{template_prefix}.html", context, subject=subject)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def message_data(message):
    """A built message as plain data a task can carry (it is rendered once, in the request)."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {name: str(value) for name, value in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def message_from_data(data):
    message = PortalEmail(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def queue_message(message):
    """Send `message` from the task queue rather than inside the request."""
    from .tasks import send_email

    send_email.enqueue(message_data(message))
