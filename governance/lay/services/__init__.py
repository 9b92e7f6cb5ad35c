"""Every write about patient volunteers that enforces a rule, split by concern."""
