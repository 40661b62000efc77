"""Language of a citation as a BCP-47 tag: zh-Hant, zh-Hans, en, ru.

Traditional and Simplified Chinese share most characters; OpenCC tells them apart: text
that Simplified conversion changes is Traditional, text that Traditional conversion
changes is Simplified. One converter pair is shared (OpenCC objects are read-only after
construction, so sharing them between threads is safe).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=8)
def converter(config: str) -> _Converter:
    """A shared OpenCC converter (``t2s``, ``s2t``, ``tw2s``, ``hk2s`` …), built once."""
    import opencc  # imported lazily: it loads dictionaries, and `citecheck --help` need not

    conv: _Converter = opencc.OpenCC(config)
    return conv


@lru_cache(maxsize=1)
def script_marks() -> tuple[frozenset[str], frozenset[str]]:
    """(Traditional-only, Simplified-only) characters, read off OpenCC's own tables.

    Every character of the CJK blocks is converted once, each on its own line so that
    OpenCC's phrase rules do not interfere: a character that t2s changes is written only
    in Traditional, one that s2t changes only in Simplified. Built on first use (tens of
    milliseconds), then each language decision is a set lookup per character instead of
    two OpenCC calls per citation.
    """
    chars = [chr(c) for c in range(0x3400, 0x9FFF + 1)]
    block = "\n".join(chars)
    simplified = converter("t2s").convert(block).split("\n")
    traditional = converter("s2t").convert(block).split("\n")
    traditional_only = frozenset(c for c, s in zip(chars, simplified, strict=True) if s != c)
    simplified_only = frozenset(c for c, t in zip(chars, traditional, strict=True) if t != c)
    return traditional_only, simplified_only


def han_script(text: str) -> str | None:
    """``Hant`` or ``Hans`` for Chinese text, None when it has no Han characters.

    The script with more characters of its own wins; text with none of either (中文,
    script-neutral) is reported as ``Hans``.
    """
    han = _HAN.findall(text)
    if not han:
        return None
    traditional_only, simplified_only = script_marks()
    traditional_marks = sum(1 for ch in han if ch in traditional_only)
    simplified_marks = sum(1 for ch in han if ch in simplified_only)
    return "Hant" if traditional_marks > simplified_marks else "Hans"


def detect_language(primary: str, context: str = "") -> str | None:
    """The language of ``primary`` (a title); ``context`` decides the Chinese script."""
    text = primary or context
    han = len(_HAN.findall(text))
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if han and han * 3 >= max(cyrillic, latin):
        script = han_script(primary + context)
        return f"zh-{script}"
    if cyrillic and cyrillic >= latin / 2:
        return "ru"
    if latin:
        return "en"
    return None
