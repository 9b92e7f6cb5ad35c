"""The kinds of notification, registered by the apps that send them.

Each app returns its kinds from the `register_notification_kinds` Wagtail hook, so portal
names no app above it.
"""

from dataclasses import dataclass

from django.db import models
from wagtail import hooks

HOOK = "register_notification_kinds"


class Channel(models.TextChoices):
    IMMEDIATE = "immediate", "Email me straight away"
    DIGEST = "digest", "Email me once a day, in a daily digest"
    OFF = "off", "Do not tell me"


@dataclass(frozen=True)
class Kind:
    code: str  # "app.what_happened", stored on each notification
    label: str  # what a person is choosing about, on the preferences page
    description: str = ""
    group: str = "Other"  # the heading it is listed under on the preferences page
    default: str = Channel.IMMEDIATE
    # Required by law or safety (a booking's cancellation): it cannot be switched off.
    mandatory: bool = False
    # Another service sends this kind's email (with its own template, attachments and
    # once-only record): notify() records it in the portal, and the caller sends its email
    # only for the people notify() returned. Such a kind is emailed at once, or not at all.
    email_handled_elsewhere: bool = False

    @property
    def choices(self):
        allowed = [Channel.IMMEDIATE]
        if not self.email_handled_elsewhere:
            allowed.append(Channel.DIGEST)
        if not self.mandatory:
            allowed.append(Channel.OFF)
        return [(c.value, c.label) for c in allowed]

    @property
    def choosable(self):
        """Whether a person has a choice to make (a mandatory kind emailed elsewhere has not)."""
        return len(self.choices) > 1


class UnknownKind(LookupError):
    pass


def kinds():
    """Every registered kind, by code, in a stable order (group, then label)."""
    found = {}
    for fn in hooks.get_hooks(HOOK):
        for kind in fn():
            found[kind.code] = kind
    return dict(sorted(found.items(), key=lambda item: (item[1].group, item[1].label)))


def get_kind(code):
    try:
        return kinds()[code]
    except KeyError:
        raise UnknownKind(f"No notification kind {code!r} is registered.") from None
