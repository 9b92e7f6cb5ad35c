"""Building the email: freezing an issue, choosing each person's sections, and rendering the
HTML (table layout, inlined styles) and plain-text parts with RFC 8058 unsubscribe headers."""

from dataclasses import dataclass, field
from urllib.parse import quote

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from portal.email import PortalEmail
from portal.links import absolute_url, base_url, site_domain

from ..blocks import Topic
from .tokens import subscriber_token

_inliner = css_inline.CSSInliner(load_remote_stylesheets=False)


def freeze_content(issue):
    """The issue's latest saved content as plain data, so later edits cannot change a send."""
    latest = issue.get_latest_revision_as_object() if issue.pk else issue
    sections = []
    for block in latest.sections:
        value = block.value
        sections.append(
            {
                "heading": value["heading"],
                "topic": value["topic"],
                "public": bool(value["public"]),
                "items": [
                    {
                        "title": item["title"],
                        "link": item["link"] or "",
                        "when": item["when"] or "",
                        "summary": item["summary"] or "",
                        "sig": item["sig"].pk if item["sig"] else None,
                        "members_only": bool(item["members_only"]),
                    }
                    for item in value["items"]
                ],
            }
        )
    return {
        "number": latest.number,
        "title": latest.title,
        "issue_date": latest.issue_date.isoformat(),
        "introduction": latest.introduction,
        "archive_url": absolute(latest.get_url_parts()[2]) if latest.get_url_parts() else "",
        "sections": sections,
    }


def subject_of(content):
    return f"{settings.ROUNDUP_NAME} {content['number']}: {content['title'].split(': ', 1)[-1]}"


@dataclass(frozen=True)
class Preferences:
    events: bool = True
    protocols: bool = True
    governance: bool = True
    jobs: bool = True
    all_sigs: bool = True
    sig_ids: frozenset = field(default_factory=frozenset)
    is_member: bool = True

    @classmethod
    def of(cls, subscriber):
        """A subscriber's topics (`sigs` should be prefetched when reading many)."""
        return cls(
            events=subscriber.events,
            protocols=subscriber.protocols,
            governance=subscriber.governance,
            jobs=subscriber.jobs,
            all_sigs=subscriber.all_sigs,
            sig_ids=frozenset(sig.pk for sig in subscriber.sigs.all()),
            is_member=bool(subscriber.user_id and subscriber.user.is_network_member),
        )

    def may_see(self, item):
        return self.is_member or not item.get("members_only")

    def wants(self, topic, sig_id):
        if topic == Topic.SIG_NEWS:
            if self.all_sigs:
                return True
            return sig_id in self.sig_ids if sig_id else bool(self.sig_ids)
        return {
            Topic.EVENTS: self.events,
            Topic.PROTOCOLS: self.protocols,
            Topic.GOVERNANCE: self.governance,
            Topic.JOBS: self.jobs,
        }.get(topic, True)


def sections_for(content, preferences):
    """The sections (and, within SIG news, the items) this person asked for; empty ones dropped."""
    chosen = []
    for section in content["sections"]:
        items = [
            i
            for i in section["items"]
            if preferences.wants(section["topic"], i["sig"]) and preferences.may_see(i)
        ]
        if items:
            chosen.append({**section, "items": items})
    return chosen


def public_sections(content):
    """What the public archive shows: public sections, without any members-only item."""
    shown = []
    for section in content["sections"]:
        items = [i for i in section["items"] if not i.get("members_only")]
        if section["public"] and items:
            shown.append({**section, "items": items})
    return shown


def absolute(path):
    return absolute_url(path)


def links_for(subscriber):
    token = subscriber_token(subscriber)
    return {
        "token": token,
        "preferences_url": absolute(reverse("roundup:preferences_link", args=[token])),
        "unsubscribe_url": absolute(reverse("roundup:unsubscribe", args=[token])),
    }


def render_issue(content, sections, *, greeting_name, links):
    """The (text, html) parts for one reader."""
    context = {
        "content": content,
        "sections": sections,
        "greeting_name": greeting_name,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "roundup_name": settings.ROUNDUP_NAME,
        "base_url": base_url(),
        **links,
    }
    text = render_to_string("roundup/email/issue.txt", context)
    html = _inliner.inline(render_to_string("roundup/email/issue.html", context))
    return text, html


def unsubscribe_headers(links):
    subject = quote(f"unsubscribe {links['token']}")
    mailto = f"mailto:{settings.ROUNDUP_UNSUBSCRIBE_MAILTO}?subject={subject}"
    return {
        "List-Id": f"{settings.ROUNDUP_NAME} <roundup.{site_domain()}>",
        "List-Unsubscribe": f"<{links['unsubscribe_url']}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def build_message(content, subscriber, address, *, sections, subject=None, message_id=None):
    links = links_for(subscriber)
    text, html = render_issue(
        content, sections, greeting_name=subscriber.greeting_name, links=links
    )
    headers = unsubscribe_headers(links)
    if message_id:
        headers["Message-ID"] = message_id
    message = PortalEmail(
        subject=subject or subject_of(content),
        body=text,
        from_email=settings.ROUNDUP_FROM_EMAIL,
        to=[address],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message
