"""Benchmark: a protocol's page, the page members open from their SIG.

Run with `.venv/bin/python bench/protocol_page.py`. It builds everything in a throwaway test
database (in-memory SQLite, or a `test_…` database beside DATABASE_URL's, dropped at the end)
and a temporary media folder, then prints the queries and render time of the demo's MRI lumbar
spine protocol (its real body) for a SIG member and for the SIG's chair:

- with 3 approved versions, 1 attachment and 5 trusts' adoption;
- with 15 approved versions, 8 attachments and 15 trusts' adoption, after 20 past reviews.

The query count must not change between the two.
"""

import harness
import sigs_variation

RUNS = 5


def configure():
    harness.configure(media=True, TASKS=harness.NO_TASKS)


def build_world():
    """The variation bench's SIG (15 trusts, a chair, a member, a past meeting), with a member
    from every other trust too, so the adoption summary has a row for each."""
    from tests.governance.factories import MembershipFactory
    from tests.portal.factories import UserFactory

    sig, trusts, chair, member = sigs_variation.build_world()
    for trust in trusts[2:]:
        MembershipFactory(group=sig, person=UserFactory(), trust=trust)
    return sig, trusts, chair, member


def new_protocol(sig, chair):
    from sigs.demo.protocols import LUMBAR_SPINE_V1
    from tests.sigs.factories import ProtocolPageFactory

    protocol = ProtocolPageFactory(parent=sig, title="MRI lumbar spine", protocol_owner=chair)
    protocol.body = LUMBAR_SPINE_V1
    protocol.save_revision(user=chair)
    return protocol


def approve_versions(protocol, chair, trusts, count):
    """`count` more versions through the workflow, alternating the demo's bodies, each
    adopted by every trust in `trusts`."""
    from django.utils import timezone

    from sigs.demo.protocols import LUMBAR_SPINE_V2, LUMBAR_SPINE_V2_1
    from sigs.services import protocols
    from sigs.services.adoption import set_adoption

    bodies = [LUMBAR_SPINE_V2, LUMBAR_SPINE_V2_1]
    for n in range(count):
        draft = protocol.get_latest_revision_as_object()
        if protocol.current_version_id:
            draft.body = bodies[n % 2]
            draft.change_kind = "major" if n % 3 == 0 else "minor"
            draft.change_summary = f"Change number {n}: the sequences and reporting times."
        draft.save_revision(user=chair)
        protocols.submit_for_review(protocol, chair)
        protocols.end_sig_review(protocol, chair)
        version = protocols.approve(protocol, chair)
        protocol.refresh_from_db()
        for trust in trusts:
            set_adoption(version, trust, chair, "adopted", adopted_on=timezone.localdate())


def add_attachments(protocol, chair, count):
    from django.core.files.base import ContentFile

    from sigs.services.workspace import add_attachment
    from tests.governance.factories import blank_pdf_bytes

    for n in range(count):
        add_attachment(
            protocol,
            ContentFile(blank_pdf_bytes(1), name=f"poster-{n}.pdf"),
            title=f"Poster {n}",
            uploaded_by=chair,
        )


def measure(url, user):
    queries, milliseconds, _size = harness.measure_get(url, user, runs=RUNS)
    return queries, milliseconds


def main():
    configure()

    with harness.test_database():
        sig, trusts, chair, member = build_world()
        protocol = new_protocol(sig, chair)
        approve_versions(protocol, chair, trusts[:5], 3)
        add_attachments(protocol, chair, 1)
        url = protocol.url
        people = {"SIG member": member, "SIG chair": chair}
        small = {who: measure(url, person) for who, person in people.items()}
        approve_versions(protocol, chair, trusts, 12)
        add_attachments(protocol, chair, 7)
        large = {who: measure(url, person) for who, person in people.items()}
        print(f"A protocol's page (median of {RUNS} requests)")
        print(f"  {'viewer':<12} {'3 versions':>22} {'15 versions':>22}")
        for who in people:
            (q1, ms1), (q2, ms2) = small[who], large[who]
            print(f"  {who:<12} {q1:>8} queries {ms1:>5.0f}ms {q2:>8} queries {ms2:>5.0f}ms")
            assert q1 == q2, f"the query count grew with the versions for the {who}"


if __name__ == "__main__":
    main()
