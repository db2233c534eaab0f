"""Actors layer: the actor dictionary (versioned by content) and the mentions found in articles,
with the Great Expectations suite on mentions as a blocking check."""

import os

import dagster as dg
import polars as pl

from etl.actors import EXTRACTOR_VERSION, ActorDictionary, DictionaryError, dictionary_dir_version
from etl.actors.pooled import find_mentions_pooled
from etl.defs.metadata import frame_metadata, frame_preview, partition_metadata
from etl.defs.partitions import batch_backfill_policy, landing_batches
from etl.defs.quality_checks import expectation_check_result
from etl.defs.resources import ActorDictionaryFiles
from etl.quality import mention_expectations, validate_frame
from etl.settings import dictionary_dir

MENTIONS_SUITE_CHECK = "actor_mentions_expectations"


@dg.asset(
    group_name="actors",
    kinds={"python", "yaml"},
    # The dictionary files' hash as code version: editing an alias makes this asset (and through
    # its data version, every mention partition) show as changed in the UI.
    code_version=dictionary_dir_version(dictionary_dir()),
)
def actor_dictionary(
    context: dg.AssetExecutionContext, actor_dictionary_files: ActorDictionaryFiles
) -> dg.MaterializeResult:
    """The validated actor dictionary (actors, aliases, dated roles). Its data version is the
    content hash of the dictionary files, so an alias change marks the mentions stale. Nothing
    is stored: the mentions and `dim_actor` read the dictionary files themselves. An invalid
    dictionary fails here, with every problem named, before any mention is counted."""
    dictionary = validated_dictionary(actor_dictionary_files)
    context.log.info(f"actor dictionary {dictionary.version}: {dictionary.dim_actor.height} actors")
    return dg.MaterializeResult(
        data_version=dg.DataVersion(dictionary.version),
        metadata={
            "dictionary_version": dictionary.version,
            "dictionary_folder": dg.MetadataValue.path(str(actor_dictionary_files.files.actors.parent)),
            "actors": dictionary.dim_actor.height,
            "aliases": dictionary.actor_aliases.height,
            "roles": dictionary.roles.height,
            "preview": frame_preview(dictionary.dim_actor, ["actor_id", "actor_type", "name_en", "name_ar"]),
        },
    )


def validated_dictionary(files: ActorDictionaryFiles) -> ActorDictionary:
    try:
        return files.load()
    except DictionaryError as invalid:
        raise dg.Failure(
            description=f"invalid actor dictionary: {'; '.join(invalid.problems)}",
            metadata={"problems": invalid.problems, "dictionary_folder": str(files.files.actors.parent)},
            allow_retries=False,
        ) from None


def mentions_metadata(mentions: pl.DataFrame) -> dict[str, object]:
    return {
        **frame_metadata(mentions, ["article_id", "actor_id", "field", "surface", "strength"]),
        "actors_mentioned": mentions["actor_id"].n_unique(),
    }


@dg.asset(
    group_name="actors",
    kinds={"python", "polars"},
    code_version=EXTRACTOR_VERSION,
    partitions_def=landing_batches,
    backfill_policy=batch_backfill_policy,
    deps=[actor_dictionary],
    check_specs=[
        dg.AssetCheckSpec(
            MENTIONS_SUITE_CHECK,
            asset="actor_mentions",
            blocking=True,
            description="Great Expectations suite over the mention rows; failing it stops the load.",
        )
    ],
)
def actor_mentions(
    context: dg.AssetExecutionContext, actor_dictionary_files: ActorDictionaryFiles, articles: pl.DataFrame
):
    """Every actor mention in an article's title and body, with character offsets into the
    stored text, the alias that matched, its strength and the sentence around it. Computed from
    the stored articles, so a recount after a dictionary change never re-parses HTML."""
    dictionary = actor_dictionary_files.load()
    files = actor_dictionary_files.files
    found = find_mentions_pooled(articles, files.actors, files.roles, workers=os.cpu_count() or 1)
    # The batch travels with each mention so the lake can store mentions per partition.
    mentions = found.join(articles.select("article_id", "batch_id"), on="article_id", how="left")
    context.log.info(f"{mentions.height} mentions in {articles.height} articles")
    yield dg.Output(
        mentions,
        metadata={
            **partition_metadata(context, "actor_mentions", mentions, mentions_metadata),
            "dictionary_version": dictionary.version,
            "extractor_version": EXTRACTOR_VERSION,
        },
    )
    report = validate_frame(
        mentions, "actor_mentions_suite", mention_expectations(), ["article_id", "field", "start"]
    )
    yield expectation_check_result(MENTIONS_SUITE_CHECK, "actor_mentions", report)
