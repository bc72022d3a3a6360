"""Pure functions over catalog answers: key facts, ranks, shares, reports."""
