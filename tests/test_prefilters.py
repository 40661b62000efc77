"""The cheap checks that let a note skip a pattern must never change what is found.

Each pre-filter rests on a property of the text or of the word tables; these tests hold
the property, and read notes on both sides of each check.
"""

from __future__ import annotations

import re
import sys

from citecheck.citations import patterns
from citecheck.citations.lang import script_counts
from citecheck.citations.markup import clean, protect, single_spaced
from citecheck.citations.parse import parse_citations
from citecheck.citations.patterns import HAN
from citecheck.citations.split import (
    _CITED_IN_INSIDE,
    OP_CIT,
    is_citation,
    split_citations,
    strip_relation,
)
from citecheck.links import find_urls, url_problem

_EVERY_CHARACTER = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


_NEEDLES = (
    (patterns.words(patterns.CITED_IN_WORDS), _CITED_IN_INSIDE.needles),
    (patterns.words(patterns.OP_CIT_WORDS), OP_CIT.needles),
)


def test_every_word_holds_a_needle() -> None:
    for words, needles in _NEEDLES:
        for word in words:
            assert any(needle in word.lower() for needle in needles), word


def test_needle_letters_match_only_their_own_two_cases() -> None:
    # A letter that re.IGNORECASE matches to another character (i to ı, s to ſ, т to ᲄ)
    # could be in a matched word and still be missing from the lower-cased text.
    letters = {ch for _, needles in _NEEDLES for needle in needles for ch in needle}
    for letter in filter(str.isalpha, letters):
        matched = set(re.findall(re.escape(letter), _EVERY_CHARACTER, re.IGNORECASE))
        assert matched <= {letter, letter.upper(), letter.lower()}, letter


def test_relation_words_split_in_any_case() -> None:
    protected = protect(
        "Henry Kissinger, *On China* (New York: Penguin, 2011), 45, QUOTED IN Bobo Lo, "
        "*Axis of Convenience* (London: Chatham House, 2008), 12."
    )
    segments = split_citations(protected)
    assert len(segments) == 2
    assert protected.restore(segments[1]).startswith("QUOTED IN Bobo Lo")


def test_op_cit_in_any_case() -> None:
    assert OP_CIT.match("Smith, OP. CIT., 45") is not None
    assert OP_CIT.match("Лукин А. В. УКАЗ. СОЧ. С. 60.") is not None
    assert OP_CIT.match("Lo, Supra note 2, at 140") is not None
    assert OP_CIT.match("添谷、前掲書、52頁") is not None
    assert OP_CIT.match("Smith, Opinions, 45") is None


def test_lead_in_prose_is_cut_in_any_case() -> None:
    assert strip_relation("On the gas deal, SEE Lo, *Axis*, 12.") == "Lo, *Axis*, 12."
    assert strip_relation("关于联盟理论的综述，参见王五：《书》。") == "王五：《书》。"


def test_back_references_and_relation_words_open_a_citation_in_any_case() -> None:
    protected = protect("IBID., 45.")
    assert is_citation(protected.text, protected)
    protected = protect("SEE ALSO Lo, SUPRA NOTE 2, at 140.")
    assert is_citation(protected.text, protected)


def test_single_spaced_folds_every_kind_of_white_space() -> None:
    assert single_spaced("a b") == "a b"
    assert single_spaced("a  b\tc\u3000d\xa0e\nf") == "a b c d e f"


def test_a_bare_url_beside_a_wrapped_one_is_found() -> None:
    text = "<http://www.a.org/x> and then www.b.org/y, and HTTP://c.org/z."
    assert [found.url for found in find_urls(text)] == [
        "http://www.a.org/x",
        "http://www.b.org/y",
        "HTTP://c.org/z",
    ]


def test_a_url_inside_a_wrapped_one_is_not_found_again() -> None:
    text = "<https://web.archive.org/web/2015/http://www.a.org/x>."
    assert [found.url for found in find_urls(text)] == [
        "https://web.archive.org/web/2015/http://www.a.org/x"
    ]


