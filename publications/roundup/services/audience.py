"""How many people an issue reaches, by topic, for the preview: counted from the one recipient
list (Subscriber.objects.receiving()) with the same topic choices sending honours."""

from ..blocks import Topic
from ..models import Subscriber
from .subscriptions import enrol_members


def recipients_by_topic(content):
    """[(heading, topic label, how many receive it)] for each section of frozen `content`,
    and the number receiving the round-up at all."""
    # Members are enrolled at every send; doing it here too makes the preview count them.
    enrol_members()
    receiving = Subscriber.objects.receiving()
    labels = dict(Topic.choices)
    rows = []
    for section in content["sections"]:
        readers = receiving.wanting(section["topic"])
        if section["items"] and all(item.get("members_only") for item in section["items"]):
            readers = readers.filter(user__isnull=False)
        rows.append((section["heading"], labels.get(section["topic"], ""), readers.count()))
    return rows, receiving.count()
