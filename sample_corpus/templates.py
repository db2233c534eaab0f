"""The five site templates: each renders an article page with its site's markup and boilerplate.

The markup lives in page_templates/<template>.html; the functions here decide what goes into it.
A template returns the page's HTML together with every boilerplate text it placed around the
article, so the generator can say which actors only the boilerplate names.
"""

import datetime as dt
import json
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from string import Template

from sample_corpus import arabic_dates
from sample_corpus.stories import ArticlePage

PAGE_TEMPLATES_DIR = Path(__file__).parent / "page_templates"

SHARED_CSS = """
body{margin:0;font-family:Tahoma,Arial,sans-serif;background:#f4f4f4;color:#222}
.container{max-width:1140px;margin:0 auto;padding:0 15px}
header,.site-header{background:#fff;border-bottom:3px solid #c00}
nav ul,.menu{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap}
nav li,.menu li{padding:12px 14px;font-weight:bold}
nav a{color:#111;text-decoration:none}
.ticker{background:#111;color:#fff;padding:6px 0;overflow:hidden;white-space:nowrap}
.ticker span{margin:0 30px}
main,.content-area{display:flex;gap:30px;margin-top:20px}
article{flex:3;background:#fff;padding:20px;line-height:1.9}
aside,.sidebar{flex:1;background:#fff;padding:15px}
.share-bar a{display:inline-block;margin:4px;padding:6px 10px;background:#eee;border-radius:3px}
.tags a,.tagcloud a{display:inline-block;margin:3px;padding:3px 8px;border:1px solid #ccc;font-size:12px}
footer,.site-footer{background:#222;color:#bbb;margin-top:30px;padding:25px 0;font-size:13px}
.ad-slot{background:#fafafa;border:1px dashed #ccc;text-align:center;padding:20px;color:#999}
.cookie-banner{position:fixed;bottom:0;left:0;right:0;background:#333;color:#fff;padding:12px}
@media (max-width:768px){main,.content-area{flex-direction:column}}
"""

ARABIC_AUTHORS = ("سامر الحسن", "ليلى العمر", "محمود الخطيب", "رنا الشامي", "فراس العلي")

ARABIC_TAGS = {
    "syria": "سوريا",
    "russia": "روسيا",
    "turkey": "تركيا",
    "iran": "إيران",
    "united-states": "الولايات المتحدة",
    "jordan": "الأردن",
    "qatar": "قطر",
    "israel": "إسرائيل",
    "saudi-arabia": "السعودية",
    "united-nations": "الأمم المتحدة",
    "jaish-al-islam": "جيش الإسلام",
    "southern-front": "الجبهة الجنوبية",
    "free-syrian-army": "الجيش الحر",
    "hayat-tahrir-al-sham": "هيئة تحرير الشام",
    "islamic-state": "داعش",
    "hezbollah": "حزب الله",
    "sdf": "قسد",
    "recep-tayyip-erdogan": "أردوغان",
    "vladimir-putin": "بوتين",
    "donald-trump": "ترامب",
    "staffan-de-mistura": "دي ميستورا",
}

COOKIE_NOTICE = "We use cookies to improve your experience and to show you relevant advertising."
NEWSLETTER_PITCH = "Get our Middle East briefing in your inbox every morning."


@dataclass(frozen=True)
class PageContext:
    """What a template needs beyond the page itself; headlines are the site's earlier pages, newest first."""

    crawl_date: dt.date
    url: str
    earlier_headlines: tuple[str, ...]


@dataclass(frozen=True)
class RenderedPage:
    html: str
    boilerplate: tuple[str, ...]


def page_seed(page: ArticlePage) -> int:
    """A stable per-page number that picks times, ids and boilerplate rotations."""
    return zlib.crc32(page.name.encode("utf-8"))


def canonical_url(page: ArticlePage) -> str:
    seed, domain, day = page_seed(page), page.site.domain, page.published
    return {
        "wordpress_aggregator": f"https://{domain}/{day:%Y/%m/%d}/{page.slug}/",
        "jsonld_news": f"https://{domain}/article/{40000 + seed % 9000}/{page.slug}",
        "arabic_date_only": f"https://{domain}/news/{70000 + seed % 9000}-{page.slug}",
        "english_wire": f"https://www.{domain}/article/{page.slug}-id{seed:08X}",
        "english_jsonld": f"https://{domain}/middle-east/{page.slug}",
    }[page.site.template]


