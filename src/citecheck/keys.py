"""ASCII citation keys: romanised first author (or title word) + year, e.g. ``linzongda2011``.

Chinese is romanised with pypinyin's character table (toneless, most common reading, and
a surname's own reading for the first character of a personal name: 曾 zeng, 單 shan),
Russian with a GOST-style table, other Latin text is folded to ASCII; keys are made
unique with a letter suffix (2011a, 2011b).
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

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


# Surnames whose reading differs from the character's most common one.
_SURNAMES = {
    "曾": "zeng",
    "單": "shan",
    "单": "shan",
    "仇": "qiu",
    "解": "xie",
    "區": "ou",
    "区": "ou",
    "查": "zha",
    "樂": "yue",
    "乐": "yue",
    "朴": "piao",
    "覃": "qin",
    "繆": "miao",
    "缪": "miao",
    "萬俟": "moqi",
    "尉遲": "yuchi",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "長孫": "zhangsun",
    "长孙": "zhangsun",
    "蓋": "ge",
    "盖": "ge",
    "種": "chong",
    "种": "chong",
    "燕": "yan",
    "華": "hua",
    "华": "hua",
    "任": "ren",
    "沈": "shen",
    "薄": "bo",
    "賁": "ben",
    "贲": "ben",
    "翟": "zhai",
    "祭": "zhai",
    "秘": "bi",
    "召": "shao",
}


@lru_cache(maxsize=8192)
def romanize(text: str, *, personal_name: bool = False) -> str:
    """Lower-case ASCII letters and digits for ``text`` in any of our scripts.

    With ``personal_name``, a Chinese text's first character (or two-character compound
    surname) is read as a surname.
    """
    out: list[str] = []
    for chunk in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+", text):
        if _HAN.match(chunk):
            out.append(_pinyin(chunk, personal_name and not out))
        else:
            out.append(_fold(chunk))
    return re.sub(r"[^a-z0-9]", "", "".join(out).lower())


def _pinyin(text: str, surname_first: bool) -> str:
    readings = []
    if surname_first:
        for size in (2, 1):
            if text[:size] in _SURNAMES:
                readings.append(_SURNAMES[text[:size]])
                text = text[size:]
                break
    table = _readings()
    for ch in text:
        reading = table.get(ord(ch), "")
        readings.append(_toneless(reading.split(",", 1)[0]) if reading else "")
    return "".join(readings)


@lru_cache(maxsize=1)
def _readings() -> dict[int, str]:
    """pypinyin's character table (code point → readings), read from its data file.

    Only the table: importing pypinyin itself loads its 40 MB phrase dictionary, whose
    phrase readings do not help romanise names and titles for citation keys.
    """
    spec = importlib.util.find_spec("pypinyin")
    folder = next(iter(spec.submodule_search_locations or [])) if spec else None
    data = Path(folder, "pinyin_dict.json") if folder else None
    if data is None or not data.is_file():
        from pypinyin.pinyin_dict import pinyin_dict  # layout changed: the slow way

        return dict(pinyin_dict)
    with data.open(encoding="utf-8") as handle:
        return {int(code): reading for code, reading in json.load(handle).items()}


def _toneless(reading: str) -> str:
    """``lǜ`` → ``lv``, ``zhōng`` → ``zhong`` (pypinyin's NORMAL style)."""
    reading = reading.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v")
    reading = reading.replace("ǚ", "v").replace("ǜ", "v")
    return unicodedata.normalize("NFKD", reading).encode("ascii", "ignore").decode("ascii")


def _fold(text: str) -> str:
    text = "".join(_CYRILLIC.get(ch, _CYRILLIC.get(ch.lower(), ch)) for ch in text.lower())
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def key_stem(citation: Citation) -> str:
    """The key without its uniqueness suffix: author (or title word) and year."""
    name = ""
    personal = False
    if citation.authors or citation.editors:
        first = (citation.authors or citation.editors)[0]
        name = first.family or first.literal or first.given or ""
        personal = bool(first.family) or (bool(first.literal) and len(name) <= 4)
    if not name and citation.title:
        name = _title_word(citation.title)
    if not name and citation.container_title:
        name = _title_word(citation.container_title)
    stem = romanize(name, personal_name=personal)[:24] or "anon"
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
        # Per stem, the number of the first suffix that may still be free: keys are never
        # given back, so the search for a free one goes on from there instead of from "a"
        # (which made a stem shared by n works cost n² tries).
        self._next_suffix: dict[str, int] = {}

    def allocate(self, stem: str) -> str:
        """A key based on ``stem`` that was not handed out before."""
        if stem not in self._used:
            self._used.add(stem)
            return stem
        n = self._next_suffix.get(stem, 1)
        while stem + suffix(n) in self._used:
            n += 1
        self._next_suffix[stem] = n + 1
        key = stem + suffix(n)
        self._used.add(key)
        return key


def suffix(n: int) -> str:
    """The ``n``-th uniqueness suffix (1-based): a … z, aa, ab …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    text = ""
    while n:
        n, rem = divmod(n - 1, 26)
        text = letters[rem] + text
    return text
