"""DOI extraction: every written form, the right end, and the DOI as a field of its citation."""

from __future__ import annotations

import json

import pytest

from citecheck.api import parse_text, to_bibtex, to_csl_json
from citecheck.citations.parse import parse_citations
from citecheck.doi import doi_from_url, doi_key, find_dois, trim
from citecheck.export.parse_json import parse_report

# (text, the DOIs it writes): one line per written form seen in real notes.
FORMS = [
    # resolver URLs, current and legacy
    ("see https://doi.org/10.1038/nature12373.", ["10.1038/nature12373"]),
    ("http://dx.doi.org/10.1177/0022343314541545;", ["10.1177/0022343314541545"]),
    ("doi.org/10.1093/ia/iiu011)", ["10.1093/ia/iiu011"]),
    # labels, with and without space, full-width colon of Chinese notes
    ("doi:10.1000/182, and", ["10.1000/182"]),
    ("DOI: 10.1080/10670564.2014.898909.", ["10.1080/10670564.2014.898909"]),
    ("頁 1-32。DOI：10.30390/ISC.201506_54(2).0001。", ["10.30390/ISC.201506_54(2).0001"]),
    # bare, after Chinese punctuation, and with a parenthesised suffix before a period
    ("第14–19页，10.1080/10670564.2014.898909。", ["10.1080/10670564.2014.898909"]),
    ("Lancet, 10.1016/S0140-6736(97)11096-0.", ["10.1016/S0140-6736(97)11096-0"]),
    # in brackets that are not the DOI's own: the closing one is dropped
    ("(doi:10.1093/ia/iiu011)", ["10.1093/ia/iiu011"]),
    ("<doi:10.1000/182>", ["10.1000/182"]),
    # an old SICI DOI keeps its own angle brackets
    (
        "doi:10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0.",
        ["10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"],
    ),
    # not DOIs: a decimal page, a path segment of another URL
    ("p. 10.5", []),
    ("x/10.1234/abc", []),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_every_written_form_is_found_with_its_right_end(text: str, expected: list[str]) -> None:
    """Each written form gives the DOI without the sentence's punctuation."""
    assert [found.doi for found in find_dois(text)] == expected


def test_trim_keeps_balanced_brackets_and_drops_trailing_punctuation() -> None:
    """A bracket the DOI opened stays; '.', ',', ')' and '>' that it did not open go."""
    assert trim("10.1016/S0140-6736(97)11096-0.") == "10.1016/S0140-6736(97)11096-0"
    assert trim("10.1000/abc).") == "10.1000/abc"
    assert trim("10.1000/abc>,") == "10.1000/abc"


def test_resolver_urls_are_read_percent_encoded_too() -> None:
    """https://doi.org/10.1000%2F182 names 10.1000/182; other URLs name no DOI."""
    assert doi_from_url("https://doi.org/10.1000%2F182") == "10.1000/182"
    assert doi_from_url("https://dx.doi.org/10.1000/182#section") == "10.1000/182"
    assert doi_from_url("https://link.springer.com/article/10.1007/s11366-014-9300-4") is None


def test_doi_identity_is_case_insensitive() -> None:
    """10.1000/ABC and 10.1000/abc are one DOI."""
    assert doi_key("10.1000/ABC") == doi_key("10.1000/abc")


NOTES = [
    # English note, resolver URL: the DOI is a field, not the citation's URL
    (
        "Nicholas Lardy, “China’s Rise,” *Foreign Affairs* 90, no. 3 (2011): 45–60, "
        "https://doi.org/10.1016/S0140-6736(97)11096-0.",
        "10.1016/S0140-6736(97)11096-0",
        "China’s Rise",
    ),
    # Taiwanese note, DOI after the full stop: still this work's
    (
        "吳玉山，〈權力移轉理論〉，《問題與研究》，第 54 卷第 2 期（2015 年），頁 1-32。"
        "DOI：10.30390/ISC.201506_54(2).0001。",
        "10.30390/ISC.201506_54(2).0001",
        "權力移轉理論",
    ),
    # mainland note, labelled DOI before the full stop
    (
        "王缉思：《民族与民族主义》，载《欧洲研究》，1993年第5期，第14–19页，doi:10.1093/ia/iiu011。",
        "10.1093/ia/iiu011",
        "民族与民族主义",
    ),
    # GB/T 7714 note ending with its DOI
    (
        "李明. 权力转移[J]. 国际政治研究, 2014, 35(3): 20-38. DOI:10.1080/10670564.2014.898909.",
        "10.1080/10670564.2014.898909",
        "权力转移",
    ),
]


@pytest.mark.parametrize(("note", "doi", "title"), NOTES)
def test_a_note_s_doi_is_its_citation_s_doi(note: str, doi: str, title: str) -> None:
    """The note gives one citation with its title, the DOI, and no URL to link-check."""
    (citation,) = parse_citations(note)
    assert (citation.title, citation.doi, citation.url) == (title, doi, None)


def test_doi_in_parse_json_bibtex_and_csl_json() -> None:
    """The DOI is CSL ``DOI`` in the parse JSON and CSL-JSON, ``doi`` in BibTeX."""
    doc = parse_text(
        "Claim.<sup>1</sup>\n\n<sup>1</sup> John Smith, “A Title,” *Journal of Peace Research* "
        "51, no. 2 (2014): 1-20, doi:10.1177/0022343314541545.\n"
    )
    item = parse_report(doc)["footnotes"][0]["citations"][0]
    assert item["DOI"] == "10.1177/0022343314541545"
    assert "URL" not in item
    assert json.loads(to_csl_json(doc))[0]["DOI"] == "10.1177/0022343314541545"
    assert "doi = {10.1177/0022343314541545}" in to_bibtex(doc)


def test_the_same_doi_in_two_notes_is_the_same_work() -> None:
    """Two notes citing one DOI (in different case and form) share an id; another DOI does not."""
    doc = parse_text(
        "A.<sup>1</sup> B.<sup>2</sup> C.<sup>3</sup>\n\n"
        "<sup>1</sup> John Smith, “A Title,” *Journal of Peace Research* 51 (2014): 1-20, "
        "doi:10.1177/0022343314541545.\n\n"
        "<sup>2</sup> J. Smith, “A title (online first),” *JPR* (2013), "
        "https://doi.org/10.1177/0022343314541545.\n\n"
        "<sup>3</sup> John Smith, “A Title,” *Journal of Peace Research* 51 (2014): 1-20, "
        "doi:10.1177/0022343314999999.\n"
    )
    ids = [c.work_id for c in doc.citations]
    assert ids[0] == ids[1]
    assert ids[2] != ids[0]


def test_bib_doi_field_is_read() -> None:
    """A .bib entry's doi field (bare or as a resolver URL) becomes the citation's DOI."""
    from citecheck.read.bib import entry_to_citation

    class Field:
        def __init__(self, value: str) -> None:
            self.value = value

    citation = entry_to_citation(
        "article", "k", {"title": Field("T"), "doi": Field("https://doi.org/10.1000/XYZ")}
    )
    assert citation.doi == "10.1000/XYZ"
