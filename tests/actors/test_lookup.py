"""An actor by any of its names, folded as the matcher folds, against the real dictionary."""

import pytest

from etl.actors import load_dictionary
from etl.actors.lookup import UnknownActor, actor_names, resolve_actor, search_actors


@pytest.fixture(scope="module")
def names():
    dictionary = load_dictionary()
    return actor_names(dictionary.dim_actor, dictionary.actor_aliases)


@pytest.mark.parametrize(
    ("text", "actor_id", "kind"),
    [
        ("hafez-al-assad", "hafez-al-assad", "actor_id"),
        ("Hafez al-Assad", "hafez-al-assad", "actor_id"),
        ("HAFIZ AL-ASSAD", "hafez-al-assad", "alias"),
        ("حافظ الأسد", "hafez-al-assad", "display_name"),
        ("حافظ الاسد", "hafez-al-assad", "display_name"),
        ("حَافِظ الأَسَد", "hafez-al-assad", "display_name"),
        ("  Turkiye ", "turkey", "alias"),
        ("Türkiye", "turkey", "alias"),
        ("تركيا", "turkey", "display_name"),
        ("الجمهورية التركية", "turkey", "alias"),
    ],
)
def test_any_name_resolves_to_its_actor(names, text: str, actor_id: str, kind: str) -> None:
    match = resolve_actor(names, text)
    assert (match.actor_id, match.name_kind) == (actor_id, kind)


def test_an_alias_of_one_actor_wins_over_nothing_but_a_shared_one_is_refused(names) -> None:
    assert resolve_actor(names, "assad").actor_id == "bashar-al-assad"
    with pytest.raises(UnknownActor, match=r"'الأسد' names \d actors: .*\(bashar-al-assad\)"):
        resolve_actor(names, "الأسد")


def test_unknown_names_get_the_closest(names) -> None:
    closest = r"^unknown actor 'Erdogn'; closest: Recep Tayyip Erdogan \(recep-tayyip-erdogan\)"
    with pytest.raises(UnknownActor, match=closest):
        resolve_actor(names, "Erdogn")
    with pytest.raises(UnknownActor, match="newsetl actors list --search"):
        resolve_actor(names, "qqqqqqqq")


def test_search_finds_a_part_of_any_name(names) -> None:
    assert "recep-tayyip-erdogan" in search_actors(names, "اردوغان")
    assert search_actors(names, "mistura") == ["staffan-de-mistura"]
