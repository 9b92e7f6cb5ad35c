"""The demo network's special interest groups, from the annual report's SIG deliverables.

Each SIG is a SigPage under the Operational Board, filled in by the governance demo's
machinery (members, terms of reference, a year of meetings); the Research & Innovation SIG
has its AI sub-group under it. Then each SIG's workspace (category, cadence, the report's work
programme) and the protocols. Idempotent like the rest of the demo.
"""

from django.db import transaction

from governance.demo import (
    BOARDS_AND_FORUMS,
    emails_discarded,
    load_groups,
    operational_board,
)
from governance.demo.specs import (
    GROUP,
    NETWORK,
    GroupSpec,
    Kind,
    Purpose,
    StaffGroup,
    Topic,
)
from governance.models import Interest, MeetingPage, Paper

from ..models import SigPage
from .clinical import CLINICAL_SIGS
from .common import BI_MONTHLY, SIG_QUORUM
from .programmes import PROGRAMME_SIGS
from .protocols import load_protocols
from .workspaces import load_workspaces

SIGS = PROGRAMME_SIGS + CLINICAL_SIGS

AI_SUB_GROUP = GroupSpec(
    slug="ai-sub-group",
    title="Artificial Intelligence sub-group",
    short_name="AI sub-group",
    kind=Kind.SUB_GROUP,
    order=17,
    purpose=(
        "A forum to share practice on AI in imaging and support less experienced trusts: "
        "developing the network's AI strategy and a single process for evaluating AI software."
    ),
    frequency=BI_MONTHLY,
    powers=("Recommend the AI evaluation process to the Research & Innovation SIG",),
    tor_review_days=300,
    quorum=SIG_QUORUM,
    size=6,
    staff_groups=(StaffGroup.RADIOLOGIST, StaffGroup.MEDICAL_PHYSICIST),
    history=False,
    interests=(
        (
            "member:0",
            Interest.Kind.NON_FINANCIAL_PROFESSIONAL,
            "Co-investigator on an evaluation of Clearview AI's chest X-ray triage software.",
            "Clearview AI",
        ),
    ),
    topics=(
        Topic(
            "AI evaluation process",
            Purpose.DECISION,
            NETWORK,
            "Chair",
            minute="",
            paper="A single process for evaluating AI software in the network: clinical "
            "safety, local validation, information governance and benefits tracking.",
        ),
        Topic(
            "Chest X-ray triage: evaluation proposal",
            Purpose.DISCUSSION,
            GROUP,
            "Consultant radiologist",
            minute="",
            organisations="Clearview AI",
        ),
        Topic("Meetings with AI industry", Purpose.INFORMATION, NETWORK, "Chair", minute=""),
    ),
)

ALL_GROUPS = BOARDS_AND_FORUMS + SIGS + [AI_SUB_GROUP]


def load(stdout):
    with emails_discarded():
        _load(stdout)


@transaction.atomic
def _load(stdout):
    board = operational_board()
    made = load_groups(lambda spec: board, SIGS, ALL_GROUPS, page_class=SigPage)
    research = SigPage.objects.get(slug="research-and-innovation-sig")
    made += load_groups(lambda spec: research, [AI_SUB_GROUP], ALL_GROUPS)
    work_items = load_workspaces()
    stdout.write(
        f"SIGs: {SigPage.objects.count()} special interest groups, {made} new meetings; "
        f"{MeetingPage.objects.count()} meetings and {Paper.objects.count()} papers in all; "
        f"{work_items} new work programme items."
    )
    load_protocols(stdout)
