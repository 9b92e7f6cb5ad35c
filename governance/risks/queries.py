"""Reads that depend on who is asking: the risks a person may see across the network."""

from .models import Risk, RiskTree


def visible_risks(user, tree=None):
    """Every risk this person may open: on a register they may see (with the risks escalated
    to it) or owned by them."""
    tree = tree or RiskTree()
    return Risk.objects.filter(tree.visible_risks(user))


def sees_any_risk(user, tree=None):
    """Whether this person may see any register at all, or owns a risk."""
    tree = tree or RiskTree()
    return bool(tree.registers_visible_to(user)) or Risk.objects.filter(owner=user).exists()
