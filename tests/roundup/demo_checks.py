"""Checks of the demo round-up: subscribers with mixed choices, three sent issues with their
figures, and next week's draft. Run by tests/test_demo_network.py against the one whole-demo
load."""

from publications.roundup.models import (
    Delivery,
    IssueSend,
    RoundupIndexPage,
    RoundupPage,
    Subscriber,
)


def counts():
    return (
        Subscriber.objects.count(),
        RoundupPage.objects.count(),
        IssueSend.objects.count(),
        Delivery.objects.count(),
    )


def check(client):
    archive = RoundupIndexPage.objects.get(slug="round-up")
    members = Subscriber.objects.filter(source=Subscriber.Source.MEMBERSHIP)
    outside = Subscriber.objects.filter(user__isnull=True, email__endswith="demo.example")
    assert members.count() >= 200 and outside.count() == 20
    assert members.filter(events=False).exists() and members.filter(all_sigs=False).exists()
    assert {s.status for s in outside} == {"subscribed", "pending", "unsubscribed"}

    sent = IssueSend.objects.filter(status=IssueSend.Status.SENT).order_by("issue__number")
    assert [send.issue.number for send in sent] == [1, 2, 3]
    for send in sent:
        stats = send.counts()
        assert stats["sent"] > 150 and stats["suppressed"] >= 1
    draft = RoundupPage.objects.get(number=4)
    assert not IssueSend.objects.filter(issue=draft).exists()
    assert draft.get_parent().pk == archive.pk

    page = client.get(archive.url).content.decode()
    assert all(send.issue.title in page for send in sent) and draft.title not in page
