"""The catalog: building, opening and querying the read-only SQLite database."""