def published_at(page: ArticlePage, utc_offset: str) -> str:
    seed = page_seed(page)
    return f"{page.published.isoformat()}T{7 + seed % 12:02d}:{seed // 12 % 60:02d}:00{utc_offset}"


def modified_at(page: ArticlePage, utc_offset: str, days_later: int) -> str:
    later = page.published + dt.timedelta(days=days_later)
    seed = page_seed(page)
    return f"{later.isoformat()}T{8 + seed % 11:02d}:{seed // 7 % 60:02d}:00{utc_offset}"


def rotate(items: Sequence[str], page: ArticlePage, count: int) -> list[str]:
    """A page-specific but stable selection, so boilerplate differs between pages of a site."""
    if not items:
        return []
    start = page_seed(page) % len(items)
    return [items[(start + i) % len(items)] for i in range(min(count, len(items)))]


def recent_headlines(ctx: PageContext, page: ArticlePage, fallback: Sequence[str], count: int) -> list[str]:
    """The site's latest earlier headlines; its first pages borrow from a static pool instead."""
    recent = list(ctx.earlier_headlines[:count])
    return recent + rotate([h for h in fallback if h not in recent], page, count - len(recent))


@cache
def _page_template(name: str) -> Template:
    return Template((PAGE_TEMPLATES_DIR / f"{name}.html").read_text(encoding="utf-8"))


def _fill(template_name: str, page: ArticlePage, ctx: PageContext, **values: str) -> str:
    """The template filled with what every page shows (title, site, canonical URL) and values."""
    return _page_template(template_name).substitute(
        css=SHARED_CSS,
        title=escape(page.title),
        site_name=escape(page.site.name),
        domain=page.site.domain,
        url=ctx.url,
        **values,
    )


def _links(texts: Sequence[str], href_prefix: str = "#") -> str:
    return "".join(f'<li><a href="{href_prefix}{i}">{escape(text)}</a></li>' for i, text in enumerate(texts))


def _body(page: ArticlePage, lead_in_paragraph: bool, inserts: Sequence[str] = ()) -> str:
    """Article paragraphs; the lead-in is its own paragraph or prefixes the first one.

    Inserts (ads, inline "read also" links) go inside the article container after the second
    and fourth paragraphs, where CMS plugins put them.
    """
    paragraphs = list(page.paragraphs)
    if page.lead_in and lead_in_paragraph:
        paragraphs.insert(0, page.lead_in)
    elif page.lead_in:
        paragraphs[0] = f"{page.lead_in} {paragraphs[0]}"
    if page.source_line:
        paragraphs.append(page.source_line)
    blocks = [f"<p>{escape(text)}</p>" for text in paragraphs]
    for position, insert in reversed(list(zip((2, 4), inserts, strict=False))):
        blocks.insert(min(position, len(blocks)), insert)
    return "\n".join(blocks)


def _analytics_script(site_id: str) -> str:
    return (
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
        f"gtag('js',new Date());gtag('config','{site_id}');"
        "(function(){var s=document.createElement('script');s.async=true;"
        "s.src='/assets/js/ads.min.js?v=3.2.1';document.head.appendChild(s);})();</script>"
    )


def render_wordpress_aggregator(page: ArticlePage, ctx: PageContext) -> RenderedPage:
    """Template 1: WordPress-style Arabic aggregator republishing other outlets' reports."""
    site = page.site
    nav = site.boilerplate["nav"]
    most_read = rotate(site.boilerplate["most_read"], page, 5)
    related = list(page.related) or recent_headlines(ctx, page, site.boilerplate["most_read"], 4)
    tags = [ARABIC_TAGS[actor] for actor in page.actors if actor in ARABIC_TAGS][:5] or ["أخبار"]
    copyright_line = f"جميع الحقوق محفوظة © 2017 {site.name}"
    ad = '<div class="ad-slot stream-item-in-post">إعلان<ins class="adsbygoogle"></ins></div>'
    read_also = (
        f'<p class="read-also-inline"><strong>اقرأ أيضا:</strong> <a href="#r0">{escape(related[0])}</a></p>'
    )
    html = _fill(
        "wordpress_aggregator",
        page,
        ctx,
        published=published_at(page, "+03:00"),
        modified=modified_at(page, "+03:00", 3 + page_seed(page) % 20),
        shown_date=arabic_dates.weekday_egyptian(page.published),
        post_id=str(page_seed(page) % 90000),
        nav=_links(nav, f"https://{site.domain}/category/"),
        body=_body(page, lead_in_paragraph=True, inserts=(ad, read_also)),
        tags=" ".join(
            f'<a href="https://{site.domain}/tag/{i}/" rel="tag">{escape(tag)}</a>'
            for i, tag in enumerate(tags)
        ),
        related="".join(
            f'<div class="related-item"><h4><a href="#r{i}">{escape(text)}</a></h4></div>'
            for i, text in enumerate(related)
        ),
        most_read=_links(most_read),
        footer=escape(site.boilerplate["footer"]),
        copyright=escape(copyright_line),
        script=_analytics_script("UA-90001-1"),
    )
    boilerplate = (
        *nav,
        *tags,
        "مقالات ذات صلة",
        *related,
        *most_read,
        site.boilerplate["footer"],
        copyright_line,
    )
    return RenderedPage(html=html, boilerplate=boilerplate)


