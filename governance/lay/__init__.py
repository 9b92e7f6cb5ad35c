"""Patient volunteers: onboarding and the policy gate, lay review, feedback, "you said, we did",
the glossary, readability and expense claims."""
