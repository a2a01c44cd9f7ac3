"""Per-unit QA results for a translated track, in the shape of seed 002's evaluations.

A few mechanical checks, enough for a client to show OK/KO units with typed,
graded issues: an empty target, an untranslated stand-in (`[fr] ...` text
from the seed data), a glossary term whose agreed translation is missing,
and over-long lines. Types and criticities follow seed 002 (Accuracy,
Terminology, Style ... x Minor, Major, Critical).
"""

from __future__ import annotations

import re
from typing import Any

from tests.platform.vtt_text import Cue

MAX_LINE_CHARACTERS = 42
_TAGS = re.compile(r"<[^>]+>")


def _issue(kind: str, criticity: str, message: str) -> dict[str, str]:
    return {"type": kind, "criticity": criticity, "message": message}


def check_unit(
    source: Cue | None, target: Cue | None, lang: str, terms: list[dict[str, Any]]
) -> list[dict[str, str]]:
    issues: list[dict[str, str]] = []
    target_text = _TAGS.sub("", target.text if target else "").strip()
    source_text = _TAGS.sub("", source.text if source else "").lower()
    if not target_text:
        return [_issue("Accuracy", "Critical", "The target is empty")]
    if target_text.startswith(f"[{lang}]"):
        issues.append(_issue("Accuracy", "Major", "The target is an untranslated stand-in"))
    for term in terms:
        if term["source"].lower() in source_text and term["target"].lower() not in (
            target_text.lower()
        ):
            issues.append(
                _issue(
                    "Terminology",
                    "Minor",
                    f"'{term['source']}' should be translated as '{term['target']}'",
                )
            )
    for line in target_text.split("\n"):
        if len(line) > MAX_LINE_CHARACTERS:
            issues.append(
                _issue("Style", "Minor", f"Line longer than {MAX_LINE_CHARACTERS} characters")
            )
    return issues


def verify(
    source: list[Cue], target: list[Cue], lang: str, terms: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    results = []
    for index in range(max(len(source), len(target))):
        src = source[index] if index < len(source) else None
        tgt = target[index] if index < len(target) else None
        issues = check_unit(src, tgt, lang, terms)
        results.append(
            {
                "unit_id": str(index),
                "cue_index": index,
                "source": src.text if src else "",
                "target": tgt.text if tgt else "",
                "status": "KO" if issues else "OK",
                "issues": issues,
            }
        )
    return results
