"""English: the language sitroom was first built for."""
