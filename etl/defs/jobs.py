"""Jobs: the whole pipeline, from the landing folder to the trend mart."""

import dagster as dg

newsetl_job = dg.define_asset_job(
    "newsetl_job",
    selection=dg.AssetSelection.all(),
    description="Landing files → articles → mentions → warehouse tables → weekly trend mart.",
)
