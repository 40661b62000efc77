"""Author strings to CSL names.

CJK names are kept whole as literals (splitting 歐陽修 into family and given is guesswork
and no Chinese style needs it); Western names are split into family and given; bodies
such as "U.S. Department of State" or 中華人民共和國外交部 stay literal.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citecheck.citations.patterns import HAN
from citecheck.models import Name

_CJK = re.compile(rf"[{HAN}]")
_HAN_NAMES = re.compile(rf"[{HAN}]{{2,6}}(?:・[{HAN}]{{2,6}})+")
_CYRILLIC_OR_LATIN_WORD = re.compile(r"^[A-Za-zÀ-ÿА-Яа-яЁё][\w.'’-]*$")
# Role words after or before a CJK name: 著 (author), 編/编/主編 (editor), 譯/译 (translator).
_CJK_ROLE = re.compile(r"(?:等)?(?:原著|編著|编著|主編|主编|合著|編|编|著|譯|译|撰|口述|整理|等)$")
_EDITOR_ROLE = re.compile(r"(?:主編|主编|編|编)$|,?\s*\(?eds?\.?\)?$|,?\s*\(?ред\.?\)?$", re.I)
_ET_AL = re.compile(
    r"(?:,?\s*(?:and|&)\s+others|,?\s*et\s+al\.?|,?\s*и\s+др\.?|等人?)\s*$", re.IGNORECASE
)
_ORG_WORDS = re.compile(
    r"\b(?:department|ministry|office|institute|institution|university|college|council|"
    r"committee|commission|agency|administration|association|society|bureau|center|centre|foundation|"
    r"organi[sz]ation|nations|government|service|corporation|company|inc|ltd|group|"
    r"president|kremlin|white\s+house|bank|fund|forum|watch|parliament|assembly|congress|"
    r"senate|court|tribunal|union|league|without\s+borders|"
    r"министерство|институт|университет|агентство|комитет|центр|правительство)\b|"
    r"(?:部|局|署|院|會|会|委員會|委员会|辦公室|办公室|辦公廳|办公厅|政府|大學|大学|中心|協會|协会|公司|組織|组织|社|所)$",
    re.IGNORECASE,
)
# Once a text is known to name authors, what tells a body from a person besides _ORG_WORDS
# (which also decides whether a text names authors at all, so it stays narrow): a head noun
# of bodies (Survey, Programme, Authority), an adjective no personal name holds (National,
# Congressional, Geological: -ional/-ical), Bluebook's abbreviations of such words, or
# capitalised words joined by "of", "for", "on" (Geological Survey of Canada).
_BODY = re.compile(
    r"\b(?:survey|programme|program|authority|authorities|board|academy|laboratory|"
    r"observatory|secretariat|directorate|network|alliance|coalition|federation|consortium|"
    r"trust|partnership|initiative|research|studies|affairs|\w+ional|\w+ical)\b"
    # Bluebook's abbreviations of the same words: Int'l, Nat'l, Dep't, Comm'n, Off., Ctr.
    r"|\b(?:int|nat|gov|dep|comm|ass)['’][lnt]\b|\b(?:off|ctr|inst|serv|admin|univ|found)\."
    r"|(?-i:\b[A-Z][\w.'’-]*\s+(?:of|for|on)\s+(?:the\s+)?[A-Z])",
    re.IGNORECASE,
)
_INITIALS = re.compile(
    r"^(?:[A-ZА-Я]\.\s*)+(?:[A-ZА-Я][a-zа-я]+)?$|^[A-ZА-Я][a-zа-я]+(?:\s+[A-ZА-Я]\.)+$"
)


_INITIAL_WORD = re.compile(r"(?:[A-ZА-ЯЁ]\.)+")
# Separators in author texts (compiled once: they are used on every new author text).
_CJK_NAME_SEPARATORS = re.compile(r"[、，,；;／/]|\s{2,}")
_CJK_LIST_SEPARATORS = re.compile(r"[、，,／/\s]+")
_NAME_JOINERS = re.compile(r"\s*(?:;|\band\b|&|\bи\b)\s*")
_WORD_SEPARATORS = re.compile(r"[\s,;&]+")
_TITLE_MARKS = re.compile(r"[《》〈〉「」“”]")


# A word every match of _ET_AL holds, and one every match of _EDITOR_ROLE holds. Their
# letters match only their own two cases, case-blind ("д" would match "ᲁ" as well).
_ET_AL_WORDS = ("al", "other", "р", "等")
_EDITOR_WORDS = ("ed", "ре", "編", "编")


def _without_et_al(text: str) -> str:
    """``text`` without a closing "et al." / "and others" / "и др." / 等."""
    lowered = text[-12:].lower()
    if not any(map(lowered.__contains__, _ET_AL_WORDS)):
        return text.strip(" ,，")
    return _ET_AL.sub("", text).strip(" ,，")


@lru_cache(maxsize=4096)
def parse_names(text: str) -> tuple[tuple[Name, ...], bool, bool]:
    """Parse an author string into (names, et_al, are_editors).

    Cached (as ``looks_like_names``): a paper names the same authors again and again, and
    the result is immutable.
    """
    text = text.strip(" ,，:：;；*")
    lowered = text.lower()
    # Each pattern is searched at every position; a text without the words it needs (most
    # names) skips it. (The words' letters match only their own two cases, case-blind.)
    et_al = any(map(lowered.__contains__, _ET_AL_WORDS)) and bool(_ET_AL.search(text))
    text = _without_et_al(text)
    editors = any(map(lowered.__contains__, _EDITOR_WORDS)) and bool(_EDITOR_ROLE.search(text))
    text = (_EDITOR_ROLE.sub("", text) if editors else text).strip(" ,，")
    if not text:
        return (), et_al, editors
    if _CJK.search(text):
        return _cjk_names(text), et_al, editors
    return _western_names(text), et_al, editors


def _cjk_names(text: str) -> tuple[Name, ...]:
    parts = [p.strip() for p in _CJK_NAME_SEPARATORS.split(text) if p.strip()]
    # 高原・前田 joins two Japanese names; ジョセフ・ナイ is one name in transcription.
    parts = [q for p in parts for q in (p.split("・") if _HAN_NAMES.fullmatch(p) else [p])]
    names = []
    for part in parts:
        part = _CJK_ROLE.sub("", part).strip()
        if part:
            names.append(Name(literal=part))
    return tuple(names)


def _western_names(text: str) -> tuple[Name, ...]:
    if _is_body(text) and "," not in text and ";" not in text:
        # "U.S.-China Economic and Security Review Commission": one body, "and" included
        return (Name(literal=text),)
    chunks = [c.strip() for c in _NAME_JOINERS.split(text) if c.strip()]
    names: list[Name] = []
    for chunk in chunks:
        pieces = [p.strip() for p in chunk.split(",") if p.strip()]
        if len(pieces) == 2 and _is_inverted(pieces[0], pieces[1]):
            names.append(Name(family=pieces[0], given=pieces[1]))
            continue
        names.extend(_one_name(piece) for piece in pieces)
    return tuple(names)


@lru_cache(maxsize=4096)  # asked of a name and again of each of its pieces
def _is_body(text: str) -> bool:
    """Whether an author text names a body ("U.S. Geological Survey") rather than a person."""
    return bool(_ORG_WORDS.search(text) or _BODY.search(text))


def _is_inverted(first: str, second: str) -> bool:
    """True for "Mearsheimer, J. John" or "Oye, K.A." (family name, then given names)."""
    return (
        " " not in first
        and (bool(_INITIALS.match(second)) or len(second.split()) <= 2)
        and (not _ORG_WORDS.search(first))
    )


def _one_name(piece: str) -> Name:
    if _is_body(piece) or len(piece.split()) > 4:
        return Name(literal=piece)
    words = piece.split()
    if len(words) == 1:
        return Name(family=words[0])
    if all(_INITIAL_WORD.fullmatch(w) for w in words[1:]):  # "Лукин А. В." (GOST order)
        return Name(family=words[0], given=" ".join(words[1:]))
    if len(words) == 2 and _chinese_order(words[0], words[1]):  # "Yan Xuetong"
        return Name(family=words[0], given=words[1])
    return Name(family=words[-1], given=" ".join(words[:-1]))


# Common Chinese family names in pinyin (not those that double as English given names).
# fmt: off
_PINYIN_SURNAMES = frozenset((
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
    "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo", "zheng", "liang", "xie", "song",
    "tang", "han", "feng", "deng", "cao", "peng", "zeng", "xiao", "tian", "dong", "pan", "yuan",
    "cai", "jiang", "yu", "du", "ye", "cheng", "wei", "su", "lu", "ding", "ren", "yao", "shen",
    "zhong", "cui", "tan", "liao", "fan", "jin", "shi", "jia", "xia", "fu", "fang", "zou",
    "xiong", "bai", "meng", "qin", "qiu", "hou", "yin", "xue", "yan", "duan", "lei", "long",
    "tao", "mao", "hao", "gu", "gong", "shao", "wan", "qian", "dai", "mo", "kong", "xiang",
    "kang", "niu", "zhai", "ge", "bao", "ji", "hong", "qi", "ou", "zhan", "ni", "geng", "shang",
    "pang", "rao", "ruan", "mei", "sheng", "lv", "lyu", "nie", "chu", "zhuang", "jiao",
    # less common ones that are seldom a given name's syllable ("Zha Daojiong": 查道炯)
    "zha", "qu", "kou", "miao", "chai", "diao", "huo", "kuang", "mou", "nong", "teng",
    "weng", "zang", "zhuo", "zuo", "luan", "bian", "sui", "dang", "leng", "guan", "gui",
))
# fmt: on
_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|iao|ian|uai|uan|üan|van|ai|ei|ao|ou|an|en|er|in"
    r"|ia|ie|iu|ua|uo|ui|un|üe|ve|ue|ün|a|o|e|i|u|ü|v)"
)
# A given name of one or two syllables: Xuetong, Jisi, Jin-tao, Xi'an.
_PINYIN_GIVEN = re.compile(rf"{_PINYIN_SYLLABLE}(?:[-'’]?{_PINYIN_SYLLABLE})?", re.IGNORECASE)


def _chinese_order(first: str, second: str) -> bool:
    """Whether "First Second" is a Chinese name written family name first: the first word
    is a common pinyin family name and the second one or two pinyin syllables that are not
    a family name too ("Dong Wang" may be either order: the Western reading stays)."""
    return (
        first.lower() in _PINYIN_SURNAMES
        and second.lower() not in _PINYIN_SURNAMES
        and second[:1].isupper()
        and _PINYIN_GIVEN.fullmatch(second) is not None
    )


@lru_cache(maxsize=4096)
def looks_like_names(text: str) -> bool:
    """Whether ``text`` reads as an author list rather than a title or a publisher."""
    text = _without_et_al(text.strip(" ,，:：*"))
    if _EDITOR_ROLE.search(text[-12:]):  # "James Bellacqua, ed." (the role ends the text)
        text = _EDITOR_ROLE.sub("", text).strip(" ,，")
    if not text or len(text) > 120:
        return False
    if _ORG_WORDS.search(text) and len(text) <= 100 and not _TITLE_MARKS.search(text):
        return True
    if _CJK.search(text):
        stripped = _CJK_ROLE.sub("", text)
        parts = [p for p in _CJK_LIST_SEPARATORS.split(stripped) if p]
        return all(1 <= len(p) <= 8 for p in parts) and not _TITLE_MARKS.search(text)
    words = [w for w in _WORD_SEPARATORS.split(text) if w and w.lower() not in {"and", "и"}]
    if not words or len(words) > 12:
        return False
    return all(
        _CYRILLIC_OR_LATIN_WORD.match(w)
        and (
            w[0].isupper() or w in {"de", "van", "von", "der", "da", "la", "le", "du", "di", "bin"}
        )
        for w in words
    )
