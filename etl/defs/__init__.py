"""Dagster objects only: each module wires plain stage functions from `etl.*` into Dagster."""
