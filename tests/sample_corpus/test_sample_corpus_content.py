"""What the pages say: the seed rendition, syndication, dates and the expected actor sets."""

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from sample_corpus.actor_forms import find_actors, fold_arabic, load_actor_forms
from sample_corpus.stories import DATA_DIR, load_pages
from tests.sample_corpus.corpus_files import REPO_ROOT, loaded_pages, page_html

SEED_NAME = "000_c5dbd98b06193d0a.txt"


def _only(pages: list[dict], **conditions: str) -> dict:
    [page] = [p for p in pages if all(p[key] == value for key, value in conditions.items())]
    return page


def _body_texts(page: dict) -> list[str]:
    """Paragraph texts of the article container, by template."""
    container = {
        "wordpress_aggregator": "entry-content",
        "jsonld_news": "article-body",
        "arabic_date_only": "article-text",
        "english_wire": "story-body",
        "english_jsonld": "article-body",
    }[page["template"]]
    tree = lxml_html.fromstring(page_html(page))
    paragraphs = tree.xpath(f'//div[contains(concat(" ", @class, " "), " {container} ")]/p[not(@class)]')
    return [p.text_content() for p in paragraphs]


def test_seed_rendition_carries_the_seed_text_verbatim(shared_dir: Path) -> None:
    seed_lines = [
        line.strip()
        for line in (shared_dir / "seed" / SEED_NAME).read_text(encoding="utf-8").splitlines()
        if line.strip() and line.strip() != "//"
    ]
    page = _only(loaded_pages(), story_id="astana5-opens", template="wordpress_aggregator")
    document = html.unescape(page_html(page))
    assert f"<title>{seed_lines[0]}</title>" in document
    assert page["title"] == seed_lines[1]
    assert page["published"] == "2017-07-04" and page["original_publisher"] == "بلدي نيوز"
    related_at = seed_lines.index("مقالات ذات صلة")
    assert _body_texts(page) == seed_lines[2:related_at]
    for line in seed_lines[related_at:]:
        assert line in document


def test_seed_rendition_has_related_block_tags_sidebar_and_footer_naming_other_actors() -> None:
    page = _only(loaded_pages(), story_id="astana5-opens", template="wordpress_aggregator")
    document = page_html(page)
    for marker in ('id="related-posts"', 'class="tagcloud"', 'class="sidebar"', 'id="footer"'):
        assert marker in document
    assert {"recep-tayyip-erdogan", "hakan-fidan", "ahmed-al-sharaa", "turkey", "qatar"} <= set(
        page["boilerplate_actors"]
    )


def test_exactly_one_story_is_syndicated_on_two_templates() -> None:
    syndicated = [page for page in loaded_pages() if page["syndicated_group"]]
    assert len(syndicated) == 2
    assert len({page["syndicated_group"] for page in syndicated}) == 1
    original, copy = sorted(syndicated, key=lambda page: page["original_publisher"] is not None)
    assert original["template"] != copy["template"]
    assert copy["original_publisher"] == original["site_name"]
    original_body, copy_body = _body_texts(original), _body_texts(copy)
    assert copy_body[0] == f"{original['site_name']} - (متابعات)"
    assert copy_body[1:] == original_body[:-1]
    assert original["body_actors"] != copy["body_actors"]


def test_lead_ins_match_original_publisher() -> None:
    for page in loaded_pages():
        first = _body_texts(page)[0]
        if page["template"] == "wordpress_aggregator":
            assert first == f"{page['original_publisher']} - (متابعات)"
        if page["template"] == "arabic_date_only" and page["original_publisher"]:
            assert first.startswith(f"({page['original_publisher']}) ")
        if page["template"] == "english_wire":
            assert re.match(r"^[A-Z]+ \(Reuters\) - ", first) and page["original_publisher"] == "Reuters"


def test_meta_dates_publication_before_modification() -> None:
    for page in loaded_pages():
        document = page_html(page)
        if page["template"] == "wordpress_aggregator":
            published = re.search(r'article:published_time" content="([^"]+)"', document).group(1)
            modified = re.search(r'article:modified_time" content="([^"]+)"', document).group(1)
            assert published[:10] == page["published"] and modified > published
        if page["template"] in ("jsonld_news", "english_jsonld"):
            ld_text = re.search(r'<script type="application/ld\+json">(.*?)</script>', document).group(1)
            ld = json.loads(ld_text)
            assert ld["@type"] == "NewsArticle" and ld["datePublished"][:10] == page["published"]
            assert ld["dateModified"] > ld["datePublished"]
        if page["template"] == "english_wire":
            assert f'<time datetime="{page["published"]}T' in document


def test_date_only_site_prints_publication_date_in_arabic_and_today_as_crawl_day() -> None:
    date_only = [page for page in loaded_pages() if page["template"] == "arabic_date_only"]
    shown = set()
    for page in date_only:
        tree = lxml_html.fromstring(page_html(page))
        article_date = tree.xpath('//div[@class="article-date"]')[0].text_content()
        today = tree.xpath('//span[@class="today-date"]')[0].text_content()
        assert not re.search(r"\d{4}-\d{2}-\d{2}", page_html(page))
        assert "datetime" not in page_html(page)
        published = dt.date.fromisoformat(page["published"])
        crawled = dt.date.fromisoformat(page["crawl_date"])
        if re.search("[٠-٩]", article_date):
            shown.add("egyptian_indic")
            assert article_date.startswith(
                str(published.day).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
            )
        else:
            shown.add("levantine")
            assert re.search(rf"(^|\s){published.day} ", article_date)
            assert re.search(rf"\s{crawled.day} ", today)
        assert today.startswith("اليوم:")
    assert shown == {"egyptian_indic", "levantine"}
    assert any("تموز/يوليو" in page_html(page) for page in date_only)


