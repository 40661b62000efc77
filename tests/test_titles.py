"""Page title extraction (charsets) and comparison with the cited title (OpenCC)."""

from __future__ import annotations

import pytest

from citecheck.status import TitleMatch
from citecheck.titles import compare_titles, extract_title, looks_not_found


def _page(title: str, charset: str, meta: bool = True) -> bytes:
    head = f'<meta charset="{charset}">' if meta else ""
    return f"<html><head>{head}<title>{title}</title></head><body>x</body></html>".encode(charset)


@pytest.mark.parametrize(
    ("title", "charset"),
    [
        ("俄中軍演將妨礙美國主宰世界命運", "big5"),
        ("更好地实施走出去战略", "gbk"),
        ("Политический союз России и Китая", "windows-1251"),
        ("West Point", "utf-8"),
    ],
)
def test_title_read_when_charset_is_only_in_meta(title: str, charset: str) -> None:
    """GBK, Big5 and windows-1251 pages declaring their charset only in <meta> decode right."""
    assert extract_title(_page(title, charset), content_type="text/html") == title


def test_gb2312_declared_page_with_gbk_characters_decodes() -> None:
    """A page that declares GB2312 but uses GBK-only characters (镕) still decodes."""
    body = _page("朱镕基讲话实录", "gbk").replace(b'charset="gbk"', b'charset="gb2312"')
    assert extract_title(body) == "朱镕基讲话实录"


def test_header_charset_wins_and_og_title_and_h1_are_fallbacks() -> None:
    """The header charset is used; og:title then h1 stand in for a missing <title>."""
    body = "<html><head><title>Заголовок</title></head></html>".encode("koi8-r")
    assert extract_title(body, "text/html; charset=koi8-r") == "Заголовок"
    og = b'<html><head><meta property="og:title" content="From OG"></head><body></body></html>'
    assert extract_title(og) == "From OG"
    assert extract_title(b"<html><body><h1> Heading  one </h1></body></html>") == "Heading one"
    assert extract_title(b"%PDF-1.4 binary") is None


@pytest.mark.parametrize(
    ("cited", "page", "expected"),
    [
        # the same title with a site-name suffix
        (
            "Obama: Russia Doesn't Make Anything",
            "Obama: Russia doesn't make anything | Reuters",
            TitleMatch.SAME,
        ),
        ("更好地实施走出去战略", "更好地实施走出去战略_中国政府网", TitleMatch.SAME),
        # the page now in the other Chinese script
        (
            "俄中軍演將妨礙美國主宰世界命運",
            "俄中军演将妨碍美国主宰世界命运 - 俄罗斯之声",
            TitleMatch.SAME_AFTER_NORMALIZATION,
        ),
        (
            "人民幣國際化初步實現需要30年",
            "人民币国际化初步实现需要30年|新浪财经",
            TitleMatch.SAME_AFTER_NORMALIZATION,
        ),
        # a shortened or lengthened title
        (
            "The Russia-China Axis and Its Threat to West",
            "The Russia-China Axis and Its Threat to the West, by Douglas Schoen",
            TitleMatch.PARTIAL,
        ),
        # a page that says something else
        ("America Must Always Lead", "The White House", TitleMatch.DIFFERENT),
        ("國際關係理論概要", "首頁 - 晶典文化", TitleMatch.DIFFERENT),
        (None, "Anything", TitleMatch.UNKNOWN),
        ("Anything", None, TitleMatch.UNKNOWN),
    ],
)
def test_compare_titles(cited: str | None, page: str | None, expected: TitleMatch) -> None:
    """Cited and page titles compare as expected after normalisation."""
    assert compare_titles(cited, page) is expected


@pytest.mark.parametrize(
    "title",
    [
        "Page not found",
        "404 - File or directory not found",
        "找不到網頁",
        "页面不存在",
        "Страница не найдена",
    ],
)
def test_not_found_titles(title: str) -> None:
    """Error-page titles in English, Chinese and Russian are recognised."""
    assert looks_not_found(title)


def test_ordinary_title_is_not_an_error_page() -> None:
    """A normal article title is not taken for an error page."""
    assert not looks_not_found("Russia And The Changing World")


def test_a_megabyte_title_is_cut_at_the_source() -> None:
    """A 1 MB <title> yields at most 300 characters, on one line, from its start."""
    body = b"<html><head><title>Breaking\n\n news " + b"word " * 200_000 + b"</title></head>"
    title = extract_title(body, "text/html; charset=utf-8")
    assert title is not None
    assert len(title) <= 300
    assert title.startswith("Breaking news word word")
    assert "\n" not in title


def test_a_megabyte_title_without_a_closing_tag_is_cut_too() -> None:
    """A title cut off by the byte cap goes through the parser and is cut the same way."""
    body = b"<html><head><title>" + "標題".encode() * 400_000
    title = extract_title(body, "text/html; charset=utf-8")
    assert title is not None
    assert 0 < len(title) <= 300
    assert title.startswith("標題標題")
