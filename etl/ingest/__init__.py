"""Ingest: find the landing files of each batch and read their bytes, within fixed bounds."""

from etl.ingest.landing import (
    INPUT_SUFFIXES,
    MAX_DECODED_BYTES,
    MAX_FILE_BYTES,
    RAW_HTML_SCHEMA,
    ROOT_BATCH,
    LandingInput,
    UnreadableInput,
    batch_bytes,
    list_batches,
    list_landing_inputs,
    read_input_bytes,
    read_landing_inputs,
)

__all__ = [
    "INPUT_SUFFIXES",
    "MAX_DECODED_BYTES",
    "MAX_FILE_BYTES",
    "RAW_HTML_SCHEMA",
    "ROOT_BATCH",
    "LandingInput",
    "UnreadableInput",
    "batch_bytes",
    "list_batches",
    "list_landing_inputs",
    "read_input_bytes",
    "read_landing_inputs",
]
