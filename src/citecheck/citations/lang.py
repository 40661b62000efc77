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


def han_script(text: str) -> str | None:
    """``Hant`` or ``Hans`` for Chinese text, None when it has no Han characters.

    Text with characters of both (or neither, e.g. 中國 vs 中国 absent) counts by which
    conversion changes more characters; a tie means the text is script-neutral, which
    is reported as ``Hant`` only if something marks it so, else ``Hans``.
    """
    han = "".join(_HAN.findall(text))
    if not han:
        return None
    to_simplified = converter("t2s").convert(han)
    if to_simplified == han:
        return "Hans"  # nothing Traditional in it: Simplified, or script-neutral
    to_traditional = converter("s2t").convert(han)
    traditional_marks = sum(a != b for a, b in zip(han, to_simplified, strict=False))
    simplified_marks = sum(a != b for a, b in zip(han, to_traditional, strict=False))
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
