"""Special interest groups: a SIG is a group page with a workspace of its own."""

from governance.models import GroupPage


class SigPage(GroupPage):
    """A special interest group, accountable to the Operational Board."""

    parent_page_types = ["governance.GroupPage"]
    subpage_types = ["governance.GroupPage", "governance.MeetingPage"]

    class Meta:
        verbose_name = "special interest group page"
