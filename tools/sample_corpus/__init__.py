"""Generator of the bundled sample corpus shipped in etl/sample_corpus/."""
