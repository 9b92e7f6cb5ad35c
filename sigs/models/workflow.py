"""The two steps of a protocol's approval workflow, as Wagtail workflow task types."""

from django.db.models import Q
from wagtail.models import Task, TaskState


class SigReviewTask(Task):
    """Step 1: the SIG's members comment (on the protocol's review page); those running the SIG
    end the review and send the version to the chair, or ask for changes."""

    def get_actions(self, obj, user):
        from ..rules import can_end_sig_review

        if can_end_sig_review(user, obj.specific):
            return [
                ("reject", "Request changes", True),
                ("approve", "End review and send to the chair", False),
            ]
        return []

    def user_can_access_editor(self, obj, user):
        from ..rules import can_end_sig_review

        return can_end_sig_review(user, obj.specific)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from ..rules import sigs_run_by

        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__object_id__in=_protocol_ids_under(sigs_run_by(user)),
        )

    @classmethod
    def get_description(cls):
        return (
            "Members of the protocol's SIG comment; its chair, deputy or secretary ends the review"
        )

    class Meta:
        verbose_name = "SIG review"
        verbose_name_plural = "SIG reviews"


class ChairApprovalTask(Task):
    """Step 2: only the SIG's chair (from its memberships) approves; approval publishes."""

    def get_actions(self, obj, user):
        from ..rules import can_approve_protocol
        from ..services.protocols import change_summary_problem

        obj = obj.specific  # the admin may pass a plain Page
        if not can_approve_protocol(user, obj):
            return []
        actions = [("reject", "Request changes", True)]
        latest = obj.get_latest_revision_as_object()
        if not change_summary_problem(obj, latest.change_summary):
            actions.append(("approve", "Approve and publish", True))
        return actions

    def get_form_for_action(self, action):
        from wagtail.forms import TaskStateCommentForm

        from ..forms import ChairApprovalForm

        return ChairApprovalForm if action == "approve" else TaskStateCommentForm

    def user_can_access_editor(self, obj, user):
        from ..rules import can_approve_protocol

        return can_approve_protocol(user, obj.specific)

    def on_action(self, task_state, user, action_name, **kwargs):
        from ..services.protocols import approve_version

        if action_name == "approve":
            approve_version(
                task_state,
                user,
                comment=kwargs.get("comment", ""),
                decision=kwargs.get("decision_reference"),
            )
            return None
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from ..rules import sigs_chaired_by

        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__object_id__in=_protocol_ids_under(sigs_chaired_by(user)),
        )

    @classmethod
    def get_description(cls):
        return "The chair of the protocol's SIG approves; approval publishes the new version"

    class Meta:
        verbose_name = "SIG chair approval"
        verbose_name_plural = "SIG chair approvals"


def _protocol_ids_under(sigs):
    """The ids (as workflow states store them) of the protocols under these SIG pages."""
    from .protocols import ProtocolPage

    paths = [sig.path for sig in sigs]
    if not paths:
        return []
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    return [str(pk) for pk in ProtocolPage.objects.filter(under).values_list("pk", flat=True)]