def test_plain_and_malformed_urls() -> None:
    assert url_problem("http://www.a.org:8080/x?y=1#z") is None
    assert url_problem("https://a.org") is None
    assert url_problem("http://localhost/x") == "malformed host name 'localhost'"
    assert url_problem("http://a.org/x\x7fy") == "control characters in the URL"
    assert url_problem("mailto:a@b.org") == "no http(s) scheme"


def test_restore_puts_back_each_span_as_written() -> None:
    protected = protect(clean("王五，〈篇名〉，《書名》，“Quoted,” *Italic*, <http://a.org/b>."))
    assert protected.restore(protected.text) == (
        "王五，〈篇名〉，《書名》，“Quoted” Italic, <http://a.org/b>."
    )


def test_a_book_note_without_a_closing_year_is_not_bluebook() -> None:
    (citation,) = parse_citations(
        "Jones, J. Tom, *Order Triangle Security* (New York: Bishop Press, 1998), pp. 72-288."
    )
    assert citation.title == "Order Triangle Security"
    assert citation.publisher == "Bishop Press"
    assert citation.page == "72-288"


def test_script_counts_agree_with_the_script_patterns_on_every_code_point() -> None:
    han, cyrillic, latin = (re.compile(f"[{c}]") for c in (HAN, "А-Яа-яЁё", "A-Za-z"))
    points = [*range(0x10000), *range(0x10000, sys.maxunicode + 1, 97)]  # lone surrogates too
    for point in points:
        ch = chr(point)
        expected = tuple(int(bool(p.match(ch))) for p in (han, cyrillic, latin))
        assert script_counts(ch) == expected, hex(point)
    assert script_counts("Лукин 王缉思 Smith 𠀀 ё\ud800") == (3, 6, 5)


def test_html_beside_url_wrappers_is_still_cleaned() -> None:
    assert clean("<<http://a.org/x>> <i>Title</i>, <br/> <b>bold</b>") == (
        "<<http://a.org/x>> *Title*, bold"
    )
    assert clean("〈<http://a.org/x>〉，見 << HTTP://b.org>>。") == (
        "〈<http://a.org/x>〉，見 << HTTP://b.org>>。"
    )


def test_name_patterns_are_skipped_only_when_they_cannot_match() -> None:
    """parse_names skips the et-al and editor-role patterns when none of their words stands
    in the lower-cased text: every match holds one (200,000 generated author texts)."""
    import random

    from citecheck.citations import names

    for words in (names._ET_AL_WORDS, names._EDITOR_WORDS):
        for letter in "".join(words):  # case-blind, each letter matches its two cases only
            assert {c for c in _EVERY_CHARACTER if re.fullmatch(letter, c, re.I)} <= {
                letter,
                letter.upper(),
            }
    rng = random.Random(5)
    pieces = [*"abdeloterhsAELOTRHSдрДРед等編编 ,.&и()\t", "al", "et al.", "others", "ed.",
              "eds", "(eds.)", "ред.", "主編", "and others", "и др.", "等人"]  # fmt: skip
    for _ in range(200_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        lowered = text.lower()
        if names._ET_AL.search(text):
            assert any(map(lowered.__contains__, names._ET_AL_WORDS)), text
        if names._EDITOR_ROLE.search(text):
            assert any(map(lowered.__contains__, names._EDITOR_WORDS)), text


def test_dashed_returns_plain_pages_as_its_pattern_would() -> None:
    """dashed() skips its pattern for "45" and "26-169"; on 100,000 generated page texts
    its result is the pattern's."""
    import random

    rng = random.Random(8)
    pieces = [*"0123456789-– —\t²a", "--", " - "]
    for _ in range(100_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert patterns.dashed(text) == patterns._DASH_RUN.sub("-", text.strip()), repr(text)
    assert patterns.dashed(" 26 – 45 ") == "26-45"
