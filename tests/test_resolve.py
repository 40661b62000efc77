"""Same-work identity: repeats, back-references and short forms share one id."""

from __future__ import annotations

from dataclasses import replace

from citecheck.api import parse_text
from citecheck.models import CitationKind
from citecheck.resolve import resolve_works
from evalkit import SAMPLE


def _doc(*notes: str) -> list[list[tuple[str, str | None, str | None, CitationKind]]]:
    text = "\n\n".join(f"<sup>{i}</sup> {note}" for i, note in enumerate(notes, start=1))
    document = parse_text(text)
    return [[(c.work_id, c.title, c.page, c.kind) for c in n.citations] for n in document.footnotes]


def test_ibid_inherits_the_previous_work_with_its_own_page() -> None:
    """同上 / Ibid. take the previous citation's work and fields, and keep their own page."""
    notes = _doc(
        "林宗達，《國際關係理論概要》（台北：晶典文化，2011年），頁153。",
        "同上，頁 160。",
        "Ibid., p. 170.",
    )
    work_id = notes[0][0][0]
    assert notes[1][0] == (work_id, "國際關係理論概要", "160", CitationKind.IBID)
    assert notes[2][0] == (work_id, "國際關係理論概要", "170", CitationKind.IBID)


def test_note_reference_points_at_that_footnote() -> None:
    """同註1 refers to footnote 1's work even when another work came in between."""
    notes = _doc(
        "林宗達，《國際關係理論概要》（台北：晶典文化，2011年）。",
        "鄭端耀，〈評析〉，《問題與研究》，第 42 卷第 2 期，2003 年，頁 7-8。",
        "同註1，頁 5。",
    )
    assert notes[2][0][0] == notes[0][0][0]
    assert notes[2][0][0] != notes[1][0][0]


def test_short_form_inherits_from_the_full_citation() -> None:
    """'Author, *Short Title*, 12' is the work cited in full earlier, with page 12."""
    document = parse_text(
        "<sup>1</sup> John Mearsheimer, *The Tragedy of Great Power Politics* (New York: Norton, "
        "2001), 33.\n\n<sup>2</sup> Mearsheimer, *Tragedy of Great Power*, p. 12.\n"
    )
    full, short = (n.citations[0] for n in document.footnotes)
    assert short.kind is CitationKind.SHORT
    assert short.work_id == full.work_id
    assert short.publisher == "Norton"
    assert short.page == "12"


def test_same_title_in_the_other_chinese_script_is_the_same_work() -> None:
    """A title cited once in Traditional and once in Simplified is one work."""
    notes = _doc(
        "〈國際關係理論〉，《問題與研究》，2003 年。", "〈国际关系理论〉，《问题与研究》，2003 年。"
    )
    assert notes[0][0][0] == notes[1][0][0]


def test_different_works_on_one_site_root_stay_apart() -> None:
    """Two works citing the same site root URL are not merged."""
    notes = _doc(
        "“First,” *Oilforum*, June 17, 2014, <<http://www.oilforum.ru/>>.",
        "“Second,” *Oilforum*, June 18, 2014, <<http://www.oilforum.ru/>>.",
    )
    assert notes[0][0][0] != notes[1][0][0]


def test_resolving_parsed_footnotes_again_gives_the_same_works() -> None:
    """The resolve stage on its own (``resolve_works``) gives every citation the work id
    that parsing gave it, from footnotes whose ids were taken away."""
    parsed = parse_text(SAMPLE.read_text("utf-8")).footnotes
    bare = [
        note.with_citations(tuple(replace(c, work_id="") for c in note.citations))
        for note in parsed
    ]
    assert all(c.work_id == "" for note in bare for c in note.citations)
    assert resolve_works(bare) == parsed


def _url_key_by_urlsplit(url: str) -> str | None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not path and not parts.query:
        return None
    return f"{(parts.hostname or '').removeprefix('www.')}{path}?{parts.query}"


def test_url_key_splits_a_url_as_urlsplit_does() -> None:
    """url_key splits common URLs by one pattern: the keys are urlsplit's on 50,000 URLs."""
    import random

    from citecheck.resolve import url_key

    rng = random.Random(13)
    tail = "aA0-./?#:%=&_~@!$'()*+,;中ä \t\n\x7f\u3000\xa0"
    urls = [
        "http://WWW.Example.org:8080/a/b/?c=d&e#frag",
        "https://a.com/p?q=http://b.com/?c#d#e",
        "https://a.com:80",
        "https://a.com/?",
        *(
            rng.choice(["https://", "http://", "ftp://", "HTTP://"])
            + rng.choice(["a.com", "WWW.b.org", "x-y.z.net:81", "a.b", "1.2.3.4", "[::1]"])
            + "".join(rng.choice(tail) for _ in range(rng.randint(0, 14)))
            for _ in range(50_000)
        ),
    ]
    assert [url_key(u) for u in urls] == [_url_key_by_urlsplit(u) for u in urls]
    assert url_key("http://www.site.com/2017/02/9729135.html") == "site.com/2017/02/9729135.html?"
