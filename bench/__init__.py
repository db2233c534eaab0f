"""Benchmarks: each runs from the repository root as `python -m bench.<name>` and prints its figures."""
