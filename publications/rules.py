"""Who may read a publication, open its files and manage them."""

import rules

from governance.rules import may_view


@rules.predicate
def can_read_publication(user, publication):
    """Public publications are for everyone; the rest follow the governance visibility rule."""
    return may_view(user, publication.owning_group, publication.visibility)


@rules.predicate
def can_manage_publication_files(user, publication):
    """Whoever may edit the publication's page in Wagtail may add and replace its files."""
    if not user.is_authenticated:
        return False
    return publication.permissions_for_user(user).can_edit()


rules.add_perm("publications.read_publication", can_read_publication)
rules.add_perm("publications.manage_publication_files", can_manage_publication_files)
