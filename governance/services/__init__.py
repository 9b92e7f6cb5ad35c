"""Every write in governance that enforces a rule, split by concern."""
