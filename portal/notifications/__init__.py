"""Notifications: telling each person, in the portal and by email, about what concerns them.

Apps register the kinds they send (`registry`), and call the one service, `services.notify`,
from the service that makes the thing happen. Each person chooses per kind how to hear:
at once, in a daily digest, or not at all (except kinds the law or safety requires).
"""
