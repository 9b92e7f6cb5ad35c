"""Joining and leaving groups, and keeping Wagtail edit rights in step with memberships."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from portal.email import send_templated_email

from .. import notifications
from ..errors import AlreadyAMember, JoinRequestAlreadyDecided, NotAllowed
from ..models import GroupPage, JoinRequest, Membership
from ..rules import can_manage_group

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def sync_group_editors(group):
    """Make the group's Wagtail editors exactly its current chairs, deputies and secretaries.

    They may add, edit and publish pages in the group's subtree and nothing else. Safe to
    run at any time; it is the only code that touches these Django groups.
    """
    with transaction.atomic():
        group = GroupPage.objects.select_for_update().get(pk=group.pk)
        editors = group.editors_group or _new_editors_group(group)
        leaders = group.memberships.current().leading().values_list("person", flat=True)
        editors.user_set.set(leaders)
    return editors


def _new_editors_group(group):
    """The Django group whose members may edit the group's subtree (and reach the admin)."""
    editors, _ = Group.objects.get_or_create(name=f"Group editors #{group.pk}")
    # A plain update: the page's content, search entry and cached copies are unchanged.
    GroupPage.objects.filter(pk=group.pk).update(editors_group=editors)
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    page_permissions = Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(Page), codename__in=EDITOR_PAGE_PERMISSIONS
    )
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=editors, page=group, permission=permission)
            for permission in page_permissions
        ],
        ignore_conflicts=True,
    )
    return editors


def sync_all_group_editors():
    """Re-derive every group's editors (memberships also end by date, not only by a click)."""
    for group in GroupPage.objects.all():
        sync_group_editors(group)


def add_membership(
    group, person, *, role=Membership.Role.MEMBER, trust=None, voting=True, start=None
):
    with transaction.atomic():
        if group.memberships.current().filter(person=person).exists():
            raise AlreadyAMember(f"{person} is already a member of {group.title}.")
        membership = Membership.objects.create(
            group=group,
            person=person,
            role=role,
            trust=trust or person.organisation,
            voting=voting and role != Membership.Role.OBSERVER,
            start=start or timezone.localdate(),
        )
    sync_group_editors(group)
    return membership


def end_membership(membership, *, on=None):
    """End a membership; the row stays as history and any edit rights go at once."""
    membership.end = on or timezone.localdate() - timedelta(days=1)
    if membership.end < membership.start:
        membership.end = membership.start
    membership.save(update_fields=["end"])
    sync_group_editors(membership.group)
    return membership


def request_to_join(group, person, message=""):
    if not person.is_network_member:
        raise NotAllowed("Only network members can ask to join a group.")
    if group.current_membership_of(person):
        raise AlreadyAMember(f"You are already a member of {group.title}.")
    existing = group.join_requests.filter(person=person, status=JoinRequest.Status.PENDING)
    if existing.exists():
        raise AlreadyAMember(f"You have already asked to join {group.title}. The chair will reply.")
    join_request = JoinRequest.objects.create(group=group, person=person, message=message)
    leaders = [
        m.person
        for m in group.current_memberships().filter(
            role__in=[Membership.Role.CHAIR, Membership.Role.SECRETARY]
        )
    ]
    if leaders:
        transaction.on_commit(
            lambda: send_templated_email(
                "governance/email/join_request_received",
                [p.email for p in leaders],
                {"join_request": join_request, "group": group},
            )
        )
    return join_request


def decide_join_request(join_request, *, approve, decided_by, note=""):
    """The chair or secretary approves or declines; the person is told by email."""
    with transaction.atomic():
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        group = join_request.group.specific
        if not can_manage_group(decided_by, group):
            raise NotAllowed("Only the group's chair, deputy or secretary can decide this.")
        if join_request.status != JoinRequest.Status.PENDING:
            raise JoinRequestAlreadyDecided("This request has already been decided.")
        join_request.status = (
            JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
        )
        join_request.decided_by = decided_by
        join_request.decided_at = timezone.now()
        join_request.decision_note = note
        join_request.save()
        if approve and not group.current_membership_of(join_request.person):
            add_membership(group, join_request.person)
        transaction.on_commit(lambda: notifications.join_request_decided(join_request, group))
    return join_request
