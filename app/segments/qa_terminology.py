"""The terminology check: glossary terms found in a source must be translated as the glossary says.

Terms come from the platform's glossaries (``/glossaries/{id}/terms``:
``{source, target, language, note?}``); fetching them is the caller's job.
A source term is found as a whole word or phrase, in any case; its
translation counts as present if the target contains it in any case, so an
inflected or capitalised use at the start of a sentence still passes.
One source term with several allowed translations (several entries) is
satisfied by any of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    source: str
    target: str
    language: str = ""
    note: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> GlossaryTerm:
        """A term as the platform sends it; missing fields are empty."""
        return cls(
            source=str(data.get("source") or ""),
            target=str(data.get("target") or ""),
            language=str(data.get("language") or ""),
            note=str(data.get("note") or ""),
        )


def language_matches(term_language: str, target_language: str | None) -> bool:
    """A term applies to its language and to the language's regional variants (fr → fr-CA).

    A term without a language, or a review without one, matches everything.
    """
    if not term_language or not target_language:
        return True
    term = term_language.replace("_", "-").casefold()
    target = target_language.replace("_", "-").casefold()
    return term == target or target.startswith(term + "-") or term.startswith(target + "-")


class Terminology:
    """Glossary terms for one target language, compiled once for fast checking."""

    def __init__(self, terms: Iterable[GlossaryTerm], target_language: str | None = None) -> None:
        self._targets: dict[str, list[GlossaryTerm]] = defaultdict(list)
        for term in terms:
            if term.source.strip() and term.target.strip() and language_matches(
                    term.language, target_language):
                self._targets[_key(term.source)].append(term)
        # Longest first, so "user interface" is found before "user".
        sources = sorted({term.source.strip() for group in self._targets.values()
                          for term in group}, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(_flexible(s) for s in sources) + r")(?!\w)",
                       re.IGNORECASE)
            if sources else None
        )

    def __len__(self) -> int:
        return sum(len(group) for group in self._targets.values())

    def check(self, source: str, target: str) -> list[str]:
        """A message for each glossary term in `source` whose translation `target` lacks."""
        if self._pattern is None or not target.strip():
            return []
        folded_target: str | None = None
        messages: list[str] = []
        seen: set[str] = set()
        for match in self._pattern.finditer(source):
            key = _key(match.group(0))
            if key in seen:
                continue
            seen.add(key)
            terms = self._targets.get(key, [])
            if folded_target is None:
                folded_target = _key(target)
            if not terms or any(_key(term.target) in folded_target for term in terms):
                continue
            wanted = " or ".join(f"“{term.target}”" for term in terms)
            messages.append(f"Glossary: “{match.group(0)}” should be translated as {wanted}")
        return messages


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _flexible(term: str) -> str:
    """The term as a pattern in which any run of spaces matches any other (line breaks too)."""
    return r"\s+".join(re.escape(word) for word in term.split())


__all__ = ["GlossaryTerm", "Terminology", "language_matches"]
