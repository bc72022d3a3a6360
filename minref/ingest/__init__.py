"""Readers that turn the raw source files into normalised rows for db/."""
