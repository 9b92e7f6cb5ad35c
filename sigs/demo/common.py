"""What the demo SIGs have in common: their kind, quorum and delegated powers."""

from governance.demo.specs import Frequency, GroupSpec, Kind

SIG = Kind.SIG
BI_MONTHLY = Frequency.BI_MONTHLY
QUARTERLY = Frequency.QUARTERLY
SIG_QUORUM = (3, True, 0)
SIG_POWERS = (
    "Agree the group's work programme, within the priorities set by the Operational Board",
    "Recommend protocols, pathways and guidelines to the Operational Board for adoption",
    "Set up task and finish groups and time-limited sub-groups",
)


def sig(slug, title, short_name, order, purpose, topics, **options):
    options.setdefault("frequency", QUARTERLY)
    options.setdefault("tor_review_days", 120 + 17 * order % 150)
    options.setdefault("size", 9)
    return GroupSpec(
        slug=slug,
        title=title,
        short_name=short_name,
        kind=SIG,
        order=order,
        purpose=purpose,
        powers=SIG_POWERS,
        topics=tuple(topics),
        quorum=SIG_QUORUM,
        **options,
    )
