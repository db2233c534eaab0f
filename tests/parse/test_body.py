"""Main text only: every kind of boilerplate named in the issue stays out, article structure
stays in, paragraphs keep their order and are separated by a blank line."""

from __future__ import annotations

import pytest

from .support import ARTICLE_PARAGRAPHS, article_page, parsed

BOILERPLATE_BLOCKS = {
    "navigation": '<nav><a href="/">Home</a> <a href="/w">World news from Iran</a></nav>',
    "header": '<header class="masthead"><p>Header slogan about Qatar and the Gulf</p></header>',
    "footer": "<footer><p>Footer text: all rights reserved by Turkey Media Group</p></footer>",
    "breadcrumbs": '<div class="breadcrumb"><a href="/">Home</a> › Politics › Russia story</div>',
    "share bar": '<div class="social-share"><a href="#">Share on Facebook about Israel</a></div>',
    "breaking-news ticker": '<div class="breaking-ticker">Breaking: Hezbollah statement</div>',
    "related, Arabic": '<div><h3>مقالات ذات صلة</h3><ul><li><a href="/a">الأردن يفتح معبر نصيب</a>'
    '</li><li><a href="/b">روسيا تعلن هدنة جديدة</a></li></ul></div>',
    "read also, Arabic": '<div><h4>اقرأ أيضا</h4><a href="/a">قطر تستضيف مؤتمر المانحين</a></div>',
    "related news, Arabic": '<div><h4>أخبار متعلقة</h4><a href="/a">إيران ترسل وفدا إلى دمشق</a>'
    '<a href="/b">تركيا تنشر قوات إضافية</a></div>',
    "Related": '<section><h2>Related</h2><ul><li><a href="/r">Saudi Arabia reopens embassy</a>'
    "</li></ul></section>",
    "Read more": '<div><h3>Read more</h3><ul><li><a href="/r">Jordan closes its border</a></li></ul></div>',
    "More from": '<div><h3>More from Middle East</h3><a href="/m">Kazakhstan hosts talks</a></div>',
    "tag list": '<div class="tags">Tags: <a href="/t/syria">Syria</a> <a href="/t/un">UN</a></div>',
    "sidebar": '<div class="sidebar"><p>Sidebar note about the United States embassy.</p></div>',
    "most read": '<div class="most-read"><h3>Most read</h3><ol><li><a href="/x">Putin speaks'
    "</a></li></ol></div>",
    "comments": '<div id="comments" class="comments-area"><p>Reader comment: I think Erdogan is'
    " right about this whole matter and so on.</p></div>",
    "newsletter": '<div class="newsletter"><p>Subscribe to our newsletter for daily Lavrov'
    " updates delivered to your inbox every single morning.</p></div>",
    "ad and its script": '<div class="ad-container"><script>showAd("Trump")</script>'
    "<span>Advertisement for Tillerson tours</span></div>",
    "cookie banner": '<div class="cookie-consent"><p>We use cookies to improve your experience'
    " on this website, as Rouhani would.</p></div>",
}
LEAKED_WORDS = {
    "navigation": "Iran",
    "header": "Qatar",
    "footer": "Turkey Media",
    "breadcrumbs": "Russia",
    "share bar": "Israel",
    "breaking-news ticker": "Hezbollah",
    "related, Arabic": "الأردن",
    "read also, Arabic": "قطر",
    "related news, Arabic": "إيران",
    "Related": "Saudi",
    "Read more": "Jordan",
    "More from": "Kazakhstan",
    "tag list": "Tags",
    "sidebar": "United",
    "most read": "Putin",
    "comments": "Erdogan",
    "newsletter": "Lavrov",
    "ad and its script": "Tillerson",
    "cookie banner": "Rouhani",
}


@pytest.mark.parametrize("kind", sorted(BOILERPLATE_BLOCKS))
def test_boilerplate_inside_the_article_is_excluded(kind: str) -> None:
    article = parsed(article_page(BOILERPLATE_BLOCKS[kind]))

    assert LEAKED_WORDS[kind] not in article.body
    assert article.body == "\n\n".join(ARTICLE_PARAGRAPHS)


def test_headings_lists_and_block_quotes_inside_the_article_stay() -> None:
    inner = (
        "<h2>What the delegations agreed</h2><ul><li>A ceasefire in the south</li>"
        "<li>Prisoner exchanges</li></ul><blockquote>We hope this is a first step,"
        " the envoy said.</blockquote>"
    )

    body = parsed(article_page(inner)).body.split("\n\n")

    assert body == [
        ARTICLE_PARAGRAPHS[0],
        ARTICLE_PARAGRAPHS[1],
        "What the delegations agreed",
        "A ceasefire in the south",
        "Prisoner exchanges",
        "We hope this is a first step, the envoy said.",
        ARTICLE_PARAGRAPHS[2],
    ]


def test_headline_is_not_repeated_in_the_body() -> None:
    article = parsed(article_page("", title="Envoy meets delegations in Astana"))

    assert article.title == "Envoy meets delegations in Astana"
    assert "Envoy meets delegations" not in article.body


