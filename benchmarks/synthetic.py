"""A synthetic book in the shape of a PDF-converted paper: body text, ``<sup>N</sup>``
markers, footnote blocks after ``---`` at page ends, and page-break continuations.

Footnotes are drawn from real footnote patterns (those of the sample paper in
``references/``: Chinese journal articles, books and web pages, English Chicago notes,
Russian web notes, back-references and explanatory prose) with varied authors, titles,
dates and URLs, so that caches keyed on exact strings do not flatter the figures.
"""

from __future__ import annotations

import random

_ZH_SURNAMES = "林陳黃張李王吳劉蔡楊許鄭謝郭洪邱曾廖賴徐周葉蘇莊呂江何蕭羅高"
_ZH_GIVEN = "宗達端耀榮偉雨露建中惠華志明文雄美玲家豪淑芬俊傑怡君冠宇雅婷承翰"
_ZH_WORDS = [
    "國際關係",
    "戰略合作",
    "現實主義",
    "亞太安全",
    "區域整合",
    "能源政策",
    "軍事同盟",
    "經濟制裁",
    "外交政策",
    "海洋爭端",
    "地緣政治",
    "全球治理",
    "兩岸關係",
    "新冷戰",
]
_ZH_JOURNALS = ["問題與研究", "遠景基金會季刊", "中國大陸研究", "東亞研究", "政治學報"]
_ZH_SITES = ["中央社", "新華網", "人民網", "環球時報", "俄羅斯之聲", "文匯報", "中時電子報"]
_ZH_PUBLISHERS = [("台北", "晶典文化"), ("台北", "五南"), ("北京", "北京大學出版社")]
_EN_FIRST = ["James", "Peter", "Hillary", "Tom", "Bruce", "Julie", "Mark", "Douglas"]
_EN_LAST = ["Kitfield", "Harris", "Clinton", "Donilon", "Jones", "Bishop", "Manyin", "Schoen"]
_EN_WORDS = [
    "Power",
    "Triangle",
    "Pivot",
    "Asia",
    "Russia",
    "China",
    "Alliance",
    "Energy",
    "Security",
    "Strategy",
    "Balance",
    "Rise",
    "Decline",
    "Pacific",
    "Order",
]
_EN_SITES = ["Foreign Policy", "Guardian", "Diplomat", "Breaking Defense", "Reuters", "RT"]
_RU_NAMES = ["Виктор Мартынюк", "Галина Яшина", "Анастасия Новак", "Владимир Боровяк"]
_RU_WORDS = ["визит", "Китай", "Россия", "союз", "стратегия", "партнёрство", "Восток", "мир"]
_RU_SITES = ["КМ", "Полит.ру", "Вестник Кавказа", "Kapital"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _zh_name(r: random.Random) -> str:
    return r.choice(_ZH_SURNAMES) + r.choice(_ZH_GIVEN) + r.choice(_ZH_GIVEN)


def _zh_title(r: random.Random) -> str:
    return "".join(r.sample(_ZH_WORDS, 2)) + r.choice(["之評析", "的影響", "研究", "的新階段"])


def _en_title(r: random.Random) -> str:
    return " ".join(r.sample(_EN_WORDS, r.randint(3, 6)))


def _url(r: random.Random, host: str) -> str:
    return f"http://www.{host}.com/{r.randint(2000, 2024)}/{r.randint(1, 12):02d}/{r.randint(10**5, 10**7)}.html"


def footnote(r: random.Random, previous: str | None) -> str:
    """One footnote text in a randomly chosen real pattern."""
    y, m, d = r.randint(1990, 2024), r.randint(1, 12), r.randint(1, 28)
    kind = r.randrange(9)
    if kind == 0:
        return (
            f"{_zh_name(r)}，〈{_zh_title(r)}〉，《{r.choice(_ZH_JOURNALS)}》，第 {r.randint(1, 60)} 卷"
            f"第 {r.randint(1, 12)} 期，{y} 年 {m} 月，頁 {r.randint(1, 99)}-{r.randint(100, 199)}。"
        )
    if kind == 1:
        place, pub = r.choice(_ZH_PUBLISHERS)
        return f"參見{_zh_name(r)}，《{_zh_title(r)}》（{place}：{pub}，{y} 年），頁 {r.randint(1, 300)}。"
    if kind == 2:
        return (
            f"〈{_zh_title(r)}〉，《{r.choice(_ZH_SITES)}》，{y} 年 {m} 月 {d} 日，"
            f"〈<{_url(r, 'news')}>〉。"
        )
    if kind == 3:
        return (
            f"{r.choice(_EN_FIRST)} {r.choice(_EN_LAST)}, “{_en_title(r)},” *{r.choice(_EN_SITES)}*, "
            f"{_MONTHS[m - 1]} {d}, {y}, <<{_url(r, 'site')}>>."
        )
    if kind == 4:
        return (
            f"{r.choice(_EN_LAST)}, {r.choice(_EN_FIRST)[0]}. {r.choice(_EN_FIRST)}, *{_en_title(r)}* "
            f"(New York: {r.choice(_EN_LAST)} Press, {y}), pp. {r.randint(1, 99)}-{r.randint(100, 300)}."
        )
    if kind == 5:
        words = " ".join(r.sample(_RU_WORDS, 4))
        return (
            f"{r.choice(_RU_NAMES)}, “{words.capitalize()},” *{r.choice(_RU_SITES)}*, "
            f"{_MONTHS[m - 1]} {d}, {y}, <<{_url(r, 'ru')}>>."
        )
    if kind == 6 and previous:
        return r.choice(["同上，頁 12。", "Ibid., 45.", "同前註。"])
    if kind == 7:
        return (
            "所謂「走出去戰略」，是發展開放型經濟的重大舉措。"
            f"〈{_zh_title(r)}〉，《{r.choice(_ZH_SITES)}》，{y}年{m:02d}月{d:02d}日，"
            f"〈[{_url(r, 'gov')}]({_url(r, 'gov')})〉。"
        )
    return (
        "「泛太平洋戰略經濟夥伴關係協議」是一個綜合性的自由貿易協定，內容包括貨物貿易與服務貿易。"
    )


def book(n_footnotes: int, *, seed: int = 2014, per_page: int = 5) -> str:
    """A Markdown document with ``n_footnotes`` footnotes, some cut by page breaks."""
    r = random.Random(seed)
    out: list[str] = ["# 合成書稿", ""]
    previous: str | None = None
    number = 1
    while number <= n_footnotes:
        page = list(range(number, min(number + per_page, n_footnotes + 1)))
        body = "".join(f"本段論述國際關係的發展。<sup>{k}</sup>" for k in page)
        out += [body, "", "---", ""]
        for k in page:
            text = footnote(r, previous)
            previous = text
            if k == page[-1] and r.random() < 0.2 and len(text) > 40:
                head, tail = text[: len(text) // 2], text[len(text) // 2 :]
                out += [f"<sup>{k}</sup> {head}", "", "本頁正文繼續。", "", "---", "", tail, ""]
            else:
                out += [f"<sup>{k}</sup> {text}", ""]
        number += per_page
    return "\n".join(out) + "\n"
