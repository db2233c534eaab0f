"""Evaluation code: dev-set loaders and scorers, imported by tests and benchmarks, never by `etl`."""