def render_jsonld_news(page: ArticlePage, ctx: PageContext) -> RenderedPage:
    """Template 2: Arabic news site with JSON-LD NewsArticle, OpenGraph and a breaking ticker."""
    site = page.site
    author = ARABIC_AUTHORS[page_seed(page) % len(ARABIC_AUTHORS)]
    nav = site.boilerplate["nav"]
    ticker = rotate(site.boilerplate["ticker"], page, 4)
    related = recent_headlines(ctx, page, site.boilerplate["most_read"], 4)
    most_read = rotate(site.boilerplate["most_read"], page, 4)
    json_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": ctx.url},
        "headline": page.title,
        "datePublished": published_at(page, "+03:00"),
        "dateModified": modified_at(page, "+03:00", 1 + page_seed(page) % 3),
        "author": {"@type": "Person", "name": author},
        "publisher": {
            "@type": "Organization",
            "name": site.name,
            "logo": {"@type": "ImageObject", "url": f"https://{site.domain}/static/logo.png"},
        },
        "inLanguage": "ar",
    }
    html = _fill(
        "jsonld_news",
        page,
        ctx,
        description=escape(page.paragraphs[0][:150]),
        json_ld=json.dumps(json_ld, ensure_ascii=False),
        nav=_links(nav, f"https://{site.domain}/section/"),
        ticker="".join(f"<span>{escape(text)}</span>" for text in ticker),
        author=escape(author),
        image_id=str(page_seed(page) % 99999),
        body=_body(
            page,
            lead_in_paragraph=False,
            inserts=('<div class="ad-slot" data-slot="inarticle">المحتوى الإعلاني</div>',),
        ),
        related=_links(related, f"https://{site.domain}/article/"),
        most_read=_links(most_read),
        footer=escape(site.boilerplate["footer"]),
        script=_analytics_script("UA-77120-3"),
    )
    boilerplate = (
        *nav,
        "عاجل",
        *ticker,
        author,
        "أخبار متعلقة",
        *related,
        "الأكثر قراءة",
        *most_read,
        site.boilerplate["footer"],
    )
    return RenderedPage(html=html, boilerplate=boilerplate)


def render_arabic_date_only(page: ArticlePage, ctx: PageContext) -> RenderedPage:
    """Template 3: Arabic site whose only date is printed text; the header shows today's date."""
    site = page.site
    style = page.date_style or "levantine"
    today_style = arabic_dates.egyptian_indic if style == "egyptian_indic" else arabic_dates.levantine_weekday
    today = f"اليوم: {today_style(ctx.crawl_date)}"
    nav = site.boilerplate["nav"]
    read_also = recent_headlines(ctx, page, site.boilerplate["latest"], 3)
    latest = rotate(site.boilerplate["latest"], page, 5)
    charset = {"utf-8": "utf-8", "cp1256-declared": "windows-1256"}.get(page.encoding)
    html = _fill(
        "arabic_date_only",
        page,
        ctx,
        charset_meta=f'<meta charset="{charset}">\n' if charset else "",
        today=escape(today),
        nav=_links(nav, f"https://{site.domain}/cat/"),
        shown_date=arabic_dates.DATE_STYLES[style](page.published),
        body=_body(page, lead_in_paragraph=False),
        read_also=_links(read_also, f"https://{site.domain}/news/"),
        latest=_links(latest),
        footer=escape(site.boilerplate["footer"]),
        script=_analytics_script("UA-64410-1"),
    )
    boilerplate = (today, *nav, "اقرأ أيضا", *read_also, "آخر الأخبار", *latest, site.boilerplate["footer"])
    return RenderedPage(html=html, boilerplate=boilerplate)


