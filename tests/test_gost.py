"""Russian notes in GOST R 7.0.5 style: one line per pattern, expected fields by hand."""

from __future__ import annotations

from typing import Any

import pytest

from citecheck.api import parse_text

CASES: list[tuple[str, dict[str, Any]]] = [
    # journal article: title // journal. year. № issue. С. pages.
    (
        "Лукин А. В. Россия и Китай // Россия в глобальной политике. 2012. № 3. С. 15–20.",
        {
            "type": "article-journal",
            "author": [("Лукин", "А. В.")],
            "title": "Россия и Китай",
            "container": "Россия в глобальной политике",
            "issued": ((2012,),),
            "issue": "3",
            "page": "15-20",
        },
    ),
    # book: place: publisher, year. pages.
    (
        "Лукин А.В. Россия и Китай. М.: Наука, 2012. 320 с.",
        {
            "type": "book",
            "author": [("Лукин", "А. В.")],
            "title": "Россия и Китай",
            "publisher": "Наука",
            "place": "Москва",
            "issued": ((2012,),),
        },
    ),
    # two authors, subtitle and edition statement, St Petersburg
    (
        "Иванов И. И., Петров П. П. Внешняя политика России: учебник. 2-е изд. СПб.: Питер, 2015.",
        {
            "type": "book",
            "author": [("Иванов", "И. И."), ("Петров", "П. П.")],
            "title": "Внешняя политика России: учебник",
            "publisher": "Питер",
            "place": "Санкт-Петербург",
            "issued": ((2015,),),
        },
    ),
    # newspaper, electronic resource, URL and accessed date
    (
        "Караганов С. А. Новая политика [Электронный ресурс] // Российская газета. 2014. 5 июня. "
        "URL: http://www.rg.ru/2014/06/05/karaganov.html (дата обращения: 12.05.2014).",
        {
            "type": "article-newspaper",
            "author": [("Караганов", "С. А.")],
            "title": "Новая политика",
            "container": "Российская газета",
            "issued": ((2014, 6, 5),),
            "url": "http://www.rg.ru/2014/06/05/karaganov.html",
            "accessed": ((2014, 5, 12),),
        },
    ),
    # "see" relation before the author
    (
        "См.: Лукин А. В. Поворот на Восток // Известия. 2014. 12 марта.",
        {
            "type": "article-newspaper",
            "relation": "see-also",
            "title": "Поворот на Восток",
            "container": "Известия",
            "issued": ((2014, 3, 12),),
        },
    ),
]


@pytest.mark.parametrize(("note", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_gost_note(note: str, expected: dict[str, Any]) -> None:
    """Each GOST pattern gives its fields."""
    citation = parse_text(f"Текст.<sup>1</sup>\n\n<sup>1</sup> {note}\n").citations[0]
    got = {
        "type": citation.type,
        "author": [(a.family, a.given) for a in citation.authors],
        "title": citation.title,
        "container": citation.container_title,
        "issued": citation.issued,
        "issue": citation.issue,
        "page": citation.page,
        "publisher": citation.publisher,
        "place": citation.publisher_place,
        "url": citation.url,
        "accessed": citation.accessed,
        "relation": citation.relation.value,
    }
    assert {key: got[key] for key in expected} == expected
    assert citation.language == "ru"


def test_gost_ibid_inherits_the_work() -> None:
    """Там же after a GOST note is the same work with its own page."""
    doc = parse_text(
        "А.<sup>1</sup> Б.<sup>2</sup>\n\n<sup>1</sup> Путин В. В. Россия и меняющийся мир // "
        "Московские новости. 2012. 27 февраля.\n\n<sup>2</sup> Там же. С. 17.\n"
    )
    first, second = doc.citations
    assert second.work_id == first.work_id
    assert (second.title, second.page) == ("Россия и меняющийся мир", "17")
