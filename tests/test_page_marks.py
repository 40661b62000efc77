"""Footnotes marked by ①, Unicode superscripts or ^N^, often numbered afresh on each page,
and the page debris of PDF conversions around them (small documents written for the tests
in the shape that converters give mainland Chinese, English and Russian journals)."""

from __future__ import annotations

from citecheck.footnotes import find_footnotes, find_footnotes_with_style

# One page a block; notes as converters print them, one line each (hence long lines).

CIRCLED_PER_PAGE = """\
· 56 ·

世界经济与政治 2019 年第 5 期

2014 年以来，中俄关系被认为处于“历史最好时期”。① 学界主要有两种观点。②

① 《中俄联合声明》，《人民日报》2019 年 6 月 6 日，第 2 版。
② Randall L. Schweller, “Bandwagoning for Profit,” *International Security*, Vol. 19, No. 1, 1994, pp. 72-107. 参见孙德刚：《准联盟外交

中俄战略协作的动力与限度

· 57 ·

逻辑，中俄双方都面临战略压力。① 两国无意建立正式联盟。② 这一判断得到印证。③

探析》，北京：时事出版社 2012 年版，第 23—40 页。
① 同上书，第 55 页。
② 参见本文第 56 页注②。
③ Лукин А. В. Россия и Китай. М.: Весь мир, 2013. С. 520.
"""


def test_circled_marks_numbered_per_page_are_numbered_through_the_document() -> None:
    style, notes = find_footnotes_with_style(CIRCLED_PER_PAGE)
    assert style == "page-marks"
    assert [(n.number, n.label, n.line) for n in notes] == [
        (1, "①", 7),
        (2, "②", 8),
        (3, "①", 17),
        (4, "②", 18),
        (5, "③", 19),
    ]


def test_note_cut_by_the_page_break_is_rejoined_without_a_rule() -> None:
    notes = find_footnotes(CIRCLED_PER_PAGE)
    assert notes[1].text.endswith(
        "参见孙德刚：《准联盟外交探析》，北京：时事出版社 2012 年版，第 23—40 页。"
    )
    assert notes[2].text == "同上书，第 55 页。"  # the continuation went to the note it ends


def test_a_note_pointing_at_another_note_is_still_a_note() -> None:
    assert find_footnotes(CIRCLED_PER_PAGE)[3].text == "参见本文第 56 页注②。"


def test_unicode_superscripts_with_definitions_on_consecutive_lines() -> None:
    text = (
        "The idea is older than the crisis.¹ The district covers 6.2 million km² in all.²\n\n"
        "¹ Bobo Lo, *Russia and the New World Disorder* (London: Chatham House, 2015), 132.\n"
        "² Vladimir Putin, “Russia and the Changing World,” *Moscow News*, February 27, 2012.\n"
        "Page 3 of 30\n\n"
        "112 | Journal of Eurasian Studies\n"
    )
    style, notes = find_footnotes_with_style(text)
    assert style == "page-marks"
    assert [n.number for n in notes] == [1, 2]
    assert notes[1].text.endswith("February 27, 2012.")  # the page stamp is not note text


def test_pandoc_superscript_marks_with_a_url_cut_by_the_page() -> None:
    text = (
        "Контракт подписан в мае^1^. Поставки начнутся позже^2^.\n\n"
        "---\n\n"
        "^1^ Там же.\n\n"
        "^2^ Henderson J. Gas Export Strategy. Oxford: OIES, 2015. URL: "
        "https://www.oxfordenergy.org/uploads/2015/09/NG-\n\n"
        "45\n\n"
        "Российские эксперты указывают на иные риски^3^.\n\n"
        "---\n\n"
        "102.pdf (дата обращения: 15.01.2016).\n\n"
        "^3^ Лукин А. В. Указ. соч. С. 615.\n"
    )
    notes = find_footnotes(text)
    assert [n.number for n in notes] == [1, 2, 3]
    assert notes[1].text.endswith(
        "https://www.oxfordenergy.org/uploads/2015/09/NG-102.pdf (дата обращения: 15.01.2016)."
    )


def test_sup_notes_numbered_per_page_lose_none() -> None:
    text = (
        "正文。<sup>1</sup>又一句。<sup>2</sup>\n\n---\n\n"
        "<sup>1</sup> 阎学通：《历史的惯性》，北京：中信出版社 2013 年版，第 190 页。\n\n"
        "<sup>2</sup> 同上书，第 195 页。\n\n· 57 ·\n\n"
        "下一页。<sup>1</sup>\n\n---\n\n"
        "<sup>1</sup> 同上。\n"
    )
    notes = find_footnotes(text)
    assert [(n.number, n.label, n.line) for n in notes] == [(1, "1", 5), (2, "2", 7), (3, "1", 15)]


def test_a_numbered_list_in_the_body_is_not_notes() -> None:
    text = "合作有三个层面：\n\n① 政治上相互支持。\n② 经济上互补。\n③ 安全上协调。\n"
    assert find_footnotes(text) == ()


def test_the_bibliography_after_the_notes_is_not_notes() -> None:
    text = (
        "正文[1]。\n\n注释\n\n[1] 阎学通：《历史的惯性》，中信出版社 2013 年版，第 190 页。\n\n"
        "[2] 同上书，第 195 页。\n\n参考文献\n\n"
        "[1] 阎学通. 历史的惯性[M]. 北京: 中信出版社, 2013.\n"
    )
    style, notes = find_footnotes_with_style(text)
    assert style == "plain-notes"
    assert [n.number for n in notes] == [1, 2]


def test_a_url_wrapped_inside_its_brackets_is_joined_without_a_space() -> None:
    text = (
        "正文。<sup>1</sup>\n\n---\n\n"
        "<sup>1</sup> 外交部，〈回應〉，2014 年 5 月 22 日，<http://www.mofa.gov.tw/News.aspx?n=87&sms=\n"
        "491D0E5B&s=EDEB>。\n"
        "This content downloaded from 140.112.1.1 on Mon, 01 Jan 2024 00:00:00 UTC\n"
    )
    (note,) = find_footnotes(text)
    assert note.text.endswith("<http://www.mofa.gov.tw/News.aspx?n=87&sms=491D0E5B&s=EDEB>。")
