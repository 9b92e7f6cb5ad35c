"""Wagtail admin: audit-log actions of SIGs, so the history reads in words; site search."""

from wagtail import hooks

from . import panels  # noqa: F401 (registers its navigation links and My network panel)
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
