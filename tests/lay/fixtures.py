"""A board meeting with a paper at each visibility, and its patient volunteer.

Import into a test module: `from .fixtures import agenda, cached_pdf  # noqa: F401`.
"""

from tests.governance.fixtures_meetings import (  # noqa: F401
    MAY_OPEN,
    agenda,
    cached_pdf,
    paper_title,
    upload,
)
