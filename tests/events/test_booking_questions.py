"""Booking questions with fixed options are asked as NHS.UK radios or a select, not free text."""

import pytest
from bs4 import BeautifulSoup

from events.models import Booking

from .factories import BookingQuestionFactory

pytestmark = pytest.mark.django_db

WORKSHOPS = "Skeletal survey technique\nConsent and safeguarding\nReporting and second reads"


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_a_question_with_few_options_is_asked_as_radios(client, world, event):
    question = BookingQuestionFactory(
        event=event, text="Which workshop would you like?", required=True, options=WORKSHOPS
    )
    client.force_login(world.member)
    soup = _soup(client.get(event.url))
    name = f"question_{question.pk}"
    assert soup.find("textarea", attrs={"name": name}) is None
    radios = soup.find_all("input", attrs={"name": name, "type": "radio"})
    assert [r["value"] for r in radios] == WORKSHOPS.splitlines()
    assert all("nhsuk-radios__input" in r["class"] for r in radios)
    fieldset = radios[0].find_parent("fieldset", class_="nhsuk-fieldset")
    legend = fieldset.find("legend").get_text(strip=True)
    assert legend == "Which workshop would you like?"
    # Each radio has a label a screen reader will read.
    for radio in radios:
        assert soup.find("label", attrs={"for": radio["id"]}).get_text(strip=True)


def test_a_question_with_many_options_is_asked_as_a_select(client, world, event):
    options = "\n".join(f"Breakout {n}" for n in range(1, 9))
    question = BookingQuestionFactory(event=event, text="Which breakout?", options=options)
    client.force_login(world.member)
    soup = _soup(client.get(event.url))
    select = soup.find("select", attrs={"name": f"question_{question.pk}"})
    assert "nhsuk-select" in select["class"]
    assert [o.get_text() for o in select.find_all("option")] == [
        "Choose one",
        *options.splitlines(),
    ]
    label = soup.find("label", attrs={"for": select["id"]}).get_text(" ", strip=True)
    assert label == "Which breakout? (optional)"


def test_a_question_without_options_stays_free_text(client, world, event):
    question = BookingQuestionFactory(event=event, text="Anything else?")
    client.force_login(world.member)
    soup = _soup(client.get(event.url))
    assert soup.find("textarea", attrs={"name": f"question_{question.pk}"})


def test_a_required_choice_must_be_answered_from_the_options(client, world, event):
    question = BookingQuestionFactory(
        event=event, text="Which workshop would you like?", required=True, options=WORKSHOPS
    )
    name = f"question_{question.pk}"
    client.force_login(world.member)
    for answer in ("", "Something I made up"):
        soup = _soup(client.post(event.url, {name: answer}))
        summary = soup.find(class_="nhsuk-error-summary")
        link = summary.find("a", href=f"#id_{name}_0")
        assert "Which workshop would you like" in link.get_text()
        assert soup.find(id=f"id_{name}_0")
        assert not Booking.objects.filter(event=event, person=world.member).exists()

    response = client.post(event.url, {name: "Consent and safeguarding"}, follow=True)
    assert "Your place is booked" in response.content.decode()
    booking = Booking.objects.get(event=event, person=world.member)
    assert booking.answers == {str(question.pk): "Consent and safeguarding"}


def test_a_chosen_option_stays_chosen_when_another_answer_is_wrong(client, world, event):
    choice = BookingQuestionFactory(event=event, text="Which workshop?", options=WORKSHOPS)
    text = BookingQuestionFactory(event=event, text="Why?", required=True)
    client.force_login(world.member)
    answers = {f"question_{choice.pk}": "Consent and safeguarding", f"question_{text.pk}": ""}
    soup = _soup(client.post(event.url, answers))
    checked = soup.find("input", attrs={"name": f"question_{choice.pk}", "checked": True})
    assert checked["value"] == "Consent and safeguarding"
