"""What the site search finds in SIG workspaces: the shared protocols each member may open."""

from portal.search import PageSource

from .models import ProtocolPage
from .rules import can_view_protocol


class ProtocolSource(PageSource):
    key = "protocol"
    label = "Protocol"
    model = ProtocolPage

    def pages(self, context):
        return ProtocolPage.objects.live().visible_to(context.user)

    def fetch(self, context, pks):
        return ProtocolPage.objects.filter(pk__in=pks).select_related("current_version")

    def allowed(self, context, protocols):
        return [protocol for protocol in protocols if can_view_protocol(context.user, protocol)]

    def describe(self, context, protocol):
        parts = [protocol.get_modality_display(), protocol.body_area]
        if protocol.version:
            parts.append(f"version {protocol.version}")
        return " · ".join(part for part in parts if part)


def search_sources():
    return [ProtocolSource()]
