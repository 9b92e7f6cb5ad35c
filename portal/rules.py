"""Who may see and do what in the site core."""

import rules


@rules.predicate
def is_network_member(user):
    return user.is_authenticated and user.is_network_member


@rules.predicate
def is_network_office(user):
    return user.is_authenticated and user.office_team == user.OfficeTeam.NETWORK_OFFICE


can_review_applicants = rules.is_superuser | is_network_office

rules.add_perm("portal.review_applicants", can_review_applicants)
# The approval queue lives in the Wagtail admin, so the network office must be able to open it
# (and, like everyone with admin access, set up MFA first).
rules.add_perm("wagtailadmin.access_admin", is_network_office)
