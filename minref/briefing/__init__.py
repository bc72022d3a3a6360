"""PDF briefings and vector charts with reportlab (no Qt)."""
