"""Every SIG write that enforces a rule, split by concern."""
