"""Which copy stands for a cluster: the original publisher when a copy names it, else the earliest."""

import polars as pl

from etl.dedupe.text import normalise_bodies

# Second-level labels under a country code that are not the publisher's name (bbc.co.uk).
_GENERIC_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "edu", "ac"})
_VARIANT_HOST_LABELS = frozenset({"www", "amp", "m", "mobile"})


def publisher_slugs(names: pl.Series) -> pl.Series:
    """Fold publisher names so "Baladi News", "baladi-news" and "BALADI NEWS" compare equal."""
    slugs = normalise_bodies(names).str.replace_all(" ", "", literal=True)
    return slugs.replace("", None)


def _registrable_label(domain: str | None) -> str | None:
    if not domain:
        return None
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    labels = [label for label in labels if label not in _VARIANT_HOST_LABELS]
    if len(labels) >= 3 and labels[-2] in _GENERIC_SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else None)


def domain_slugs(domains: pl.Series) -> pl.Series:
    """The publisher part of each domain (baladi-news.com → baladinews), folded like a name."""
    labels = pl.Series([_registrable_label(domain) for domain in domains], dtype=pl.Utf8)
    return publisher_slugs(labels)


def choose_representatives(members: pl.DataFrame) -> pl.DataFrame:
    """Mark one representative per component.

    members: row (Int64), component (Int64), article_id, published_at, original_publisher,
    site_name, domain. Returns row, is_representative. Among copies whose site or domain is
    named by some copy's attribution, or among all copies when none is, the earliest
    publication wins; unknown dates sort last and the article_id breaks ties.
    """
    keyed = members.with_columns(
        publisher_slugs(members["original_publisher"]).alias("attributed_slug"),
        publisher_slugs(members["site_name"]).alias("site_slug"),
        domain_slugs(members["domain"]).alias("domain_slug"),
    )
    attributed = keyed.select("component", pl.col("attributed_slug").alias("slug")).drop_nulls().unique()
    named_sources = (
        pl.concat(
            [
                keyed.select("row", "component", pl.col("site_slug").alias("slug")),
                keyed.select("row", "component", pl.col("domain_slug").alias("slug")),
            ]
        )
        .drop_nulls()
        .join(attributed, on=["component", "slug"], how="semi")
        .select("row")
        .unique()
        .with_columns(pl.lit(True).alias("is_named_source"))
    )
    ranked = (
        keyed.join(named_sources, on="row", how="left")
        .with_columns(pl.col("is_named_source").fill_null(False))
        .sort(
            ["component", "is_named_source", "published_at", "article_id"],
            descending=[False, True, False, False],
            nulls_last=True,
        )
    )
    first_rows = ranked.group_by("component", maintain_order=True).agg(pl.col("row").first())
    return members.select("row", pl.col("row").is_in(first_rows["row"].implode()).alias("is_representative"))
