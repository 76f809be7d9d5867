"""Vocabularies, records and rules at the bottom of the layering (issue 10 layout)."""
