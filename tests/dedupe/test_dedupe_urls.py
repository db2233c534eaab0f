from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.dedupe import normalise_url


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        (
            "HTTP://WWW.Example.com:80/News/Story/?utm_source=x&b=2&a=1#top",
            "https://example.com/News/Story?a=1&b=2",
        ),
        ("https://amp.example.com/news/story/amp/", "https://example.com/news/story"),
        ("https://example.com/news/story.amp.html", "https://example.com/news/story.html"),
        ("https://example.com/news/story?amp", "https://example.com/news/story"),
        ("https://m.example.com/news/story?amp=1&fbclid=IwAR0", "https://example.com/news/story"),
        (
            "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/story",
            "https://example.com/news/story",
        ),
        ("https://edition.cnn.com/2017/07/04/x?outputType=amp", "https://edition.cnn.com/2017/07/04/x"),
        ("//example.com/a/?gclid=1&id=7", "https://example.com/a?id=7"),
    ],
)
def test_variants_of_one_page_fold_to_one_key(variant: str, expected: str) -> None:
    assert normalise_url(variant) == expected


def test_raw_and_percent_encoded_arabic_paths_are_one_page() -> None:
    raw = normalise_url("https://www.enabbaladi.net/archives/الشرع-وفيدان")
    encoded = normalise_url(
        "https://enabbaladi.net/archives/%D8%A7%D9%84%D8%B4%D8%B1%D8%B9-%D9%88%D9%81%D9%8A%D8%AF%D8%A7%D9%86"
    )
    assert raw == encoded
    assert raw is not None and raw.startswith("https://enabbaladi.net/archives/%D8%A7")


def test_meaningful_differences_are_kept() -> None:
    assert normalise_url("https://example.com/story?id=1") != normalise_url("https://example.com/story?id=2")
    assert normalise_url("https://example.com/News") != normalise_url("https://example.com/news")
    assert normalise_url("https://example.com/a") != normalise_url("https://example.org/a")


@pytest.mark.parametrize(
    "not_a_page",
    [None, "", "   ", "/relative/path", "mailto:desk@example.com", "javascript:void(0)", "http://[::1"],
)
def test_non_http_addresses_have_no_key(not_a_page: str | None) -> None:
    assert normalise_url(not_a_page) is None


def test_home_page_keeps_host_only() -> None:
    assert normalise_url("https://www.example.com/") == "https://example.com"


segments = st.lists(
    st.text(alphabet="abcxyz019-_الشرعسوريا", min_size=1, max_size=8).filter(lambda s: s != "amp"),
    min_size=1,
    max_size=4,
)
meaningful_parameters = st.dictionaries(
    st.sampled_from(["id", "page", "p", "lang"]), st.text(alphabet="abc123", max_size=4), max_size=3
)


@given(
    scheme=st.sampled_from(["http", "https", "HTTPS"]),
    host_prefix=st.sampled_from(["", "www.", "amp.", "m.", "WWW."]),
    domain=st.sampled_from(["example.com", "baladi-news.com", "bbc.co.uk"]),
    path=segments,
    amp_suffix=st.sampled_from(["", "/amp", "/amp/", "/"]),
    parameters=meaningful_parameters,
    tracking=st.sampled_from(["", "utm_source=fb&utm_medium=social", "fbclid=x1", "amp=1"]),
    fragment=st.sampled_from(["", "#comments", "#"]),
)
def test_every_variant_folds_to_the_clean_address_and_folding_is_idempotent(
    scheme: str,
    host_prefix: str,
    domain: str,
    path: list[str],
    amp_suffix: str,
    parameters: dict[str, str],
    tracking: str,
    fragment: str,
) -> None:
    query = "&".join([*(f"{key}={value}" for key, value in parameters.items()), tracking]).strip("&")
    variant = f"{scheme}://{host_prefix}{domain}/{'/'.join(path)}{amp_suffix}"
    variant += (f"?{query}" if query else "") + fragment
    clean = f"https://{domain}/{'/'.join(path)}" + (
        "?" + urlencode(sorted(parameters.items())) if parameters else ""
    )
    assert normalise_url(variant) == normalise_url(clean)
    assert normalise_url(normalise_url(variant)) == normalise_url(variant)
