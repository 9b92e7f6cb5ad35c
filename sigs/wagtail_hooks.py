"""Wagtail admin: audit-log actions of SIGs, so the history reads in words; site search."""

from django.db import transaction
from wagtail import hooks
from wagtail.signals import task_submitted

from . import (
    notifications,
    panels,  # noqa: F401 (registers its navigation links and My network panel)
)
from .models import SigReviewTask
from .search import search_sources


@hooks.register("register_log_actions")
def register_sig_log_actions(actions):
    actions.register_action(
        "sigs.protocol.approve", "Approve protocol version", "Protocol version approved"
    )
    actions.register_action("sigs.protocol.retire", "Retire protocol", "Protocol retired")
    actions.register_action("sigs.trust_lead.appoint", "Appoint trust lead", "Trust lead appointed")
    actions.register_action("sigs.trust_lead.remove", "Remove trust lead", "Trust lead removed")
    actions.register_action(
        "sigs.attachment.download", "Download protocol attachment", "Protocol attachment downloaded"
    )


# The site search covers this app through the sources in sigs/search.py.
hooks.register("register_search_source", search_sources)


def tell_members_review_started(sender, instance, user=None, **kwargs):
    """A protocol reaching the SIG review step: the SIG's members are told (once per review)."""
    if instance.task.specific_class is not SigReviewTask:
        return
    protocol = instance.workflow_state.content_object
    transaction.on_commit(lambda: notifications.review_started(protocol.specific, instance))


task_submitted.connect(tell_members_review_started, dispatch_uid="sigs-review-started")
