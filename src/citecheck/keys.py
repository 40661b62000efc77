"""ASCII citation keys: romanised first author (or title word) + year, e.g. ``linzongda2011``.

Chinese is romanised with pypinyin (toneless), Russian with a GOST-style table, other
Latin text is folded to ASCII; keys are made unique with a letter suffix (2011a, 2011b).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from citecheck.models import Citation

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "iu",
            "ia",
        ],
        strict=True,
    )
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_STOPWORDS = {"the", "a", "an", "of", "on", "in", "and", "to", "for", "и", "в", "на", "о"}


@lru_cache(maxsize=4096)
def romanize(text: str) -> str:
    """Lower-case ASCII letters and digits for ``text`` in any of our scripts."""
    out: list[str] = []
    for chunk in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+", text):
        if _HAN.match(chunk):
            out.append(_pinyin(chunk))
        else:
            out.append(_fold(chunk))
    return re.sub(r"[^a-z0-9]", "", "".join(out).lower())


def _pinyin(text: str) -> str:
    from pypinyin import Style, lazy_pinyin  # lazily: its dictionaries take time to load

    return "".join(lazy_pinyin(text, style=Style.NORMAL))


def _fold(text: str) -> str:
    text = "".join(_CYRILLIC.get(ch, _CYRILLIC.get(ch.lower(), ch)) for ch in text.lower())
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def key_stem(citation: Citation) -> str:
    """The key without its uniqueness suffix: author (or title word) and year."""
    name = ""
    if citation.authors or citation.editors:
        first = (citation.authors or citation.editors)[0]
        name = first.family or first.literal or first.given or ""
    if not name and citation.title:
        name = _title_word(citation.title)
    if not name and citation.container_title:
        name = _title_word(citation.container_title)
    stem = romanize(name)[:24] or "anon"
    year = str(citation.issued[0][0]) if citation.issued else ""
    return stem + year


def _title_word(title: str) -> str:
    han = _HAN.findall(title)
    if han:
        return "".join(han[:4])
    words = [w for w in re.findall(r"[^\W\d_]+", title) if w.lower() not in _STOPWORDS]
    return words[0] if words else title


class KeyAllocator:
    """Hands out unique keys: the first ``stem`` is ``stem``, then ``stema``, ``stemb`` …"""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def allocate(self, stem: str) -> str:
        """A key based on ``stem`` that was not handed out before."""
        if stem not in self._used:
            self._used.add(stem)
            return stem
        for suffix in _suffixes():
            key = stem + suffix
            if key not in self._used:
                self._used.add(key)
                return key
        raise AssertionError("unreachable: suffixes are endless")


def _suffixes() -> Iterator[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    n = 0
    while True:
        n += 1
        value, suffix = n, ""
        while value:
            value, rem = divmod(value - 1, 26)
            suffix = letters[rem] + suffix
        yield suffix
