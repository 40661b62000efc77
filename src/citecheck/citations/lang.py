"""Language of a citation as a BCP-47 tag: zh-Hant, zh-Hans, en, ru.

Traditional and Simplified Chinese share most characters; OpenCC tells them apart: text
that Simplified conversion changes is Traditional, text that Traditional conversion
changes is Simplified. One converter pair is shared (OpenCC objects are read-only after
construction, so sharing them between threads is safe).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from citecheck.citations.patterns import HAN

_HAN = re.compile(rf"[{HAN}]")

# A script's letters are counted on the text's encoded bytes, where ``bytes.translate``
# deletes a set of bytes in one pass (a pattern would try each character in turn). Which
# bytes stand for which letters (tests/test_prefilters.py checks each code point):
# - Latin [A-Za-z]: the ASCII letters of the text's ASCII characters;
# - Han (patterns.HAN, whole blocks of 256 code points): in UTF-16 the characters whose
#   high byte is 0x34-0x9f, 0xf9 or 0xfa (beyond the BMP, surrogates: 0xd8-0xdf);
# - Cyrillic [А-Яа-яЁё]: in cp1251, whose every byte stands for one character, the bytes
#   0xc0-0xff, 0xa8 and 0xb8.
_LATIN_BYTES = string.ascii_letters.encode("ascii")
_HAN_HIGH_BYTES = bytes(range(0x34, 0xA0)) + b"\xf9\xfa"
_CYRILLIC_BYTES = bytes(range(0xC0, 0x100)) + b"\xa8\xb8"


def script_counts(text: str) -> tuple[int, int, int]:
    """How many Han, Cyrillic and Latin letters ``text`` holds."""
    latin = _count(text.encode("ascii", "ignore"), _LATIN_BYTES)
    if text.isascii():
        return 0, 0, latin
    han = _count(text.encode("utf-16-be", "surrogatepass")[::2], _HAN_HIGH_BYTES)
    cyrillic = _count(text.encode("cp1251", "ignore"), _CYRILLIC_BYTES)
    return han, cyrillic, latin


def _count(data: bytes, members: bytes) -> int:
    """How many of ``data``'s bytes are ``members``."""
    return len(data) - len(data.translate(None, members))


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=8)
def converter(config: str) -> _Converter:
    """A shared OpenCC converter (``t2s``, ``s2t``, ``tw2s``, ``hk2s`` …), built once."""
    import opencc  # imported lazily: it loads dictionaries, and `citecheck --help` need not

    conv: _Converter = opencc.OpenCC(config)
    return conv


@dataclass(frozen=True, slots=True)
class _CharTables:
    traditional_only: frozenset[str]
    simplified_only: frozenset[str]
    to_simplified: dict[int, str]


@lru_cache(maxsize=1)
def _char_tables() -> _CharTables:
    """Character-level tables read off OpenCC's own conversions, built once.

    Every character of the CJK blocks is converted, each on its own line so that OpenCC's
    phrase rules do not interfere: a character that t2s changes is written only in
    Traditional, one that s2t changes only in Simplified. Built on first use (about 0.1 s),
    then a language decision or a comparison key is a set lookup or ``str.translate`` per
    character instead of OpenCC calls per citation. Phrase-level conversion (for titles
    shown to people) still goes through ``converter``.
    """
    chars = [chr(c) for c in range(0x3400, 0x9FFF + 1)]
    block = "\n".join(chars)
    simplified = converter("t2s").convert(block).split("\n")
    traditional = converter("s2t").convert(block).split("\n")
    to_simplified = {ord(c): s for c, s in zip(chars, simplified, strict=True) if s != c}
    return _CharTables(
        traditional_only=frozenset(chr(c) for c in to_simplified),
        simplified_only=frozenset(c for c, t in zip(chars, traditional, strict=True) if t != c),
        to_simplified=to_simplified,
    )


def simplify_chars(text: str) -> str:
    """``text`` with each Traditional character replaced by its Simplified form (OpenCC t2s)."""
    return text.translate(_char_tables().to_simplified)


def han_script(text: str) -> str | None:
    """``Hant`` or ``Hans`` for Chinese text, None when it has no Han characters.

    The script with more characters of its own wins; text with none of either (中文,
    script-neutral) is reported as ``Hans``.
    """
    if not _HAN.search(text):
        return None
    return _marked_script(text) or "Hans"


def _marked_script(text: str) -> str | None:
    """The script that more of ``text``'s characters belong to alone; None on a tie."""
    tables = _char_tables()
    # (Both sets hold Han characters only, so the other characters count for neither.)
    traditional_marks = sum(map(tables.traditional_only.__contains__, text))
    simplified_marks = sum(map(tables.simplified_only.__contains__, text))
    if traditional_marks == simplified_marks:
        return None
    return "Hant" if traditional_marks > simplified_marks else "Hans"


def detect_language(primary: str, context: str = "", fallback: str = "") -> str | None:
    """The language of ``primary`` (a title); ``context`` decides the Chinese script, and
    ``fallback`` (the whole citation) when the title and container are script-neutral
    (《民法》第 184 條: 民法 is written alike in both scripts, 條 is not)."""
    text = primary or context
    han, cyrillic, latin = script_counts(text)
    if han and han * 3 >= max(cyrillic, latin):
        script = _marked_script(primary + context) or _marked_script(fallback) or "Hans"
        return f"zh-{script}"
    if cyrillic and cyrillic >= latin / 2:
        return "ru"
    if latin:
        return "en"
    return None
