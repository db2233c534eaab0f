"""Evaluation code: gold sets, dev-set loaders, scorers and evaluation banks, imported by tests and
benchmarks, never by `etl`."""
