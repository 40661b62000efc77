"""RIS export: one record per work, read back through rispy's own reader."""

from __future__ import annotations

import rispy

from citecheck.api import parse
from citecheck.export import ris
from citecheck.models import Citation, Document, Footnote, Name
from evalkit import SAMPLE


def _records(document: Document) -> dict[str, dict[str, object]]:
    text = ris.render(document)
    assert not text.startswith("1.")  # no counter line before a record
    return {record["id"]: record for record in rispy.loads(text)}


def test_sample_gives_one_record_per_distinct_work() -> None:
    """48 distinct works in the sample paper, 48 records with distinct ids."""
    text = ris.render(parse(SAMPLE))
    records = rispy.loads(text)
    assert len(records) == 48
    assert text.count("TY  - ") == 48
    assert len({r["id"] for r in records}) == 48


def test_sample_records_read_back_with_the_fields_a_user_needs() -> None:
    """Type, whole CJK authors, title, container, year, URL, issuer and genre of a report."""
    records = _records(parse(SAMPLE))
    book = records["linzongda2011"]
    assert book["type_of_reference"] == "BOOK"
    assert book["authors"] == ["林宗達"]
    assert book["title"] == "國際關係理論概要"
    assert book["year"] == "2011"
    assert book["publisher"] == "晶典文化"
    assert book["place_published"] == "台北"
    assert book["language"] == "zh-Hant"
    article = records["zhengduanyao2003"]
    assert article["type_of_reference"] == "JOUR"
    assert article["secondary_title"] == "問題與研究"
    assert (article["volume"], article["number"]) == ("42", "2")
    assert (article["start_page"], article["end_page"]) == ("7", "8")
    assert article["date"] == "2003/03//"
    report = records["manyin2012"]
    assert report["type_of_reference"] == "RPRT"
    assert report["authors"] == ["Manyin, E. Mark"]
    assert report["publisher"] == "Congressional Research Service"
    assert report["type_of_work"] == "Report for Congress"
    assert report["urls"] == ["http://www.crs.gov"]
    page = records["america2014"]
    assert page["type_of_reference"] == "ELEC"
    assert page["secondary_title"] == "White House"
    assert page["date"] == "2014/05/28/"
    assert page["urls"] == [
        "http://www.whitehouse.gov/blog/2014/05/28/"
        "america-must-always-lead-president-obama-addresses-west-point-graduates"
    ]
    news = records["obama2014"]
    assert news["type_of_reference"] == "NEWS"
    assert news["secondary_title"] == "Reuters"


def test_archive_copy_doi_and_access_date_come_back() -> None:
    """The snapshot as Zotero's Archive/Loc. in Archive and as a second URL; DO; Y2."""
    citation = Citation(
        raw="x",
        type="article-journal",
        authors=(Name(family="Oye", given="Kenneth A."), Name(literal="世界銀行")),
        title="Explaining Cooperation under Anarchy",
        container_title="World Politics",
        issued=((1985, 10),),
        accessed=((2024, 1, 2),),
        volume="38",
        issue="1",
        page="1-24",
        url="https://doi.org/10.2307/2010349",
        archive_url="https://web.archive.org/web/20240102000000/https://doi.org/10.2307/2010349",
        doi="10.2307/2010349",
        language="en",
        work_id="oye1985",
    )
    document = Document("x.md", "markdown", "utf-8", (Footnote(1, 1, "x", (citation,)),))
    record = _records(document)["oye1985"]
    assert record["authors"] == ["Oye, Kenneth A.", "世界銀行"]
    assert record["doi"] == "10.2307/2010349"
    assert record["urls"] == [
        "https://doi.org/10.2307/2010349",
        "https://web.archive.org/web/20240102000000/https://doi.org/10.2307/2010349",
    ]
    assert record["name_of_database"] == "Internet Archive"
    assert record["accession_number"] == (
        "https://web.archive.org/web/20240102000000/https://doi.org/10.2307/2010349"
    )
    assert record["access_date"] == "2024/01/02/"
    assert record["date"] == "1985/10//"
    assert (record["start_page"], record["end_page"]) == ("1", "24")
