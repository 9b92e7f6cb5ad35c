"""Special interest groups: a SIG is a group page with a workspace of its own."""

from governance.models import GroupPage


class SigPage(GroupPage):
    """A special interest group, accountable to the Operational Board."""

    parent_page_types = ["governance.GroupPage"]
    subpage_types = ["governance.GroupPage", "governance.MeetingPage"]
    # Until the SIG workspace has its own template, a SIG's home is a group's home.
    template = "governance/group_page.html"

    class Meta:
        verbose_name = "special interest group page"