def test_expected_actor_ids_are_core_actors() -> None:
    table = (REPO_ROOT / "docs" / "core_actors.md").read_text(encoding="utf-8")
    core_ids = set(re.findall(r"^\| ([a-z0-9-]+) \|", table, re.MULTILINE)) - {"actor_id"}
    assert load_actor_forms().actor_ids == core_ids
    for page in loaded_pages():
        assert set(page["body_actors"]) <= core_ids
        assert set(page["boilerplate_actors"]) <= core_ids


def test_body_actors_are_exactly_what_the_story_text_names() -> None:
    by_path_key = {(p.site.key, p.slug): p for p in load_pages()}
    for page in loaded_pages():
        site_key, slug = Path(page["path"]).name.split(".")[0].split("-", 1)
        story = by_path_key[(site_key, slug)]
        text = "\n".join([story.title, *filter(None, [story.lead_in]), *story.paragraphs])
        assert page["body_actors"] == sorted(find_actors(text, story.not_actor_phrases))


def test_each_body_actor_has_a_name_form_in_the_story_text() -> None:
    forms = load_actor_forms().actor_by_form
    for story in load_pages():
        text = fold_arabic("\n".join([story.title, *story.paragraphs])).lower()
        for actor in story.actors:
            actor_forms = [form for form, owner in forms.items() if owner == actor]
            assert any(form.lower() in text for form in actor_forms), (story.name, actor)


def test_boilerplate_actors_are_named_on_the_page_and_not_in_the_body() -> None:
    for page in loaded_pages():
        assert page["boilerplate_actors"], page["path"]
        assert not set(page["boilerplate_actors"]) & set(page["body_actors"])
        visible = "\n".join(lxml_html.fromstring(page_html(page)).itertext())
        assert set(page["boilerplate_actors"]) <= find_actors(visible), page["path"]


def test_clitic_forms_and_traps_appear_in_the_text() -> None:
    stories = {story.name: story for story in load_pages()}
    all_text = "\n".join(p for story in stories.values() for p in story.paragraphs)
    for clitic_form in ("وأردوغان", "بالأسد", "لإيران", "للأمم المتحدة"):
        assert re.search(rf"(^|\s){clitic_form}", all_text), clitic_form
    lion = stories["furat-aleppo-zoo-animals-evacuated"]
    assert "الأسد العجوز" in "\n".join(lion.paragraphs) and "bashar-al-assad" not in lion.actors
    law = stories["shamtoday-idlib-courts-sharia-rulings"]
    assert "وفق الشرع" in "\n".join(law.paragraphs) and "ahmed-al-sharaa" not in law.actors


@pytest.mark.parametrize(
    "role", ["رئيس الوفد الروسي", "المبعوث الأممي إلى سوريا", "Turkish foreign minister"]
)
def test_role_phrases_are_used(role: str) -> None:
    assert any(role.lower() in "\n".join(story.paragraphs).lower() for story in load_pages())


NON_CORE_NAMES = (
    "لبنان", "العراق", "مصر", "الإمارات", "البحرين", "الكرملين", "البيت الأبيض", "البنتاغون",
    "مجلس الأمن", "التحالف الدولي", "الاتحاد الأوروبي", "الناتو", "أحرار الشام", "فيلق الرحمن",
    "الحرس الثوري", "الائتلاف الوطني", "نتنياهو", "نصر الله", "الخميني", "واشنطن", "موسكو",
    "طهران", "الرياض", "الدوحة", "Lebanon", "Iraq", "Egypt", "Kremlin", "Pentagon", "White House",
    "Security Council", "NATO", "CIA", "European Union", "Ahrar al-Sham", "Revolutionary Guard",
    "Netanyahu", "Nasrallah", "Khomeini", "Washington", "Moscow", "Tehran", "Riyadh", "Doha",
)  # fmt: skip


def test_written_text_names_no_actor_outside_the_core_list() -> None:
    """Other states, bodies, people and capital metonyms would make the expected counts wrong."""
    written = [text for story in load_pages() for text in (story.title, *story.paragraphs)]
    sites = (DATA_DIR / "sites.yaml").read_text(encoding="utf-8")
    for name in NON_CORE_NAMES:
        pattern = re.compile(rf"(?<!\w)[وبلف]?{re.escape(name)}(?!\w)")
        assert not [text for text in written if pattern.search(text)], name
        assert not pattern.search(sites), name


def test_written_stories_have_three_to_seven_paragraphs() -> None:
    for story in load_pages():
        is_seed = story.story_id == "astana5-opens" and story.site.key == "aggregator"
        assert is_seed or 3 <= len(story.paragraphs) <= 7, story.name
