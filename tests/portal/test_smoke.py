import pytest


@pytest.mark.django_db
def test_smtp_fixture_receives_a_real_message(smtp_inbox):
    from django.core.mail import send_mail

    send_mail("Hello", "Body http://x.example/a", "from@wmin.example", ["to@nhs.net"])
    assert smtp_inbox.to("to@nhs.net")[0]["Subject"] == "Hello"
    assert smtp_inbox.links(smtp_inbox.messages[0]) == ["http://x.example/a"]
