"""The bundled sample corpus and its generator, side by side.

`landing/` and `expected.yaml` are the corpus (the default landing folder, `etl/settings.py`);
the modules here with `data/` and `page_templates/` generate it: `python -m sample_corpus.build`.
"""

from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
LANDING_DIR = CORPUS_DIR / "landing"
EXPECTED_PATH = CORPUS_DIR / "expected.yaml"
