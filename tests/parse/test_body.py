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