def test_aggregator_page_like_the_seed_keeps_only_the_article(parse_seed_like) -> None:
    article = parse_seed_like

    assert article.body.startswith("انطلقت أعمال الجولة الخامسة من اجتماعات أستانا")
    assert article.body.endswith("على المذكرة الروسية الخاصة بإنشاء مناطق لتخفيف التوتر في سوريا.")
    assert "مناطق خفض التصعيد" in article.body
    assert "نأمل أن تكون المذكرة خطوة" in article.body
    for leaked in (
        "مقالات ذات صلة",
        "الشرع وفيدان",
        "الوسوم",
        "الأكثر قراءة",
        "حزب الله",
        "جميع الحقوق",
        "ملفات تعريف الارتباط",
        "عاجل",
        "النشرة البريدية",
        "التعليقات",
        "إعلان مدفوع",
        "الرئيسية",
        "شارك الخبر",
    ):
        assert leaked not in article.body, leaked


def test_lead_in_attribution_line_is_not_body_text(parse_seed_like) -> None:
    assert "(متابعات)" not in parse_seed_like.body
    assert parse_seed_like.original_publisher == "بلدي نيوز"


def test_text_in_divs_split_by_line_breaks_becomes_paragraphs(parse_fixture) -> None:
    article = parse_fixture("arabic_visible_date.html")

    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("دعا الأمين العام للأمم المتحدة")
    assert "الخميس" not in article.body


@pytest.fixture
def parse_seed_like(parse_fixture):
    return parse_fixture("aggregator_wordpress.html")


@pytest.mark.parametrize(
    "line",
    [
        "War der Artikel nützlich?",
        "Möchten Sie den Artikel teilen?",
        "Zum Rezept Drucken Pinnen",
        "Rezept drucken Bei Pinterest speichern",
        "Weiterführende Informationen",
        "Was passiert mit meinen Daten?",
        "Aktualisiert: 11.04.2020, 10:27",
        "Stand: 05. Februar 2020",
        "- Anzeige-",
        "(Noch keine Bewertungen)",
        "%d Bloggern gefällt das:",
        "This entry was posted in Allgemein. Bookmark the permalink.",
        "Like it? Share it!",
        "Valora esta noticia",
        "drukuj",
        "کد خبر: ۸۴۵۶۷۱۲",
        "برچسب‌ها: ایران، اقتصاد، تورم",
        "شیئر کریں",
    ],
)
def test_interface_lines_of_each_language_stay_out(line: str) -> None:
    article = parsed(article_page(f"<p>{line}</p>"))

    assert article.body == "\n\n".join(ARTICLE_PARAGRAPHS)


def test_a_sentence_that_starts_like_an_interface_line_stays() -> None:
    sentence = "Stand der Technik ist seit 2019 eine Wärmepumpe mit einer Leistung von 8 kW."

    assert sentence in parsed(article_page(f"<p>{sentence}</p>")).body


@pytest.mark.parametrize(
    "heading",
    [
        "Das könnte Sie auch interessieren!",
        "Mehr zu Klima und Konsum",
        "Verwandte Themenbereiche",
        "Veja também:",
    ],
)
def test_related_headings_with_their_teasers_stay_out(heading: str) -> None:
    inner = (
        f'<div><h3>{heading}</h3><ul><li><a href="/a">Kohleausstieg: Was die Einigung bedeutet</a></li>'
        '<li><a href="/b">Neue Regeln für Heizungen ab Januar</a></li></ul></div>'
    )

    body = parsed(article_page(inner)).body

    assert "Kohleausstieg" not in body
    assert body == "\n\n".join(ARTICLE_PARAGRAPHS)


EVENT_LISTING = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Top IT Conferences</title></head>
<body><main><h1>Top IT Conferences in the United States 2026</h1>
<p>List of upcoming events and tech conferences of special interest to MSPs across the country.</p>
<ul class="events">
<li><h2><a href="https://one.example/">Cybersecurity Conference</a></h2><p>Las Vegas, United States</p>
<p>Hear from our esteemed speakers while gaining up to 10 CPE credits and meet your peers.</p></li>
<li><h2><a href="https://two.example/">Channel Partners Expo</a></h2><p>Las Vegas, United States</p>
<p>The largest gathering of channel professionals, with three days of sessions and an expo hall.</p></li>
<li><h2><a href="https://three.example/">Security Summit</a></h2><p>Atlanta, United States</p>
<p>A one-day summit for security leaders of midsize companies, with boardrooms and keynotes.</p></li>
</ul></main></body></html>"""


def test_a_short_line_that_recurs_through_a_listing_is_kept_each_time() -> None:
    body = parsed(EVENT_LISTING).body.split("\n\n")

    assert body.count("Las Vegas, United States") == 2
    assert body.count("Atlanta, United States") == 1


def test_repeated_list_items_and_repeated_paragraphs_are_read_once() -> None:
    """Facet chips repeat per item of a listing; a responsive layout repeats whole paragraphs."""
    inner = (
        "<ul><li>Windows</li><li>Linux</li></ul><p>A note-taking app that works offline.</p>"
        "<ul><li>Windows</li><li>Linux</li></ul>"
        f"<p>{ARTICLE_PARAGRAPHS[0]}</p>"
    )

    body = parsed(article_page(inner)).body.split("\n\n")

    assert body.count("Windows") == 1
    assert body.count(ARTICLE_PARAGRAPHS[0]) == 1
