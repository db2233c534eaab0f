"""Find core actors in corpus text by the name forms and role phrases the corpus writes.

The expected actor sets in expected.yaml come from here, so the matching rule is spelled out:
Arabic is folded as the pipeline folds it (etl/arabic_text.py), a form may carry the usual
proclitics (و ف ب ل ك, and ل+ال → لل), matches are leftmost-longest and never overlap, and all-caps
acronyms are case-sensitive while other English forms are not.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from etl.arabic_text import fold_arabic

FORMS_PATH = Path(__file__).parent / "data" / "actor_forms.yaml"

_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


@dataclass(frozen=True)
class ActorForms:
    """Every written form (names and 2017 role phrases) mapped to its actor_id."""

    actor_by_form: dict[str, str]
    pattern: re.Pattern[str]

    @property
    def actor_ids(self) -> frozenset[str]:
        return frozenset(self.actor_by_form.values())


def _form_key(form: str) -> str:
    folded = fold_arabic(form)
    return folded if folded.isupper() else folded.lower()


def _form_regex(form: str) -> str:
    folded = re.escape(fold_arabic(form))
    if _ARABIC_LETTER.match(form):
        return folded
    return folded if form.isupper() else f"(?i:{folded})"


def _build_actor_forms(actor_by_form: dict[str, str]) -> ActorForms:
    lam_alef_variants = {
        fold_arabic(form)[1:]: actor
        for form, actor in actor_by_form.items()
        if fold_arabic(form).startswith("ال")
    }
    keyed = {_form_key(form): actor for form, actor in actor_by_form.items()}
    regexes = [(fold_arabic(form), _form_regex(form)) for form in actor_by_form]
    regexes += [(variant, re.escape(variant)) for variant in lam_alef_variants]
    alternatives = "|".join(rx for _, rx in sorted(regexes, key=lambda pair: -len(pair[0])))
    pattern = re.compile(rf"(?<!\w)(?P<proclitic>[وف]?[بلك]?)(?P<form>{alternatives})(?!\w)")
    return ActorForms(actor_by_form=keyed | lam_alef_variants, pattern=pattern)


@cache
def load_actor_forms(path: Path = FORMS_PATH) -> ActorForms:
    """Read the name forms and role phrases from the data file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    actor_by_form = {form: actor for actor, forms in data["forms"].items() for form in forms}
    return _build_actor_forms(actor_by_form | data["roles"])


def find_actors(text: str, not_actor_phrases: tuple[str, ...] = ()) -> set[str]:
    """Actor ids named in text; phrases listed as not naming an actor (a lion, the law) are skipped."""
    actor_forms = load_actor_forms()
    folded = fold_arabic(text)
    for phrase in not_actor_phrases:
        folded = folded.replace(fold_arabic(phrase), " " * len(fold_arabic(phrase)))
    return {
        actor_forms.actor_by_form[_form_key(match.group("form"))]
        for match in actor_forms.pattern.finditer(folded)
    }
