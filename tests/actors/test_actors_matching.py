import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.actors import EXTRACTOR_VERSION, MATCHER_INPUT_SCHEMA, MENTION_SCHEMA, find_mentions
from etl.actors.normalise import normalise_alias

SEED = Path("/work/shared/seed/000_c5dbd98b06193d0a.txt")
RELATED_MARKER = "مقالات ذات صلة"


def _articles(bodies, published=dt.date(2017, 7, 4), titles=None, language="ar"):
    return pl.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(bodies))],
            "title": titles or [None] * len(bodies),
            "body": bodies,
            "published_at": [
                None if published is None else dt.datetime.combine(published, dt.time(9), dt.UTC)
            ]
            * len(bodies),
            "language": [language] * len(bodies),
        },
        schema=MATCHER_INPUT_SCHEMA,
    )


def _found(dictionary, body, **kwargs):
    mentions = find_mentions(_articles([body], **kwargs), dictionary)
    return [(row["actor_id"], row["surface"]) for row in mentions.iter_rows(named=True)]


def test_clitics_and_the_lam_lam_contraction(dictionary):
    body = (
        "التقى بشار الأسد وفدا، وقال معارضون إن العالم تعامل للأسد وبالأسد كأمر واقع، فبوتين وكإيران يدعمانه."
    )
    assert _found(dictionary, body) == [
        ("bashar-al-assad", "بشار الأسد"),
        ("bashar-al-assad", "لأسد"),
        ("bashar-al-assad", "الأسد"),
        ("vladimir-putin", "بوتين"),
        ("iran", "إيران"),
    ]


def test_right_boundary_rejects_derived_words(dictionary):
    body = "قالت الصحافة الإيرانية إن النائب حسن الأسدي والوفد الروسي والقوات التركية في حلب."
    assert _found(dictionary, body) == []


def test_weak_aliases_need_a_licence(dictionary):
    assert _found(dictionary, "زأر الأسد في حديقة الحيوان، وقال القاضي إن الشرع واضح.") == []
    assert _found(dictionary, "وقال الرئيس الأسد إن الحرب انتهت.") == [("bashar-al-assad", "الأسد")]
    assert _found(dictionary, "Bashar, a taxi driver, said Bashar was tired.") == []
    assert _found(dictionary, "President Bashar spoke.") == [("bashar-al-assad", "Bashar")]


def test_country_licence_for_alasad_only(dictionary):
    body = "اتفقت روسيا وأمريكا على هدنة في سوريا، وقال مسؤول إن مستقبل الأسد سيبحث لاحقا."
    assert _found(dictionary, body)[-1] == ("bashar-al-assad", "الأسد")
    zoo = "في حديقة حيوانات دمشق نفق الأسد، ولم تعلق الحكومة السورية."
    assert _found(dictionary, zoo) == [("syrian-government", "الحكومة السورية")]
    law = "قالت سوريا إن المحكمة ستطبق الشرع."
    assert _found(dictionary, law) == [("syria", "سوريا")]


def test_title_licenses_a_weak_alias_in_the_body(dictionary):
    articles = _articles(["وقال الأسد إن الحرب انتهت."], titles=["بشار الأسد يلقي خطابا"])
    mentions = find_mentions(articles, dictionary)
    assert mentions.select("field", "surface").rows() == [("body", "الأسد"), ("title", "بشار الأسد")]


def test_shared_weak_alias_follows_the_prior_mention(dictionary):
    body = "قال سعد الحريري إن الحكومة ستتشكل، وأضاف الحريري أن الحوار مستمر."
    assert _found(dictionary, body) == [("saad-hariri", "سعد الحريري"), ("saad-hariri", "الحريري")]


def test_role_phrase_resolves_by_publication_date(dictionary):
    body = "وقال وزير الخارجية التركي إن بلاده لن تتراجع."
    assert _found(dictionary, body, published=dt.date(2016, 5, 1)) == [
        ("mevlut-cavusoglu", "وزير الخارجية التركي")
    ]
    assert _found(dictionary, body, published=dt.date(2024, 5, 1)) == [
        ("hakan-fidan", "وزير الخارجية التركي")
    ]
    assert _found(dictionary, body, published=None) == []


