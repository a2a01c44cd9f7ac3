"""Audio description: timing of description cues, pause points of extended AD, the AD script.

No Qt and no network here: `timing` measures each description against the
dialogue, `pause_points` holds the rules for where the picture may stop, and
`script_docx` writes the script describers hand to voice talent.
"""
