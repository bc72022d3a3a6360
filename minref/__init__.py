"""minref: an offline reference on minerals, critical minerals and rare earths."""

__version__ = "0.1.0"
