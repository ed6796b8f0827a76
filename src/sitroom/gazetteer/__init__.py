"""Offline place and actor data shipped with the package."""
