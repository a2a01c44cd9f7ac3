"""Captions: the cue and track model, lossless WebVTT files, track edits, and QC rules."""
