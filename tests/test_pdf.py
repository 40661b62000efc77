"""PDF reader: producer-made PDFs of the sample and of an unseen paper, hand-made PDFs
for the layout rules, and bad PDFs refused in one line, in bounded time and memory."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from citecheck.api import parse
from citecheck.errors import InputError
from citecheck.read import read
from evalkit import SAMPLE_GOLD, SHARED, cli_parse_json, run_scorer
from measure import parse_measured
from pdfkit import Page, Run, image_only_pdf, make_pdf, page_tree_bomb, sup

FORMATS = Path(__file__).resolve().parent.parent / "references" / "formats"
PRODUCERS = ["libreoffice", "xelatex"]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside the checkout")
@pytest.mark.parametrize("producer", PRODUCERS)
def test_sample_pdf_scores_against_its_gold(producer: str, tmp_path: Path) -> None:
    """48/48 notes, every cited URL right, field F1 ≥ 0.95; lines null, pages given."""
    pred = cli_parse_json(FORMATS / f"guo-huang-2014.{producer}.pdf", tmp_path)
    scored = run_scorer(SAMPLE_GOLD, pred)
    assert "footnotes: gold 48, found 48, precision 1.000, recall 1.000" in scored
    assert "citations: gold 54, matched 54, spurious 0" in scored
    assert re.search(r"^  url +P 1\.000  R 1\.000  F1 1\.000$", scored, re.M), scored
    f1 = float(re.search(r"field F1 = ([\d.]+)", scored).group(1))  # type: ignore[union-attr]
    assert f1 >= 0.95, scored
    notes = json.loads(pred.read_text("utf-8"))["footnotes"]
    assert all(n["line"] is None and n["page"] >= 1 for n in notes)


@pytest.mark.parametrize("producer", PRODUCERS)
def test_sample_pdf_urls_are_exactly_the_producers_input(producer: str) -> None:
    """Every URL of the Pandoc source that both PDFs were made from, character for character
    (link annotations are exact where the line end cut the URL or a hyphen ended a line)."""
    source = (FORMATS / "guo-huang-2014.pandoc.md").read_text("utf-8")
    expected = {
        (int(m.group(1)), url)
        for m in re.finditer(r"^\[\^(\d+)\]: (.*)$", source, re.M)
        for url in re.findall(r"<((?:https?)://[^>]+)>", m.group(2))
    }
    document = parse(FORMATS / f"guo-huang-2014.{producer}.pdf")
    found = {(n.number, c.url) for n in document.footnotes for c in n.citations if c.url}
    assert len(expected) == 48
    # LibreOffice writes the empty path of http://www.crs.gov as "/" (RFC 3986: the same)
    assert found == {(n, _root_slash(url)) for n, url in expected} or found == expected


def _root_slash(url: str) -> str:
    return url + "/" if url.count("/") == 2 else url


def test_libreoffice_note_cut_by_a_page_break_is_whole_and_starts_on_its_page() -> None:
    """Note 12 starts on page 4 and its URL ends on page 5 (LibreOffice split it)."""
    notes = {n.number: n for n in read(FORMATS / "guo-huang-2014.libreoffice.pdf").footnotes}
    twelve = notes[12]
    assert twelve.page == 4
    assert twelve.line is None
    assert twelve.text == (
        "Tom Donillon, “We are No.1,” *Foreign policy*, July 3, 2014, <http://www.foreignpolicy"
        ".com/articles/2014/07/03/we_re_no_1_and_we_re_going_to_stay_that_way_american_decline>."
    )
    assert (notes[1].page, notes[4].page) == (2, 2)


def test_xelatex_sample_keeps_italics_as_title_marks_and_pages() -> None:
    """Italic runs become *…*; the xelatex sample has notes 1-5 on page 1, 12 on page 2."""
    notes = {n.number: n for n in read(FORMATS / "guo-huang-2014.xelatex.pdf").footnotes}
    assert notes[4].text == (
        "Mearsheimer, J. John, *The Tragedy of Great Power Politics* "
        "(NY: W.W. Norton & Company, 2001), p. 33."
    )
    assert (notes[1].page, notes[5].page, notes[12].page) == (1, 1, 2)


UNSEEN = {
    1: "Marlene Laruelle, *Russia’s Arctic Strategies and the Future of the Far North* "
    "(Armonk, NY: M. E. Sharpe, 2014), pp. 45-67.",
    2: "中华人民共和国国务院新闻办公室：《中国的北极政策》，2018 年 1 月 26 日，"
    "http://www.scio.gov.cn/zfbps/32832/Document/1618203/1618203.htm。",
    3: "Anne-Marie Brady, *China as a Polar Great Power* (Cambridge: Cambridge University "
    "Press, 2017), p. 12.",
    4: "Atle Staalesen, “Chinese Money for Northern Sea Route,” *The Barents Observer*, June 12, "
    "2018, https://thebarentsobserver.com/en/arctic/2018/06/chinese-money-northern-sea-route.",
    5: "Распоряжение Правительства Российской Федерации от 21 декабря 2019 г. № 3120-р «Об "
    "утверждении плана развития инфраструктуры Северного морского пути на период до 2035 "
    "года», http://static.government.ru/media/files/itR86nOgy9xFEvUVAgmZ3XoeruY8Bf9u.pdf.",
    6: "杨剑：《北极治理新论》，北京：时事出版社，2014 年，第 88—93 页。",
    7: "Лукин А. В. Россия и Китай в Арктике: сотрудничество и соперничество // "
    "Международная жизнь. 2020. № 4. С. 40–52.",
    8: "林廷輝，〈北極航道的戰略意涵〉，《戰略安全研析》，第 150 期，2018 年 10 月，頁 33-41。",
}


@pytest.mark.parametrize(("producer", "first_on_page_two"), [("libreoffice", 7), ("xelatex", 6)])
def test_unseen_paper_reads_note_for_note(producer: str, first_on_page_two: int) -> None:
    """A paper written for this test (not the sample): A5 pages under xelatex with a
    running head and '— 2 —' page numbers; US Letter under LibreOffice. Every note's text
    and page, by hand."""
    document = read(FORMATS / f"unseen.{producer}.pdf")
    assert {n.number: n.text for n in document.footnotes} == UNSEEN
    pages = {n.number: n.page for n in document.footnotes}
    assert pages == {k: 1 if k < first_on_page_two else 2 for k in UNSEEN}


def test_unseen_paper_citations_parse() -> None:
    """The unseen PDF's citations: the Russian URL whole, the English book's title."""
    document = parse(FORMATS / "unseen.xelatex.pdf")
    first = document.footnotes[0].citations[0]
    assert first.title == "Russia’s Arctic Strategies and the Future of the Far North"
    assert document.footnotes[4].citations[0].url == (
        "http://static.government.ru/media/files/itR86nOgy9xFEvUVAgmZ3XoeruY8Bf9u.pdf"
    )


# --- hand-made layouts -----------------------------------------------------------------------


def _write(tmp_path: Path, pages: list[Page], name: str = "paper.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(make_pdf(pages))
    return path


def test_smaller_block_at_the_foot_without_a_rule(tmp_path: Path) -> None:
    """No rule: the notes are the 9 pt lines at the foot; the page number, the running
    head and a stamp are dropped; a wrapped URL without annotation is rejoined."""
    pages = []
    for number in (1, 2, 3):
        page = Page().text(72, 750, "Journal of Tests 12 (2020)")
        page.text(
            72, 700, "Body text of page ", Run(str(number)), " cites a source.", sup(str(number))
        )
        page.text(72, 680, "More body text without any marker at all on this line.")
        page.text(300, 40, str(number))
        page.text(72, 25, Run("This content downloaded from 10.0.0.1 on Mon, 1 Jan 2024", 6))
        pages.append(page)
    pages[0].text(
        72,
        110,
        Run("1 ", 9),
        Run("Anna Smith, ", 9),
        Run("Arctic Shipping", 9, italic=True),
        Run(", 2019, <http://example.org/a/", 9),
    )
    pages[0].text(72, 99, Run("very/long/path>.", 9))
    pages[1].text(
        72,
        110,
        Run("2 Ivan Petrov, “Ports of the North,” ", 9),
        Run("Polar Record", 9, italic=True),
        Run(" 5 (2018): 1-9.", 9),
    )
    pages[2].text(72, 110, Run("3 See the well-", 9))
    pages[2].text(72, 99, Run("known survey by the negoti-", 9))
    pages[2].text(72, 88, Run("ators of the well-known treaty.", 9))
    notes = read(_write(tmp_path, pages)).footnotes
    assert [(n.number, n.page) for n in notes] == [(1, 1), (2, 2), (3, 3)]
    assert notes[0].text == (
        "Anna Smith, *Arctic Shipping*, 2019, <http://example.org/a/very/long/path>."
    )
    assert notes[1].text == "Ivan Petrov, “Ports of the North,” *Polar Record* 5 (2018): 1-9."
    assert notes[2].text == "See the well-known survey by the negotiators of the well-known treaty."


def test_rule_block_with_raised_markers_continuing_on_the_next_page(tmp_path: Path) -> None:
    """Same-size notes under a short rule, raised markers, a note continued on the next
    page, and a link annotation whose URI wins over the cut visible text."""
    first = Page().text(72, 700, "Body", sup("1"), " and body", sup("2"), ".")
    first.rules.append((72, 170, 150))
    first.text(72, 150, sup("1"), Run("First note, see"))
    first.text(72, 136, Run("http://example.org/x-"))
    first.text(72, 122, Run("y/z."))
    uri = "http://example.org/x-y/z"
    first.links += [((72, 132, 200, 146), uri), ((72, 118, 94, 132), uri)]
    first.text(72, 100, sup("2"), Run("Second note begins here and"))
    second = Page().text(72, 700, "Body again", sup("3"), ".")
    second.rules.append((72, 160, 150))
    second.text(72, 140, Run("goes on over the page break."))
    second.text(72, 120, sup("3"), Run("Third note."))
    notes = read(_write(tmp_path, [first, second])).footnotes
    assert [(n.number, n.page, n.text) for n in notes] == [
        (1, 1, "First note, see http://example.org/x-y/z."),
        (2, 1, "Second note begins here and goes on over the page break."),
        (3, 2, "Third note."),
    ]


def test_notes_numbered_afresh_on_each_page(tmp_path: Path) -> None:
    """Plain '1 ' markers restarting on each page: notes numbered through the document,
    each labelled with its printed number."""
    pages = []
    for _ in range(2):
        page = Page().text(72, 700, "Body", sup("1"), " text", sup("2"), ".")
        page.text(72, 120, Run("1 Note one of the page.", 9))
        page.text(72, 108, Run("2 Note two of the page.", 9))
        pages.append(page)
    notes = read(_write(tmp_path, pages)).footnotes
    assert [(n.number, n.label, n.page) for n in notes] == [
        (1, "1", 1),
        (2, "2", 1),
        (3, "1", 2),
        (4, "2", 2),
    ]


# --- bad PDFs: one line, exit 2, bounded time and memory -------------------------------------


def _bad(path: Path) -> tuple[int, str, float, float]:
    run = parse_measured(path, timeout=60)
    return run.code, run.stderr, run.seconds, run.peak_mb


def _bad_pdfs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    sample = (FORMATS / "guo-huang-2014.libreoffice.pdf").read_bytes()
    made = {
        "scanned": (image_only_pdf(), "has no text layer (a scanned PDF?); run OCR first"),
        "truncated": (sample[: len(sample) // 2], "is a truncated PDF"),
        "corrupt": (b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "is a damaged PDF"),
        "tree-bomb": (page_tree_bomb(1000, 2), "claims 1000000 pages, more than 3000"),
        "flat-bomb": (page_tree_bomb(300_000, 1), "claims 300000 pages, more than 3000"),
    }
    paths = {}
    for name, (data, reason) in made.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        paths[name] = (path, reason)
    paths["encrypted"] = (FORMATS / "encrypted.pdf", "is an encrypted PDF (password-protected)")
    return paths


@pytest.mark.parametrize(
    "kind", ["scanned", "encrypted", "truncated", "corrupt", "tree-bomb", "flat-bomb"]
)
def test_bad_pdf_one_line_exit_2_bounded(kind: str, tmp_path: Path) -> None:
    """Each bad PDF: exit 2, one line naming the file and why; well under 10 s and 200 MB
    (generous bounds; the benchmark prints the real figures)."""
    path, reason = _bad_pdfs(tmp_path)[kind]
    code, stderr, elapsed, peak = _bad(path)
    assert code == 2
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"citecheck: error: {path}: {reason}"), stderr
    assert elapsed < 10
    assert peak < 200


def test_scanned_pdf_error_suggests_ocr(tmp_path: Path) -> None:
    """The scanned PDF's error names an OCR tool to run."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_only_pdf())
    with pytest.raises(InputError, match="ocrmypdf"):
        read(path)
