"""Every write that enforces an events rule: booking, cancelling, organiser changes, notices."""
