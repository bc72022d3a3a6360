"""The user's own data (imports), kept apart from the bundled catalog."""
