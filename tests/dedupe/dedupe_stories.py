"""Two real-shaped wire stories on one event, and a builder for dedupe input frames."""

from datetime import UTC, datetime

import polars as pl

from evaluation.dedupe_set import ARTICLE_SCHEMA

REUTERS = [
    "Russia, Turkey and Iran opened a fifth round of Syria talks in the Kazakh capital Astana on "
    "Tuesday, with the opposition delegation arriving without its chief negotiator, the Kazakh "
    "foreign ministry said.",
    "The ministry said nine representatives of armed opposition factions had arrived, including "
    "members of the Southern Front, while sources close to the talks said Jaish al-Islam political "
    "chief Mohammed Alloush would not take part.",
    "Seven factions decided to attend after meetings in Ankara, a source said, while the rest "
    "boycotted the round over continued government offensives backed by Russian air power on the "
    "southern city of Daraa.",
    "United Nations envoy Staffan de Mistura also arrived in Astana, and bilateral meetings between "
    "the delegations were due to begin later in the day ahead of a plenary session planned for "
    "Wednesday.",
    "Russian delegation head Alexander Lavrentiev said the aim of the meeting was to agree the "
    "boundaries of four de-escalation zones, which would be set up for six months with the "
    "possibility of extension.",
    "He said the memorandum could remain in force indefinitely and that, if calm held in the zones "
    "including Eastern Ghouta, talks could begin on the withdrawal of factions loyal to Iran.",
    "Astana has hosted four earlier meetings on Syria; at the last one, in early May, the guarantor "
    "states signed the Russian memorandum on creating the de-escalation zones.",
]

# The same day and event, the same actors and some of the same quoted facts, written by another
# agency: it must stay a separate story.
AFP = [
    "Syria's warring sides returned to the negotiating table in Astana on Tuesday for a fifth round "
    "of talks sponsored by Russia, Iran and Turkey, but the rebel delegation came without its "
    "leader Mohammed Alloush.",
    "Kazakhstan's foreign ministry said the delegations had all arrived and that closed-door "
    "bilateral meetings would take place before a full session on Wednesday, with UN envoy "
    "Staffan de Mistura attending.",
    "The talks are focused on drawing the maps of four so-called de-escalation zones agreed in May, "
    "a deal that rebels say the government has repeatedly broken in Daraa and the Damascus "
    "countryside.",
    "Alexander Lavrentiev, who heads Moscow's team, told reporters the zones would be set up for "
    "six months with the possibility of extension, and that Russia hoped to finalise their "
    "boundaries during this round.",
    "Only seven rebel factions agreed to attend after consultations in Ankara, according to "
    "opposition sources, while others stayed away in protest at the offensive on Daraa backed by "
    "Russian warplanes.",
    "More than 320,000 people have been killed in Syria since the conflict began in March 2011, "
    "and several rounds of UN-backed talks in Geneva have failed to end the war.",
]


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2017, 7, 4, hour, minute, tzinfo=UTC)


def make_articles(*rows: dict[str, object]) -> pl.DataFrame:
    """Articles in cluster_articles' input form; unnamed columns are null."""
    return pl.DataFrame(
        [{column: row.get(column) for column in ARTICLE_SCHEMA} for row in rows],
        schema=ARTICLE_SCHEMA,
    )


REUTERS_STORY = "BEIRUT (Reuters) - " + "\n".join(REUTERS) + "\nReporting by the Beirut bureau"
AFP_STORY = "ASTANA (AFP) - " + "\n".join(AFP)
