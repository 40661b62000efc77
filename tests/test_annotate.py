"""Writing archive links back: style per language and bracket, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from citecheck import annotate
from citecheck.api import parse, parse_text
from citecheck.errors import InputError
from citecheck.read.encoding import codec_for

SNAP = "https://web.archive.org/web/20140601000000/"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "〈標題〉，《聯合報》，2014年5月3日，<http://udn.com/a/b>。",
            "<http://udn.com/a/b>，Wayback Machine 存檔：<" + SNAP + "http://udn.com/a/b>。",
        ),
        (
            "〈标题〉，《人民日报》，2014年5月3日，<<http://people.cn/a/b>>。",
            "<<http://people.cn/a/b>>，Wayback Machine 存档：<<"
            + SNAP
            + "http://people.cn/a/b>>。",
        ),
        (
            "Jane Roe, “A Title,” *Site*, May 3, 2014, [http://a.com/x\\_y](http://a.com/x_y).",
            "[http://a.com/x\\_y](http://a.com/x_y), archived at ["
            + SNAP
            + "http://a.com/x_y]("
            + SNAP
            + "http://a.com/x_y).",
        ),
        (
            "Иван Петров, “Россия и Китай,” *КМ*, May 19, 2014, 〈<http://km.ru/a/b>〉.",
            "〈<http://km.ru/a/b>〉, архивная копия: 〈<" + SNAP + "http://km.ru/a/b>〉.",
        ),
    ],
)
def test_style_follows_the_note(note: str, expected: str) -> None:
    """The link follows the URL's brackets and the note's language; it parses back."""
    document = parse_text(f"Claim.<sup>1</sup>\n\n<sup>1</sup> {note}\n")
    url = document.citations[0].url
    assert url is not None
    after = annotate.apply(document.text, annotate.plan(document, {url: SNAP + url}))
    assert expected in after
    again = parse_text(after)
    assert again.citations[0].url == url
    assert again.citations[0].archive_url == SNAP + url
    assert again.citations[0].title == document.citations[0].title


def test_already_annotated_notes_are_left_alone() -> None:
    """Running fix twice adds nothing the second time."""
    document = parse_text("A.<sup>1</sup>\n\n<sup>1</sup> Roe, “T,” *S*, 2014, <http://a.com/x>.\n")
    once = annotate.apply(document.text, annotate.plan(document, {"http://a.com/x": SNAP + "x"}))
    again = parse_text(once)
    assert annotate.plan(again, {"http://a.com/x": SNAP + "x"}) == []


def test_kill_during_write_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interruption before the rename leaves the document as it was, no temp file."""
    path = tmp_path / "paper.md"
    path.write_text("original\n", encoding="utf-8")

    def killed(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        annotate.write_atomically(path, "changed\n", "utf-8")
    assert path.read_text(encoding="utf-8") == "original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.md", "paper.md.bak"]


def test_write_keeps_encoding_and_backup(tmp_path: Path) -> None:
    """A Big5 document is written back in Big5, the original kept as .bak."""
    path = tmp_path / "paper.md"
    path.write_bytes(
        "甲。<sup>1</sup>\n\n<sup>1</sup> 〈標題〉，《報》，2014年，<http://a.com/x>。\n".encode(
            "cp950"
        )
    )
    document = parse(path)
    assert document.encoding == "big5"
    after = annotate.apply(document.text, annotate.plan(document, {"http://a.com/x": SNAP}))
    backup = annotate.write_atomically(path, after, codec_for(document.encoding))
    assert backup.read_bytes().decode("cp950") == document.text
    assert "存檔" in path.read_bytes().decode("cp950")


def test_binary_formats_are_refused(tmp_path: Path) -> None:
    """fix writes only into text documents; a .bib is an input error, not a silent no-op."""
    path = tmp_path / "refs.bib"
    path.write_text("@online{k, title = {T}, url = {http://a.com/x}}\n", encoding="utf-8")
    with pytest.raises(InputError, match="Markdown and plain-text"):
        annotate.plan(parse(path), {})
