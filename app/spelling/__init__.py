"""Spell checking of cue text with Hunspell dictionaries (the spylls library)."""
