"""Rådsmodell: a platform for the Norwegian national council model for e-health."""
