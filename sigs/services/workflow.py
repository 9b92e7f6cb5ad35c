"""The protocol approval workflow: SIG review, then chair approval."""

from django.db import transaction
from wagtail.models import Workflow, WorkflowTask

from ..models import ChairApprovalTask, SigReviewTask

WORKFLOW_NAME = "SIG protocol approval"


def protocol_workflow():
    """The one workflow every protocol goes through, created with its two steps on first use."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        return workflow
    with transaction.atomic():
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        review, _ = SigReviewTask.objects.get_or_create(name="SIG review")
        approval, _ = ChairApprovalTask.objects.get_or_create(name="Chair approval")
        WorkflowTask.objects.create(workflow=workflow, task=review, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=1)
    return workflow
