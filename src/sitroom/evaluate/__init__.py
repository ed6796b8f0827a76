"""Readers for public gold formats and scorers (precision / recall / F1, accuracy)."""
