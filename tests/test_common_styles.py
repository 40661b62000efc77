"""Common note styles beyond the sample paper, one row per pattern (table-driven).

The notes were written for these tests in the conventions of mainland Chinese journals,
Chicago notes, Russian GOST and Taiwanese author-date references; the expected fields are
a bibliographer's reading of each note, written down before the parser was run on it.
"""

from __future__ import annotations

from typing import Any

import pytest

from citecheck.api import parse_text
from citecheck.citations.parse import parse_citations
from citecheck.models import CitationKind, Name, Relation
from citekit import assert_fields

CASES: list[tuple[str, dict[str, Any]]] = [
    # Chicago: a bare pinpoint page after the publication parenthesis
    (
        "John J. Mearsheimer, *The Tragedy of Great Power Politics*, updated ed. "
        "(New York: W. W. Norton, 2014), 29–31.",
        {"type": "book", "title": "The Tragedy of Great Power Politics", "page": "29-31"},
    ),
    (
        "Thucydides, *History of the Peloponnesian War*, trans. Rex Warner "
        "(London: Penguin, 1972), 402.",
        {"publisher": "Penguin", "publisher_place": "London", "page": "402"},
    ),
    # Chicago short forms: author, short title, page
    (
        "Mearsheimer, *Tragedy of Great Power Politics*, 35.",
        {"kind": CitationKind.SHORT, "page": "35", "authors": (Name(family="Mearsheimer"),)},
    ),
    (
        'Johnston, "Is China a Status Quo Power?," 12.',
        {"kind": CitationKind.SHORT, "title": "Is China a Status Quo Power?", "page": "12"},
    ),
    # Newspaper and magazine pages, section letters included
    (
        'Steven Lee Myers, "China and Russia Hold Joint Naval Drills," *New York Times*, '
        "May 20, 2014, A8.",
        {"type": "article-newspaper", "issued": ((2014, 5, 20),), "page": "A8"},
    ),
    (
        '"Putin\'s Pivot," *Economist*, May 24, 2014, 45.',
        {"container_title": "Economist", "page": "45"},
    ),
    # A chapter in an edited volume: "in *Book*, ed. Name (…), pages"
    (
        'Aaron L. Friedberg, "The Future of U.S.-China Relations: Is Conflict Inevitable?," in '
        "*The Rise of China*, ed. Michael E. Brown et al. (Cambridge, MA: MIT Press, 2000), 1–33.",
        {
            "type": "chapter",
            "container_title": "The Rise of China",
            "editors": (Name(family="Brown", given="Michael E."),),
            "publisher": "MIT Press",
            "page": "1-33",
        },
    ),
    # A monograph with a URL is still a book
    (
        "Evan S. Medeiros et al., *Pacific Currents: The Responses of U.S. Allies and Security "
        "Partners in East Asia to China's Rise* (Santa Monica, CA: RAND Corporation, 2008), 45, "
        "https://www.rand.org/pubs/monographs/MG736.html.",
        {"type": "book", "page": "45", "url": "https://www.rand.org/pubs/monographs/MG736.html"},
    ),
    # A span of months in a Chicago journal date
    (
        'Ivan Petrov, "Title," *Survival* 57, no. 1 (February–March 2015): 7–20.',
        {"issued": ((2015, 2), (2015, 3)), "volume": "57", "issue": "1", "page": "7-20"},
    ),
    (
        'Kurt M. Campbell, "Pivot," *Foreign Affairs* 90, no. 2 (March/April 2011): 2–12.',
        {"issued": ((2011, 3), (2011, 4)), "page": "2-12"},
    ),
    # Corporate authors, editors named before the title, "and" opening the last work
    (
        "U.S.-China Economic and Security Review Commission, *2022 Report to Congress* "
        "(Washington, DC: U.S. Government Publishing Office, 2022), 215.",
        {
            "authors": (Name(literal="U.S.-China Economic and Security Review Commission"),),
            "page": "215",
        },
    ),
    (
        'Ministry of Foreign Affairs of the Russian Federation, "The Concept of the Foreign '
        'Policy of the Russian Federation," March 31, 2023, '
        "https://mid.ru/en/foreign_policy/fundamental_documents/1860586/.",
        {
            "type": "webpage",
            "authors": (Name(literal="Ministry of Foreign Affairs of the Russian Federation"),),
            "issued": ((2023, 3, 31),),
        },
    ),
    (
        "James Bellacqua, ed., *The Future of China-Russia Relations* (Lexington: University "
        "Press of Kentucky, 2010).",
        {"authors": (), "editors": (Name(family="Bellacqua", given="James"),), "type": "book"},
    ),
    (
        "and Michael S. Chase et al., *Russia-China Relations: Assessing Common Ground and "
        "Strategic Fault Lines*, NBR Special Report 66 (Seattle: National Bureau of Asian "
        "Research, 2017).",
        {"authors": (Name(family="Chase", given="Michael S."),), "et_al": True, "page": None},
    ),
    # An office as author; a report to a legislature; an abbreviated place kept whole
    (
        'President of Russia, "Joint Statement on International Relations," February 4, 2022, '
        "<http://en.kremlin.ru/supplement/5770>.",
        {"type": "webpage", "authors": (Name(literal="President of Russia"),)},
    ),
    (
        "U.S. Department of Defense, *Military and Security Developments Involving the People's "
        "Republic of China 2022: Annual Report to Congress* (Washington, D.C.: Office of the "
        "Secretary of Defense, 2022), 141.",
        {"type": "report", "publisher_place": "Washington, D.C.", "page": "141"},
    ),
    # A translated author's original name in brackets; a newspaper's 第A13版; 民國 month span
    (
        "季辛吉（Henry Kissinger）著，胡利平等譯，《論中國》（臺北：聯經出版公司，2012年），"
        "頁210。",
        {"authors": (Name(literal="季辛吉"),), "publisher": "聯經出版公司", "page": "210"},
    ),
    (
        "王光慈，〈普丁訪華 中俄簽天然氣大單〉，《聯合報》，2014年5月22日，第A13版。",
        {"type": "article-newspaper", "issued": ((2014, 5, 22),), "page": "A13"},
    ),
    (
        "張雅君，〈中俄關係的發展與限制〉，《中國大陸研究》，第45卷第3期（民國91年5、6月），"
        "頁55-78。",
        {"issued": ((2002, 5), (2002, 6)), "volume": "45", "issue": "3", "page": "55-78"},
    ),
    # A semicolon inside the publication brackets (two publishers) does not split the note
    (
        "Bobo Lo, Russia and the New World Disorder (London: Chatham House; Washington, D.C.: "
        "Brookings Institution Press, 2015), 132–135.",
        {"title": "Russia and the New World Disorder", "issued": ((2015,),), "page": "132-135"},
    ),
    # "no. 4 (2013)" is an issue and its year, not a volume
    (
        'Vasily Kashin, "The Sum Total of All Fears," Russia in Global Affairs, no. 4 (2013), '
        "https://eng.globalaffairs.ru/articles/the-sum-total-of-all-fears/.",
        {
            "issue": "4",
            "volume": None,
            "issued": ((2013,),),
            "container_title": "Russia in Global Affairs",
        },
    ),
    # "in Editor ed., *Book*": the editor named before the book
    (
        'Erica S. Downs, "Sino-Russian Energy Relations: An Uncertain Courtship," in James '
        "Bellacqua, ed., *The Future of China-Russia Relations* (Lexington: University Press of "
        "Kentucky, 2010), pp. 146-175.",
        {
            "type": "chapter",
            "editors": (Name(family="Bellacqua", given="James"),),
            "container_title": "The Future of China-Russia Relations",
            "page": "146-175",
        },
    ),
    # 另可參見 (may also see) before a work in another script
    (
        "另可參見 Bruce J. Dickson, *Wealth into Power* (Cambridge: Cambridge University "
        "Press, 2008), 12.",
        {"relation": Relation.SEE_ALSO, "authors": (Name(family="Dickson", given="Bruce J."),)},
    ),
    # 另參見 (see also, in addition) before a work in another script
    (
        "另參見 Bobo Lo, *Axis of Convenience* (Washington, D.C.: Brookings Institution Press, "
        "2008), 45.",
        {"relation": Relation.SEE_ALSO, "authors": (Name(family="Lo", given="Bobo"),)},
    ),
    # GOST: a numeric date after the site's name and a full stop
    (
        "Соглашение о поставках газа по «восточному маршруту» // Газпром. 21.05.2014. URL: "
        "http://www.gazprom.ru/press/news/2014/may/article191451/ (дата обращения: 12.01.2016).",
        {"container_title": "Газпром", "issued": ((2014, 5, 21),), "accessed": ((2016, 1, 12),)},
    ),
    # GB/T 7714 typeset in full width; a body as author; the editor of a [C]// collection
    (
        "郑永年．中国模式：经验与困局［M］．杭州：浙江人民出版社，2010：23-25．",
        {
            "type": "book",
            "authors": (Name(literal="郑永年"),),
            "publisher": "浙江人民出版社",
            "page": "23-25",
        },
    ),
    (
        "中华人民共和国国务院新闻办公室. 中国的和平发展[EB/OL]. (2011-09-06)[2020-05-10]. "
        "http://www.scio.gov.cn/tt/Document/1011394/1011394.htm.",
        {
            "authors": (Name(literal="中华人民共和国国务院新闻办公室"),),
            "title": "中国的和平发展",
            "accessed": ((2020, 5, 10),),
        },
    ),
    (
        "门洪华. 中国国际战略的新思考[C]//王逸舟. 中国国际关系研究(1995—2005). 北京: 北京大学"
        "出版社, 2006: 125-140.",
        {
            "editors": (Name(literal="王逸舟"),),
            "container_title": "中国国际关系研究(1995—2005)",
            "page": "125-140",
        },
    ),
    # Access dates written 最後瀏覽日 and "last visited"
    (
        "司法院，〈大法官釋字第 748 號解釋新聞稿〉，2017 年 5 月 24 日，"
        "https://www.judicial.gov.tw/tw/cp-1888-88431-36c93-1.html"
        "（最後瀏覽日：2020 年 3 月 1 日）。",
        {"issued": ((2017, 5, 24),), "accessed": ((2020, 3, 1),), "publisher": None},
    ),
    (
        'Brian Krebs, "Who Is Behind the Attack?," *Krebs on Security* (Jan. 5, 2021), '
        "https://krebsonsecurity.com/2021/01/who/ (last visited Mar. 3, 2021).",
        {"issued": ((2021, 1, 5),), "accessed": ((2021, 3, 3),)},
    ),
    # Japanese-era years; a newspaper's issue cited by its page, without an article
    (
        "〈臺灣議會設置請願運動〉，《臺灣日日新報》，大正 12 年 2 月 3 日，第 7 版。",
        {"type": "article-newspaper", "issued": ((1923, 2, 3),), "page": "7"},
    ),
    (
        "臺灣總督府警務局編，《臺灣總督府警察沿革誌》，第二編中卷"
        "（臺北：臺灣總督府警務局，昭和 14 年），頁 150。",
        {
            "issued": ((1939,),),
            "publisher": "臺灣總督府警務局",
            "publisher_place": "臺北",
            "page": "150",
        },
    ),
    (
        "《中央日報》，民國 38 年 5 月 20 日，第 1 版。",
        {
            "type": "article-newspaper",
            "title": None,
            "container_title": "中央日報",
            "issued": ((1949, 5, 20),),
            "page": "1",
        },
    ),
    # Court decisions and statutes in Taiwanese notes
    (
        "最高法院 100 年度台上字第 1314 號民事判決。",
        {
            "type": "legal_case",
            "title": "最高法院 100 年度台上字第 1314 號民事判決",
            "authors": (Name(literal="最高法院"),),
            "issued": ((2011,),),
        },
    ),
    (
        "參照司法院大法官釋字第 748 號解釋（2017 年 5 月 24 日），頁 3。",
        {
            "type": "legal_case",
            "relation": Relation.SEE_ALSO,
            "authors": (Name(literal="司法院"),),
            "issued": ((2017, 5, 24),),
            "page": "3",
        },
    ),
    (
        "《民法》第 184 條第 1 項前段。",
        {"type": "legislation", "title": "民法", "language": "zh-Hant"},
    ),
    # APA author-date notes, which mark no title
    (
        "Zubok, V. M. (2007). A failed empire: The Soviet Union in the Cold War from Stalin to "
        "Gorbachev. Chapel Hill: University of North Carolina Press.",
        {
            "type": "book",
            "authors": (Name(family="Zubok", given="V. M."),),
            "title": "A failed empire: The Soviet Union in the Cold War from Stalin to Gorbachev",
            "issued": ((2007,),),
            "publisher": "University of North Carolina Press",
            "publisher_place": "Chapel Hill",
        },
    ),
    (
        "Gabuev, A., & Umarov, T. (2020). Turbulence ahead. Survival, 62(4), 51–70.",
        {
            "type": "article-journal",
            "authors": (Name(family="Gabuev", given="A."), Name(family="Umarov", given="T.")),
            "container_title": "Survival",
            "volume": "62",
            "issue": "4",
            "page": "51-70",
        },
    ),
    (
        "Myers, S. L., & Barry, E. (2014, March 18). Putin reclaims Crimea for Russia and "
        "bitterly denounces the West. The New York Times. "
        "https://www.nytimes.com/2014/03/19/world/europe/ukraine.html",
        {
            "type": "article-newspaper",
            "title": "Putin reclaims Crimea for Russia and bitterly denounces the West",
            "container_title": "The New York Times",
            "issued": ((2014, 3, 18),),
            "url": "https://www.nytimes.com/2014/03/19/world/europe/ukraine.html",
        },
    ),
    # MLA: Family, Given. Title. Publisher, Year, pages.
    (
        "Hosking, Geoffrey. Russia: People and Empire, 1552–1917. Harvard University Press, "
        "1997, pp. 200–205.",
        {
            "type": "book",
            "authors": (Name(family="Hosking", given="Geoffrey"),),
            "title": "Russia: People and Empire, 1552–1917",
            "publisher": "Harvard University Press",
            "issued": ((1997,),),
            "page": "200-205",
        },
    ),
    # A Western book cited with commas only, as mainland Chinese journals do
    (
        "Elizabeth C. Economy, The River Runs Black: The Environmental Challenge to China's "
        "Future, Ithaca: Cornell University Press, 2004, p. 59.",
        {
            "type": "book",
            "authors": (Name(family="Economy", given="Elizabeth C."),),
            "title": "The River Runs Black: The Environmental Challenge to China's Future",
            "publisher_place": "Ithaca",
            "publisher": "Cornell University Press",
            "issued": ((2004,),),
            "page": "59",
        },
    ),
    # Bodies as authors, however long their names
    (
        'Reporters Without Borders, "2023 World Press Freedom Index," accessed March 14, 2024, '
        "https://rsf.org/en/index.",
        {"authors": (Name(literal="Reporters Without Borders"),), "accessed": ((2024, 3, 14),)},
    ),
    (
        "Legislative Council of the Hong Kong Special Administrative Region, *Report of the "
        "Panel on Information Technology and Broadcasting* (Hong Kong: Legislative Council "
        "Secretariat, 2020), 14–15.",
        {
            "type": "report",
            "authors": (
                Name(literal="Legislative Council of the Hong Kong Special Administrative Region"),
            ),
        },
    ),
    # A speech printed as a book is a book, though its title ends in 报告
    (
        "习近平：《决胜全面建成小康社会——在中国共产党第十九次全国代表大会上的报告》，北京：人民出版社，"
        "2017年，第50页。",
        {"type": "book", "publisher": "人民出版社", "page": "50"},
    ),
    # MLA chapter: container, "edited by", then the publisher named alone
    (
        'Smith, Mark B. "Khrushchev\'s Promise to Eliminate the Urban Housing Shortage." Soviet '
        "State and Society under Nikita Khrushchev, edited by Melanie Ilic and Jeremy Smith, "
        "Routledge, 2009, pp. 26–45.",
        {
            "type": "chapter",
            "container_title": "Soviet State and Society under Nikita Khrushchev",
            "editors": (
                Name(family="Ilic", given="Melanie"),
                Name(family="Smith", given="Jeremy"),
            ),
            "publisher": "Routledge",
            "page": "26-45",
        },
    ),
    # Mainland Chinese: nationality before a translated author, translator after the title
    (
        "[美]约瑟夫·奈：《软实力》，马娟娟译，中信出版社2013年版，第12页。",
        {"authors": (Name(literal="约瑟夫·奈"),), "publisher": "中信出版社", "page": "12"},
    ),
    (
        "（美）约瑟夫·奈：《软实力》，中信出版社2013年版，第12页。",
        {"authors": (Name(literal="约瑟夫·奈"),)},
    ),
    (
        "〔英〕巴里·布赞、〔丹麦〕奥利·维夫：《地区安全复合体与国际安全结构》，潘忠岐等译，"
        "上海人民出版社2010年版，第30页。",
        {
            "authors": (Name(literal="巴里·布赞"), Name(literal="奥利·维夫")),
            "title": "地区安全复合体与国际安全结构",
            "page": "30",
        },
    ),
    # A chapter in an edited Chinese volume: 载/收錄於 + editor 主编
    (
        "张蕴岭：《中国周边环境的新变化》，载张蕴岭主编：《中国与周边国家：构建新型伙伴关系》，"
        "社会科学文献出版社2008年版，第3—25页。",
        {
            "type": "chapter",
            "title": "中国周边环境的新变化",
            "container_title": "中国与周边国家：构建新型伙伴关系",
            "editors": (Name(literal="张蕴岭"),),
            "page": "3-25",
        },
    ),
    (
        "林正義，〈美國的亞太再平衡戰略〉，收錄於林碧炤主編，《國際關係新論》（台北：五南，2016年），"
        "頁201-230。",
        {
            "type": "chapter",
            "authors": (Name(literal="林正義"),),
            "container_title": "國際關係新論",
            "editors": (Name(literal="林碧炤"),),
            "publisher": "五南",
            "page": "201-230",
        },
    ),
    # A ministry's website is a web page, not a newspaper
    (
        "王毅：《中国周边外交的四个“坚持”》，外交部网站，2015年3月8日，"
        "http://www.fmprc.gov.cn/web/wjbzhd/t1243662.shtml，访问日期：2016年5月10日。",
        {"type": "webpage", "container_title": "外交部网站", "accessed": ((2016, 5, 10),)},
    ),
    # 登录时间 introduces an access date too
    (
        "国务院新闻办公室：《中国的和平发展》白皮书，2011年9月6日，"
        "http://www.gov.cn/jrzg/2011-09/06/content_1941204.htm，登录时间：2015年3月20日。",
        {"accessed": ((2015, 3, 20),), "issued": ((2011, 9, 6),)},
    ),
    # Taiwanese author-date notes: 作者（年）， or 作者，年，
    (
        "吳玉山（2015），〈權力轉移理論：悲劇預言？〉，《問題與研究》，54(2)：1-32。",
        {
            "type": "article-journal",
            "authors": (Name(literal="吳玉山"),),
            "issued": ((2015,),),
            "container_title": "問題與研究",
            "volume": "54",
            "issue": "2",
            "page": "1-32",
        },
    ),
    (
        "張登及（2003），《建構中國：不確定世界中的大國定位與大國外交》，台北：揚智文化。",
        {
            "type": "book",
            "authors": (Name(literal="張登及"),),
            "issued": ((2003,),),
            "publisher": "揚智文化",
            "publisher_place": "台北",
        },
    ),
    (
        "蔡東杰，2014，《中國外交史》，台北：五南，頁88。",
        {
            "authors": (Name(literal="蔡東杰"),),
            "issued": ((2014,),),
            "publisher": "五南",
            "publisher_place": "台北",
            "page": "88",
        },
    ),
    (
        "趙春山（2012）。〈兩岸關係與美中關係〉。《遠景基金會季刊》，13(4)，1-40。",
        {
            "type": "article-journal",
            "authors": (Name(literal="趙春山"),),
            "title": "兩岸關係與美中關係",
            "container_title": "遠景基金會季刊",
            "volume": "13",
            "issue": "4",
            "page": "1-40",
        },
    ),
    # Theses: the school after the degree label
    (
        "李明：《冷战后中俄战略协作研究》，博士学位论文，中共中央党校，2010年，第34页。",
        {"type": "thesis", "publisher": "中共中央党校", "issued": ((2010,),), "page": "34"},
    ),
    (
        'John Smith, "Title of Thesis" (PhD diss., Harvard University, 2010), 12.',
        {"type": "thesis", "publisher": "Harvard University", "page": "12"},
    ),
    # A number inside the note is not its pinpoint page; only the closing one is
    (
        "Thomas Risse, “Governance Configurations,” SFB-Governance Working Paper Series, "
        "No. 32, Research Center (SFB) 700, Berlin, March 2012.",
        {"page": None, "issue": "32", "issued": ((2012, 3),)},
    ),
    # GOST: a newspaper's day and month after the year; guillemets kept as written
    (
        "Черненко Е. Китай подставил плечо // Коммерсантъ. 2014. 21 мая. С. 1.",
        {"type": "article-newspaper", "issued": ((2014, 5, 21),), "page": "1"},
    ),
    (
        "Лузянин С. Г. Восточная политика Владимира Путина. Возвращение России на «Большой "
        "Восток» (2004–2008 гг.). М.: Восток — Запад, 2007. 447 с.",
        {
            "title": "Восточная политика Владимира Путина. Возвращение России на «Большой "
            "Восток» (2004–2008 гг.)",
            "issued": ((2007,),),
            "page": None,
        },
    ),
    # GOST: a publisher abbreviated with full stops; a book closed by its page count
    (
        "Засурский Я. Н. Искушение свободой: российская журналистика 1990–2004. М.: Изд-во "
        "Моск. ун-та, 2004. 400 с.",
        {
            "type": "book",
            "title": "Искушение свободой: российская журналистика 1990–2004",
            "publisher": "Изд-во Моск. ун-та",
            "issued": ((2004,),),
            "page": None,
        },
    ),
    (
        "Oates S. Revolution Stalled: The Political Limits of the Internet. Oxford: Oxford "
        "University Press, 2013. 256 p.",
        {
            "type": "book",
            "authors": (Name(family="Oates", given="S."),),
            "title": "Revolution Stalled: The Political Limits of the Internet",
            "publisher": "Oxford University Press",
            "publisher_place": "Oxford",
        },
    ),
    # GOST books: the pinpoint page after the imprint; an editor after a slash
    (
        "Лукин А. В. Россия и Китай: четыре века взаимодействия. М.: Весь мир, 2013. С. 45.",
        {"title": "Россия и Китай: четыре века взаимодействия", "page": "45"},
    ),
    (
        "Бажанов Е. П. Китай: от Срединной империи до сверхдержавы XXI века. М.: Известия, 2007. "
        "С. 150–152.",
        {"publisher": "Известия", "page": "150-152"},
    ),
    (
        "Ларин А. Г. Китайские мигранты в России: история и современность / под ред. "
        "В. Г. Гельбраса. М.: Восточная книга, 2009. С. 112.",
        {"title": "Китайские мигранты в России: история и современность", "page": "112"},
    ),
    # Foreign works cited in GOST form inside a Russian paper
    (
        "Lo B. Russia and the New World Disorder. Washington, D.C.: Brookings Institution "
        "Press, 2015. P. 137.",
        {
            "type": "book",
            "authors": (Name(family="Lo", given="B."),),
            "title": "Russia and the New World Disorder",
            "publisher": "Brookings Institution Press",
            "issued": ((2015,),),
            "page": "137",
        },
    ),
    (
        "Wishnick E. Russia and China: Brothers Again? // Asian Survey. 2001. Vol. 41, No. 5. "
        "P. 797–821.",
        {
            "type": "article-journal",
            "title": "Russia and China: Brothers Again?",
            "container_title": "Asian Survey",
            "volume": "41",
            "issue": "5",
            "page": "797-821",
        },
    ),
    # A relation word before a GOST note
    (
        "Цит. по: Лузянин С. Г. Россия и Китай в Евразии. М.: Форум, 2009. С. 112.",
        {
            "relation": Relation.CITED_IN,
            "authors": (Name(family="Лузянин", given="С. Г."),),
            "publisher": "Форум",
            "page": "112",
        },
    ),
    # A chapter in an edited GOST volume; a title-first collective work
    (
        "Лукин А. В. Российско-китайские отношения // Внешняя политика России: 1991–2016 / "
        "под ред. А. В. Торкунова. М.: МГИМО-Университет, 2017. С. 300–325.",
        {
            "type": "chapter",
            "title": "Российско-китайские отношения",
            "container_title": "Внешняя политика России: 1991–2016",
            "publisher": "МГИМО-Университет",
            "publisher_place": "Москва",
            "issued": ((2017,),),
            "page": "300-325",
        },
    ),
    (
        "Российско-китайский диалог: модель 2018 / гл. ред. И. С. Иванов. М.: НП РСМД, 2018. "
        "С. 14.",
        {
            "type": "book",
            "title": "Российско-китайский диалог: модель 2018",
            "publisher": "НП РСМД",
            "issued": ((2018,),),
            "page": "14",
        },
    ),
    # Russian dates: an abbreviated month; a numeric date after the site's name
    (
        "Путин В. В. Россия и меняющийся мир // Московские новости. 2012. 27 февр.",
        {"container_title": "Московские новости", "issued": ((2012, 2, 27),)},
    ),
    (
        "«Газпром» и CNPC подписали контракт на поставку газа в Китай // РИА Новости, 21.05.2014. "
        "URL: https://ria.ru/20140521/1008708781.html",
        {"container_title": "РИА Новости", "issued": ((2014, 5, 21),)},
    ),
    # A web page marked [Электронный ресурс] on an institution's site
    (
        "Габуев А. Поворот в никуда: итоги азиатской политики России // Московский центр "
        "Карнеги. 2016. 29 июня. URL: https://carnegie.ru/2016/06/29/ru-63892 "
        "(дата обращения: 01.07.2016).",
        {"type": "webpage", "accessed": ((2016, 7, 1),)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_common_style_fields(text: str, expected: dict[str, Any]) -> None:
    assert_fields(text, expected)


def test_two_gost_works_after_see() -> None:
    citations = parse_citations(
        "См.: Trenin D. Should We Fear Russia? Cambridge: Polity, 2016. P. 88; Lukin A. China "
        "and Russia: The New Rapprochement. Cambridge: Polity, 2018. P. 45."
    )
    assert [c.title for c in citations] == [
        "Should We Fear Russia?",
        "China and Russia: The New Rapprochement",
    ]
    assert [c.page for c in citations] == ["88", "45"]
    assert citations[0].relation is Relation.SEE_ALSO


def test_see_also_written_you_jian() -> None:
    """又见 (see also), like 另见 and 参见, opens a second work with its relation."""
    citations = parse_citations(
        "杨洁勉：《新时期中国外交的战略思考》，《国际问题研究》2012年第1期，第1—12页；"
        "又见庞中英：《中国的亚洲战略》，《世界经济与政治》2001年第10期。"
    )
    assert [c.relation for c in citations] == [Relation.SOURCE, Relation.SEE_ALSO]
    assert citations[1].authors == (Name(literal="庞中英"),)


def test_a_second_work_after_an_english_note_and_chinese_prose() -> None:
    """ "…, pp. 72-107. 关于…的综述，参见孙德刚：《书名》…": a Chinese sentence after an English
    citation introduces a second work, with its relation."""
    citations = parse_citations(
        "Randall L. Schweller, “Bandwagoning for Profit,” *International Security*, Vol. 19, "
        "No. 1, 1994, pp. 72-107. 关于联盟理论的综述，参见孙德刚：《准联盟外交探析》，北京：时事"
        "出版社 2012 年版，第 23—40 页。"
    )
    assert [c.page for c in citations] == ["72-107", "23-40"]
    second = citations[1]
    assert (second.relation, second.authors) == (Relation.SEE_ALSO, (Name(literal="孙德刚"),))
    assert second.publisher == "时事出版社"


def test_chicago_pages_of_two_works_in_one_note() -> None:
    citations = parse_citations(
        "Kenneth N. Waltz, *Theory of International Politics* (Reading, MA: Addison-Wesley, "
        "1979), 118; Stephen M. Walt, *The Origins of Alliances* (Ithaca, NY: Cornell "
        "University Press, 1987), 17–21."
    )
    assert [c.page for c in citations] == ["118", "17-21"]


def test_back_references_that_name_the_work_find_it() -> None:
    """前引 + author + title, GOST "Указ. соч." after an author, and a GOST short title cite
    that author's work, not the note just before."""
    document = parse_text(
        "正文。<sup>1</sup>正文。<sup>2</sup>正文。<sup>3</sup>正文。<sup>4</sup>正文。<sup>5</sup>\n\n"
        "---\n\n"
        "<sup>1</sup> 王缉思：《“再平衡”与中美关系》，《国际问题研究》2013年第4期，第15—20页。\n\n"
        "<sup>2</sup> Лукин А. В. Россия и Китай: четыре века взаимодействия. М.: Весь мир, "
        "2013. С. 45.\n\n"
        "<sup>3</sup> 张蕴岭：《中国周边环境的新变化》，社会科学文献出版社2008年版，第3页。\n\n"
        "<sup>4</sup> 前引王缉思：《“再平衡”与中美关系》，第17页。\n\n"
        "<sup>5</sup> Лукин А. В. Указ. соч. С. 60.\n\n"
        "<sup>6</sup> Лукин А. В. Россия и Китай... С. 78.\n\n"
        "<sup>7</sup> 王缉思：前引文，第 18 页。\n\n"
        "<sup>8</sup> Цит. по: Лукин А. В. Указ. соч. С. 61.\n"
    )
    notes = [n.citations for n in document.footnotes]
    first, lukin, _, wang, lukin_again, lukin_short, wang_again, cited_in = notes
    assert (cited_in[0].work_id, cited_in[0].relation) == (lukin[0].work_id, Relation.CITED_IN)
    assert wang_again[0].work_id == first[0].work_id
    assert wang_again[0].page == "18"
    assert lukin_short[0].kind is CitationKind.SHORT
    assert lukin_short[0].work_id == lukin[0].work_id
    assert (lukin_short[0].page, lukin_short[0].publisher) == ("78", "Весь мир")
    assert wang[0].work_id == first[0].work_id
    assert wang[0].page == "17"
    assert lukin_again[0].work_id == lukin[0].work_id
    assert lukin_again[0].page == "60"
    assert lukin_again[0].kind is CitationKind.SHORT  # op. cit. names a work, not the note before


def test_one_title_in_two_containers_is_two_works() -> None:
    """A chapter and a ministry's web page that share a title are different works."""
    document = parse_text(
        "Текст.<sup>1</sup> Текст.<sup>2</sup>\n\n---\n\n"
        "<sup>1</sup> Лукин А. В. Российско-китайские отношения // Внешняя политика России: "
        "1991–2016 / под ред. А. В. Торкунова. М.: МГИМО-Университет, 2017. С. 300–325.\n\n"
        "<sup>2</sup> Российско-китайские отношения [Электронный ресурс] // Министерство "
        "иностранных дел Российской Федерации. URL: https://www.mid.ru/ru/maps/cn/ "
        "(дата обращения: 12.06.2023).\n"
    )
    chapter, page = (note.citations[0] for note in document.footnotes)
    assert chapter.title == page.title == "Российско-китайские отношения"
    assert chapter.work_id != page.work_id
    assert page.url == "https://www.mid.ru/ru/maps/cn/"


def test_circled_back_references_find_the_note_printed_with_that_mark() -> None:
    """同① means the note printed ① on the same page, even where pages number afresh."""
    document = parse_text(
        "第一页。①又一句。②\n\n"
        "① 阎学通：《道义现实主义的国际关系理论》，《国际问题研究》2014 年第 5 期，第 102 页。\n"
        "② 秦亚青：《关系与过程》，上海人民出版社 2012 年版，第 65 页。\n\n"
        "第二页。①又一句。②再一句。③\n\n"
        "① 王缉思：《“西进”》，《环球时报》2012 年 10 月 17 日，第 14 版。\n"
        "② 同①，第 15 版。\n"
        "③ 同注②。\n"
    )
    _, _, wang, same_page, cited_note = (n.citations[0] for n in document.footnotes)
    assert same_page.work_id == wang.work_id
    assert same_page.page == "15"
    assert cited_note.work_id == wang.work_id  # ② on the second page, which cites ①


def test_a_reference_to_a_note_without_a_work_claims_none() -> None:
    """同註 1 where note 1 is a court decision we do not read: no other work is inherited."""
    document = parse_text(
        "正文。<sup>1</sup>正文。<sup>2</sup>正文。<sup>3</sup>\n\n---\n\n"
        "<sup>1</sup> 最高法院 100 年度台上字第 1314 號民事判決。\n\n"
        "<sup>2</sup> 林宗達，《國際關係理論概要》（台北：晶典文化，2011 年），頁 15。\n\n"
        "<sup>3</sup> 同註 1，頁 5。\n"
    )
    book = document.footnotes[1].citations[0]
    assert all(c.work_id != book.work_id for c in document.footnotes[2].citations)


def test_author_date_short_forms_find_their_works() -> None:
    """ "Kotkin (1995), p. 60" and "Yurchak, Everything Was Forever, p. 77" after the full
    notes; the prose before "see" does not hide the first of three APA works."""
    document = parse_text(
        "Notes\n\n"
        "1. Kotkin, S. (1995). Magnetic mountain: Stalinism as a civilization. Berkeley: "
        "University of California Press.\n"
        "2. Yurchak, Alexei. Everything Was Forever, Until It Was No More. Princeton University "
        "Press, 2006.\n"
        "3. Kotkin (1995), p. 60.\n"
        "4. Yurchak, Everything Was Forever, p. 77.\n"
        "5. On Soviet radio, see Lovell, S. (2015). Russia in the microphone age. Oxford "
        "University Press; Roth-Ey, K. (2011). Moscow prime time. Cornell University Press.\n"
    )
    kotkin, yurchak, kotkin_short, yurchak_short, radio = (n.citations for n in document.footnotes)
    assert (kotkin_short[0].work_id, kotkin_short[0].page) == (kotkin[0].work_id, "60")
    assert (yurchak_short[0].work_id, yurchak_short[0].page) == (yurchak[0].work_id, "77")
    assert kotkin_short[0].kind is CitationKind.SHORT
    assert [c.title for c in radio] == ["Russia in the microphone age", "Moscow prime time"]
    assert radio[0].relation is Relation.SEE_ALSO


def test_a_short_form_in_a_second_pandoc_paragraph_after_long_prose() -> None:
    document = parse_text(
        "Text.[^1]\n\n"
        "[^1]: Anne-Marie Brady, *Marketing Dictatorship: Propaganda and Thought Work in "
        "Contemporary China* (Lanham, MD: Rowman & Littlefield, 2008), 90.\n\n"
        "    On the role of the Central Government's Liaison Office in Hong Kong, see also "
        "Brady, *Marketing Dictatorship*, 120.\n"
    )
    full, short = document.footnotes[0].citations
    assert (short.kind, short.relation, short.page) == (
        CitationKind.SHORT,
        Relation.SEE_ALSO,
        "120",
    )
    assert short.work_id == full.work_id
