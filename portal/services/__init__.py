"""State changes that involve a portal. Each records its outcome, success or failure, in the case history."""
