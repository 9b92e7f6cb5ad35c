"""My network (/my/): a signed-in person's home. Each app contributes its panels through the
`my_network_panels` Wagtail hook, a function of the request that returns a `Panel` (or None
where it does not apply to this person), so portal names no app above it.

Each panel reads a fixed number of rows with a fixed number of queries, so the page's query
count does not grow with a person's meetings, actions or bookings.
"""

from dataclasses import dataclass, field

from wagtail import hooks

HOOK = "my_network_panels"


@dataclass
class Panel:
    title: str
    template: str  # rendered with the context below plus `panel`
    context: dict = field(default_factory=dict)
    order: int = 100
    # Where the whole list lives, for the panel's "see all" link.
    more_url: str = ""
    more_label: str = ""


def panels_for(request):
    panels = []
    for fn in hooks.get_hooks(HOOK):
        panel = fn(request)
        if panel is not None:
            panels.append(panel)
    return sorted(panels, key=lambda panel: (panel.order, panel.title))
