"""Hostile input: fuzzed readers, hostile files at the command line, bad server answers."""
