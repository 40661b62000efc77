"""The pattern vocabulary of the citation stage: character ranges and word tables.

Every module that reads notes builds its patterns from these pieces, so that an idea
(a CJK character, a page range, a back-reference word) is spelled once. Word tables are
per language; the patterns below are built from them, longest words first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# --- character ranges (for use inside [...]) ---------------------------------------------

HAN = "\u3400-\u9fff\uf900-\ufaff"
"""Chinese characters (CJK Unified Ideographs, Extension A, compatibility ideographs)."""
KANA = "\u3040-\u30ff"
"""Japanese hiragana and katakana (the prolonged sound mark and middle dot included)."""
CIRCLED = "\u2460-\u2473\u3251-\u325f\u32b1-\u32bf"
"""Circled note marks ① … ㊿, as mainland Chinese journals print them."""
DASHES = r"\-‐‑‒–—―−~～至"
"""Every dash that joins a range (and 至, "to"), for use inside [...]: one set everywhere."""

HAN_CHAR = re.compile(f"[{HAN}]")
KANA_CHAR = re.compile(f"[{KANA}]")

YEAR = r"1[5-9]\d\d|20\d\d"
"""A four-digit year a citation can name (1500-2099)."""

PAGE_RANGE = rf"\d+(?:\s*[{DASHES}]+\s*\d+)?"
"""A page or a range of pages: 45, 45-50, 45 – 50, 45—50."""
_DASH_RUN = re.compile(rf"\s*[{DASHES}]+\s*")


def dashed(pages: str) -> str:
    """A page range with its dash written as "-": ``26 – 45`` → ``26-45``."""
    pages = pages.strip()
    first, _, last = pages.partition("-")
    if first.isdigit() and (not last or last.isdigit()):
        return pages  # "45", "26-169": nothing to rewrite (the pattern is tried everywhere)
    return _DASH_RUN.sub("-", pages)


# --- Chinese numerals (第二卷, 第十二期) ----------------------------------------------------

CN_NUMBER = "[一二三四五六七八九十]{1,3}"
"""A number from 1 to 99 written in Chinese numerals."""
_CN_DIGIT = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def cn_number(text: str) -> str:
    """Arabic digits for a number written in digits or in Chinese numerals (二十三 → 23)."""
    if text.isdigit():
        return text
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return str(_CN_DIGIT.get(text, 0))
    return str((_CN_DIGIT.get(tens, 1)) * 10 + _CN_DIGIT.get(units, 0))


# --- eras ---------------------------------------------------------------------------------

ERA_BASE = {
    "民國": 1911,
    "民国": 1911,
    "明治": 1867,
    "大正": 1911,
    "昭和": 1925,
    "平成": 1988,
    "令和": 2018,
}
"""The year before each era's first year (民國 1 is 1912, 昭和 1 is 1926, 平成 1 is 1989)."""
ERA_NAMES = "|".join(ERA_BASE)


# --- word tables --------------------------------------------------------------------------


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first. Spaces match any run of spaces; a
    word that ends in a Latin letter must end there ("See" is not "Seems", "Id" not "Idea"),
    while CJK words may run on (同上p. 5)."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(_word_pattern(w) for w in ordered)


def _word_pattern(word: str) -> str:
    pattern = re.escape(word).replace(r"\ ", r"\s*")
    return pattern + r"(?![A-Za-z])" if word[-1:].isascii() and word[-1:].isalpha() else pattern


# Words that send the reader to a work: "see", 參見, См.
SEE_WORDS = {
    "zh": (
        "參見",
        "参见",
        "參閱",
        "参阅",
        "參照",
        "参照",
        "另見",
        "另见",
        "又見",
        "又见",
        "亦見",
        "亦见",
        "詳見",
        "详见",
        "見",
        "见",
    ),
    "en": ("See also", "See, e.g.,", "See, e.g.", "See generally", "See", "Cf.", "Cf"),
    "ru": ("См. также", "См."),
}
# Words that say the work is cited through another: 轉引自, "quoted in", "Цит. по".
CITED_IN_WORDS = {
    "zh": ("轉引自", "转引自", "引自"),
    "en": ("Cited in", "Quoted in", "as quoted in", "as cited in", "reprinted in"),
    "ru": ("Цит. по",),
}
# Back-references to the work just cited.
IBID_WORDS = {
    "zh": ("同上", "同前註", "同前注", "同前引", "前引", "上引"),
    "ja": ("同上", "同前", "同書", "同論文"),
    "en": ("Ibidem", "Ibid", "Id"),
    "ru": ("Там же",),
}
# Back-references to the work of a note named by its number or printed mark.
NOTE_REFERENCE_WORDS = {
    "zh": ("同註", "同注", "見註", "见注", "前引註", "前引注", "同"),
    "ja": ("前掲注", "前掲註"),
    "en": ("supra note", "supra n."),
}
# An author's work cited before: "Smith, op. cit.", "Лукин А. В. Указ. соч.", 前掲書.
OP_CIT_WORDS = {
    "zh": ("前引文", "前引書", "前引书", "前揭文", "前揭書", "前揭书"),
    "ja": ("前掲書", "前掲論文", "前掲", "前揭"),
    "en": ("op. cit.", "op. cit", "supra"),
    "ru": ("Указ. соч.", "Указ. соч"),
}
# Phrases that introduce the date a web page was read.
ACCESSED_WORDS = {
    "zh": (
        "檢索日期",
        "检索日期",
        "瀏覽日期",
        "浏览日期",
        "查閱日期",
        "查阅日期",
        "上網日期",
        "上网日期",
        "下載日期",
        "下载日期",
        "登錄時間",
        "登录时间",
        "登錄日期",
        "登录日期",
        "登入日期",
        "瀏覽時間",
        "浏览时间",
        "查閱時間",
        "查阅时间",
        "引用日期",
        "訪問日期",
        "访问日期",
        "訪問時間",
        "访问时间",
        "查詢日期",
        "查询日期",
        "最後瀏覽日期",
        "最後瀏覽日",
        "最后浏览日期",
        "最后浏览日",
        "瀏覽日",
        "浏览日",
    ),
    "ja": ("閲覧日", "最終閲覧日", "アクセス日"),
    "en": (
        "accessed on",
        "accessed",
        "retrieved on",
        "retrieved",
        "last accessed",
        "last visited",
        "visited",
        "viewed",
    ),
    "ru": ("дата обращения", "дата доступа", "просмотрено"),
}
# Japanese notes put the word after the date: （2020年3月1日閲覧）.
ACCESSED_AFTER_WORDS = ("最終閲覧", "閲覧", "アクセス", "最終アクセス")


def words(table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Every word of a per-language table."""
    return tuple(w for language in table.values() for w in language)


SEE = alternation(words(SEE_WORDS))
CITED_IN = alternation(words(CITED_IN_WORDS))
IBID = alternation(words(IBID_WORDS))
OP_CIT = alternation(words(OP_CIT_WORDS))
ACCESSED = alternation(words(ACCESSED_WORDS))
