"""The certificate PDF (read back with pypdf), its download, the evaluation form before it,
and the public verification page that shows only what the certificate states."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from events.cpd.models import Certificate, EventEvaluation
from events.cpd.services.certificates import issue_certificate
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def certificate_url(event):
    return reverse("cpd:certificate", args=[event.pk])


def test_the_certificate_states_everything_an_auditor_needs(client, evaluated_booking):
    client.force_login(evaluated_booking.person)
    response = client.get(certificate_url(evaluated_booking.event))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert 'filename="certificate-mri-safety-update.pdf"' in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    certificate = Certificate.objects.get()
    event = evaluated_booking.event
    for expected in [
        "Certificate of attendance",
        "Priya Shah",
        "HCPC RA123456",
        "MRI safety update",
        "CPD webinar",
        "Operational Board",
        timezone.localtime(event.start).strftime("%-d %B %Y"),
        "CPD hours 3",
        "RCR CPD credits 2",
        "1.2, 3.4",
        "Explain the MRI safety zones",
        "Screen a patient with an implant",
        certificate.display_code,
    ]:
        assert expected in text, expected
    # The address may wrap at the foot of the page.
    assert f"/cpd/verify/{certificate.display_code}/" in text.replace(" ", "")


def test_downloading_again_gives_the_same_certificate(client, evaluated_booking):
    client.force_login(evaluated_booking.person)
    client.get(certificate_url(evaluated_booking.event))
    client.get(certificate_url(evaluated_booking.event))
    assert Certificate.objects.count() == 1


def test_without_a_registration_number_the_certificate_says_so(client, evaluated_booking):
    person = evaluated_booking.person
    person.registration_number = ""
    person.save()
    client.force_login(person)
    text = pdf_text(client.get(certificate_url(evaluated_booking.event)).content)
    assert "Professional registration: not given" in text


def test_before_the_evaluation_the_download_leads_to_it(client, attended_booking):
    client.force_login(attended_booking.person)
    response = client.get(certificate_url(attended_booking.event), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "cpd:evaluation", args=[attended_booking.event.pk]
    )
    assert "Please complete the short evaluation first." in response.content.decode()
    assert not Certificate.objects.exists()


def test_nobody_else_downloads_a_certificate(client, evaluated_booking):
    client.force_login(UserFactory())
    assert client.get(certificate_url(evaluated_booking.event)).status_code == 404
    client.logout()
    response = client.get(certificate_url(evaluated_booking.event))
    assert response.status_code == 302 and "/accounts/login/" in response.url


# The evaluation form


def evaluation_url(event):
    return reverse("cpd:evaluation", args=[event.pk])


def test_the_evaluation_form_keeps_answers_and_shows_errors(client, attended_booking):
    client.force_login(attended_booking.person)
    response = client.post(
        evaluation_url(attended_booking.event), {"overall": "4", "most_useful": "The quiz"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "This field is required." in html
    assert 'value="4" checked' in html
    assert "The quiz" in html
    assert not EventEvaluation.objects.exists()


def test_sending_the_evaluation_opens_the_certificate(client, attended_booking):
    client.force_login(attended_booking.person)
    response = client.post(
        evaluation_url(attended_booking.event),
        {
            "overall": "5",
            "outcomes_met": "partly",
            "most_useful": "Implant screening",
            "improvements": "Longer Q&A",
            "would_recommend": "no",
        },
    )
    assert response.status_code == 302
    evaluation = EventEvaluation.objects.get()
    assert evaluation.outcomes_met == "partly" and evaluation.would_recommend is False
    assert client.get(certificate_url(attended_booking.event)).status_code == 200


def test_the_evaluation_is_only_for_attendees(client, finished_event):
    client.force_login(UserFactory())
    assert client.get(evaluation_url(finished_event)).status_code == 404


def test_an_evaluated_event_is_not_evaluated_again(client, evaluated_booking):
    client.force_login(evaluated_booking.person)
    response = client.get(evaluation_url(evaluated_booking.event))
    assert response.status_code == 302 and response.url == reverse("cpd:log")


# The public verification page


def test_anyone_can_check_a_certificate(client, evaluated_booking):
    certificate = issue_certificate(evaluated_booking)
    response = client.get(reverse("cpd:verify", args=[certificate.display_code.lower()]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is genuine" in html
    for stated in ["Priya Shah", "HCPC RA123456", "MRI safety update", "Explain the MRI safety"]:
        assert stated in html
    assert "priya.shah@nhs.net" not in html
    assert "RCR CPD credits" in html


def test_the_page_shows_what_was_stated_not_what_changed_later(client, evaluated_booking):
    certificate = issue_certificate(evaluated_booking)
    evaluated_booking.person.last_name = "Changed"
    evaluated_booking.person.save()
    html = client.get(reverse("cpd:verify", args=[certificate.verification_code])).content
    assert b"Priya Shah" in html and b"Changed" not in html


def test_an_unknown_code_is_not_found(client, db):
    response = client.get(reverse("cpd:verify", args=["ABCD-EFGH-JKMN-PQRS"]))
    assert response.status_code == 404
    assert "No certificate has the code" in response.content.decode()


def test_the_code_form_leads_to_the_page(client, evaluated_booking):
    certificate = issue_certificate(evaluated_booking)
    response = client.get(reverse("cpd:verify_start"), {"code": certificate.display_code})
    assert response.status_code == 302
    assert response.url == reverse("cpd:verify", args=[certificate.verification_code])
    response = client.get(reverse("cpd:verify_start"), {"code": "short"})
    assert "Enter the 16-character code" in response.content.decode()