def render_english_wire(page: ArticlePage, ctx: PageContext) -> RenderedPage:
    """Template 4: English wire-service site with a dateline lead-in and a <time> element."""
    site = page.site
    published = published_at(page, "Z")
    shown = dt.datetime.fromisoformat(published.replace("Z", "+00:00"))
    nav = site.boilerplate["nav"]
    more_from = recent_headlines(ctx, page, site.boilerplate["related_coverage"], 4)
    related = rotate(site.boilerplate["related_coverage"], page, 3)
    byline = f"By {page.byline}" if page.byline else f"{site.name} staff"
    html = _fill(
        "english_wire",
        page,
        ctx,
        description=escape(page.paragraphs[0][:160]),
        nav=_links(nav, f"https://www.{site.domain}/news/"),
        byline=escape(byline),
        published=published,
        shown_date=f"{shown:%B} {shown.day}, {shown:%Y} / {shown:%I:%M %p} UTC",
        body=_body(page, lead_in_paragraph=False),
        related=_links(related),
        more_from=_links(more_from, f"https://www.{site.domain}/article/"),
        footer=escape(site.boilerplate["footer"]),
        script=_analytics_script("UA-55012-9"),
    )
    boilerplate = (
        *nav,
        byline,
        "Related coverage",
        *related,
        f"More from {site.name}",
        *more_from,
        site.boilerplate["footer"],
    )
    return RenderedPage(html=html, boilerplate=boilerplate)


def render_english_jsonld(page: ArticlePage, ctx: PageContext) -> RenderedPage:
    """Template 5: English news site with JSON-LD, cookie banner, newsletter and comments."""
    site = page.site
    author = page.byline or f"{site.name} staff"
    nav = site.boilerplate["nav"]
    read_more = recent_headlines(ctx, page, site.boilerplate["most_read"], 2)
    most_read = rotate(site.boilerplate["most_read"], page, 4)
    comment_count = 3
    start = page_seed(page) % len(site.boilerplate["comments"])
    comments = [
        site.boilerplate["comments"][(start + i) % len(site.boilerplate["comments"])]
        for i in range(comment_count)
    ]
    published = published_at(page, "+00:00")
    json_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "url": ctx.url,
        "datePublished": published,
        "dateModified": modified_at(page, "+00:00", 1 + page_seed(page) % 4),
        "author": [{"@type": "Person", "name": author}],
        "publisher": {"@type": "Organization", "name": site.name},
        "articleSection": "Middle East",
    }
    read_more_box = (
        f'<aside class="inline-read-more"><strong>Read more</strong><ul>{_links(read_more)}</ul></aside>'
    )
    html = _fill(
        "english_jsonld",
        page,
        ctx,
        published=published,
        json_ld=json.dumps(json_ld),
        cookie=COOKIE_NOTICE,
        nav=_links(nav, f"https://{site.domain}/"),
        author=escape(author),
        author_id=str(page_seed(page) % 500),
        shown_date=f"{page.published:%B} {page.published.day}, {page.published:%Y}",
        body=_body(page, lead_in_paragraph=False, inserts=(read_more_box,)),
        newsletter=NEWSLETTER_PITCH,
        comment_count=str(comment_count),
        comments="".join(
            f'<li class="comment"><span class="comment-author">{escape(c["author"])}</span>'
            f"<p>{escape(c['text'])}</p></li>"
            for c in comments
        ),
        most_read=_links(most_read),
        footer=escape(site.boilerplate["footer"]),
        script=_analytics_script("UA-31337-2"),
    )
    boilerplate = (
        COOKIE_NOTICE,
        *nav,
        author,
        "Read more",
        *read_more,
        NEWSLETTER_PITCH,
        *(part for comment in comments for part in (comment["author"], comment["text"])),
        "Most read",
        *most_read,
        site.boilerplate["footer"],
    )
    return RenderedPage(html=html, boilerplate=boilerplate)


TEMPLATES: dict[str, Callable[[ArticlePage, PageContext], RenderedPage]] = {
    "wordpress_aggregator": render_wordpress_aggregator,
    "jsonld_news": render_jsonld_news,
    "arabic_date_only": render_arabic_date_only,
    "english_wire": render_english_wire,
    "english_jsonld": render_english_jsonld,
}
