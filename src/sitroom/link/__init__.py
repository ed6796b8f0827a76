"""Cross-document linking: entities now; claim groups once the claims component lands."""