def test_role_phrase_next_to_the_name_is_one_mention(dictionary):
    body = "وأعلن رئيس الوفد الروسي إلى أستانا، ألكسندر لافرينتييف، أن الاتفاق قريب."
    assert _found(dictionary, body) == [("alexander-lavrentiev", "ألكسندر لافرينتييف")]
    english = "Staffan de Mistura, the UN envoy for Syria, arrived."
    assert _found(dictionary, english) == [("staffan-de-mistura", "Staffan de Mistura")]
    bare_role = "The UN envoy for Syria said talks would resume."
    assert _found(dictionary, bare_role) == [("staffan-de-mistura", "UN envoy for Syria")]
    not_a_role = "وصل مبعوث الأمم المتحدة إلى سوريا ستيفان دي ميستورا."
    assert _found(dictionary, not_a_role) == [
        ("united-nations", "الأمم المتحدة"),
        ("syria", "سوريا"),
        ("staffan-de-mistura", "ستيفان دي ميستورا"),
    ]


def test_former_holder_is_not_resolved_to_the_current_one(dictionary):
    assert _found(dictionary, "قال الرئيس التركي السابق إن الوضع صعب.", published=dt.date(2020, 1, 1)) == []
    assert _found(dictionary, "The former Turkish president said so.", published=dt.date(2020, 1, 1)) == []


def test_english_possessive_hyphen_case_and_acronyms(dictionary):
    body = (
        "Assad's allies said President al Assad met US envoys; let us hope, said a turkey "
        "farmer about the trump card."
    )
    assert _found(dictionary, body) == [
        ("bashar-al-assad", "Assad"),
        ("bashar-al-assad", "al Assad"),
        ("united-states", "US"),
    ]


def test_an_alias_inside_a_longer_name_is_not_a_mention(dictionary):
    people = (
        "Shortstop Jordan Munoz met Michael Jordan; Lara Trump, Bushra Assad and Kerry Washington were there."
    )
    assert _found(dictionary, people, language="en") == []
    bodies = (
        "Haier US Appliance Solutions moved to U.S. Bank Stadium, near the Georgia World Congress "
        "Center, and sells across North America.\nHOME | ABOUT US | CONTACT US"
    )
    assert _found(dictionary, bodies, language="en") == []
    places = "Farmers in the Jordan Valley and Israel Katz, the defence minister, spoke."
    assert _found(dictionary, places, language="en") == []
    # German capitalises every noun: there a capital before a surname says nothing.
    german = "Eine Alternative zur Kanzlerin Merkel sehe ich nicht, sagte Frau Merkel."
    assert _found(dictionary, german, language="de") == [("angela-merkel", "Merkel")] * 2


def test_the_same_alias_standing_alone_still_counts(dictionary):
    body = (
        "Jordan said on Sunday it would close the border. Refugees fled to Jordan. The "
        "Israel-Jordan treaty holds, unlike Israel's other borders. Visiting Jordan Tuesday, "
        "President Trump and Secretary Kerry met Congress leaders in the US."
    )
    assert [actor for actor, _ in _found(dictionary, body, language="en")] == [
        "jordan",
        "jordan",
        "israel",
        "jordan",
        "israel",
        "jordan",
        "donald-trump",
        "john-kerry",
        "us-congress",
        "united-states",
    ]
    # Own given names spelled another way: Serguei/Sergey, Muhammad/Mohammad.
    variants = "Serguei Lavrov met Muhammad Zarif. US RTX 3080 retailers are listed below."
    assert _found(dictionary, variants, language="en") == [
        ("sergey-lavrov", "Lavrov"),
        ("mohammad-javad-zarif", "Zarif"),
        ("united-states", "US"),
    ]


def test_title_case_headline_keeps_its_capitalised_names(dictionary):
    title = "Netanyahu Warns Jordan Valley Annexation Is Near As Jordan Protests Loudly Again"
    assert _found(dictionary, title, language="en") == [
        ("benjamin-netanyahu", "Netanyahu"),
        ("jordan", "Jordan"),
    ]
    # A headline capitalises adjectives too, so an alias between capitals still counts there.
    assert _found(dictionary, "Russia Hits Back At Sweeping New US Sanctions Package", language=None) == [
        ("russia", "Russia"),
        ("united-states", "US"),
    ]


