"""Checks of the demo's CPD: member@demo.example's certificates, evaluations and reflections,
every attended place in a CPD log, recordings of the past webinars.
Run by tests/test_demo_network.py against the one whole-demo load."""

from events.cpd.models import Certificate, CpdEntry, EvaluationRequest, EventRecording
from events.cpd.queries import cpd_log, recordings_open_to
from events.cpd.services.certificates import CertificateStep, certificate_step
from portal.models import User


def counts():
    return (
        CpdEntry.objects.count(),
        Certificate.objects.count(),
        EventRecording.objects.count(),
        EvaluationRequest.objects.count(),
    )


def check(client):
    member = User.objects.get(email="member@demo.example")
    log = list(cpd_log(member))
    attended_slugs = {entry.booking.event.slug for entry in log if entry.booking}
    assert {
        "network-conference-2023",
        "network-and-learn-lgbtq-history-month",
        "cpd-webinar-ai-in-chest-x-ray-triage",
        "cpd-webinar-msk-ultrasound-reporting",
    } <= attended_slugs
    assert "Read: IR(ME)R 2017 guidance update" in {entry.title for entry in log}
    assert sum(1 for entry in log if entry.reflection) >= 3
    certificates = Certificate.objects.filter(booking__person=member)
    assert certificates.count() == 3
    assert all(c.cpd_hours for c in certificates)
    msk = next(
        e
        for e in log
        if e.booking and e.booking.event.slug == "cpd-webinar-msk-ultrasound-reporting"
    )
    assert certificate_step(msk.booking) == CertificateStep.EVALUATION_NEEDED

    # Everyone who attended has the event in their log, and nobody will be emailed for it.
    attended = CpdEntry.objects.filter(source=CpdEntry.Source.NETWORK_EVENT)
    assert attended.values("person").distinct().count() > 20
    assert EvaluationRequest.objects.count() == attended.count()

    recordings = EventRecording.objects.select_related("event", "slides")
    assert {r.event.slug for r in recordings} == {
        "cpd-webinar-ai-in-chest-x-ray-triage",
        "cpd-webinar-msk-ultrasound-reporting",
    }
    assert all(r.slides and r.event.is_past for r in recordings)
    assert recordings_open_to(member, recordings[0].event)