def test_longest_match_wins(dictionary):
    body = "The Syrian Democratic Forces and the Free Syrian Army fought near Syria's border."
    assert _found(dictionary, body) == [
        ("sdf", "Syrian Democratic Forces"),
        ("free-syrian-army", "Free Syrian Army"),
        ("syria", "Syria"),
    ]


def test_output_schema_sort_and_provenance(dictionary):
    articles = _articles(["قالت تركيا إن روسيا شريك. وقال بوتين كلاما آخر.", "لا شيء هنا."])
    mentions = find_mentions(articles, dictionary)
    assert mentions.schema == MENTION_SCHEMA
    assert mentions["actor_id"].to_list() == ["turkey", "russia", "vladimir-putin"]
    assert mentions["snippet"].to_list() == [
        "قالت تركيا إن روسيا شريك.",
        "قالت تركيا إن روسيا شريك.",
        "وقال بوتين كلاما آخر.",
    ]
    assert set(mentions["extractor_version"]) == {EXTRACTOR_VERSION}
    assert set(mentions["dictionary_version"]) == {dictionary.version}


def test_no_mentions_gives_an_empty_frame_with_the_schema(dictionary):
    mentions = find_mentions(_articles(["لا أحد هنا"]), dictionary)
    assert mentions.height == 0
    assert mentions.schema == MENTION_SCHEMA
    assert find_mentions(_articles([]), dictionary).schema == MENTION_SCHEMA


_FRAGMENTS = st.sampled_from(
    [
        "بشار الأسد",
        "الأسد",
        "للأسد",
        "وبالأسد",
        "فبوتين",
        "وكإيران",
        "الإيرانية",
        "الأسدي",
        "رئيس الوفد الروسي",
        "ألكسندر لافرينتييف",
        "المبعوث الأممي إلى سوريا",
        "الرئيس",
        "Assad's",
        "US",
        "us",
        "al-Assad",
        "Turkish president",
        "Erdoğan",
        "ّ",
        "ُ",
        "ـ",
        "\u200f",
        "\ufefb",
        "\ufe97\ufeae\ufedb\ufef4\ufe8e",
        "،",
        ".",
        " ",
        "\n",
        "و",
        "قال",
        "سوريّا",
        "Syria",
        "x",
        "Jordan",
        "Michael",
        "U.S. Bank",
        "CONTACT",
        "Says",
        "'s",
        "-",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_FRAGMENTS, max_size=25).map("".join), min_size=1, max_size=3))
def test_every_mention_slices_the_stored_text_to_its_surface(dictionary, bodies):
    articles = _articles(bodies, titles=bodies[::-1], language=None)
    mentions = find_mentions(articles, dictionary)
    texts = {(f"a{i}", "body"): body for i, body in enumerate(bodies)}
    texts.update({(f"a{i}", "title"): title for i, title in enumerate(bodies[::-1])})
    for row in mentions.iter_rows(named=True):
        text = texts[(row["article_id"], row["field"])]
        assert text[row["start"] : row["end"]] == row["surface"]
        assert row["surface"] in row["snippet"]
        assert normalise_alias(row["alias"])[-2:] in normalise_alias(row["surface"])


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seed (evaluation data, not in repo)")
def test_seed_article_body_actors(dictionary):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    title = lines[2]
    body = "\n".join(lines[3:]).split(RELATED_MARKER)[0]
    articles = _articles([body], titles=[title], published=dt.date(2017, 7, 4))
    mentions = find_mentions(articles, dictionary)
    found = set(mentions["actor_id"])
    assert {
        "staffan-de-mistura",
        "alexander-lavrentiev",
        "mohammed-alloush",
        "jaish-al-islam",
        "southern-front",
        "syrian-government",
        "iran",
        "syria",
        "united-nations",
    } <= found
    assert not found & {"ahmed-al-sharaa", "hakan-fidan", "recep-tayyip-erdogan", "sdf", "qatar", "turkey"}
    lavrentiev = mentions.filter(pl.col("actor_id") == "alexander-lavrentiev")
    assert lavrentiev["strength"].to_list() == ["strong", "role", "role"]
    assert lavrentiev["surface"].to_list() == ["ألكسندر لافرينتييف", "رئيس الوفد الروسي", "رئيس الوفد الروسي"]
    assert "أستانا" not in set(mentions["surface"])
