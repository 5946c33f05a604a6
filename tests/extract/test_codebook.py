"""ACLED's codebook rules, one by one, on clauses written out as plain values."""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.extract import codebook
from sitrep.extract.codebook import classify


@dataclass(frozen=True)
class Clause:
    cue_labels: frozenset[str]
    sentence_labels: frozenset[str] = frozenset()
    actor_kind: str | None = None
    victims_civilian: bool = False
    victims_armed: bool = False
    object_person: bool = False
    object_place: bool = False
    demand: bool = False
    approach: bool = False
    object_goods: bool = False
    ends_in_killing: bool = False


def clause(*labels: str, also: tuple[str, ...] = (), **facts: object) -> Clause:
    return Clause(frozenset(labels), frozenset(labels) | frozenset(also), **facts)  # type: ignore[arg-type]


def test_violence_by_demonstrators_makes_a_riot_and_without_a_demand_a_mob() -> None:
    assert classify(clause("PROTEST", also=("RIOT",), demand=True)) == codebook.VIOLENT_DEMONSTRATION
    assert classify(clause("RIOT", actor_kind="crowd", demand=True)) == codebook.VIOLENT_DEMONSTRATION
    assert classify(clause("RIOT", actor_kind="crowd")) == codebook.MOB
    assert classify(clause("PROTEST", demand=True)) == codebook.PEACEFUL


def test_force_against_protesters() -> None:
    assert classify(clause("PROTEST", also=("INTERVENE",), demand=True)) == codebook.INTERVENTION
    assert classify(clause("KILL", also=("PROTEST",), actor_kind="state")) == codebook.EXCESSIVE_FORCE
    assert classify(clause("ATTACK", also=("PROTEST",), actor_kind="state")) == codebook.INTERVENTION
    assert classify(clause("ATTACK", also=("PROTEST",), actor_kind="crowd")) == codebook.VIOLENT_DEMONSTRATION


def test_both_sides_armed_is_a_clash_else_an_attack() -> None:
    assert classify(clause("KILL", actor_kind="rebel", victims_armed=True)) == codebook.ARMED_CLASH
    assert classify(clause("ATTACK", actor_kind="militia", victims_civilian=True)) == codebook.ATTACK
    assert classify(clause("CLASH", victims_civilian=True)) == codebook.ATTACK
    assert classify(clause("CLASH")) == codebook.ARMED_CLASH
    assert classify(clause("SHELL", also=("CLASH",))) == codebook.ARMED_CLASH


def test_unarmed_people_doing_violence_are_a_mob() -> None:
    assert classify(clause("KILL", actor_kind="crowd")) == codebook.MOB
    assert classify(clause("ATTACK", actor_kind="civilian")) == codebook.MOB


def test_taking_ground_needs_a_place_or_a_person_and_who_took_it_decides() -> None:
    assert classify(clause("CAPTURE")) is None  # "took the decision"
    assert classify(clause("CAPTURE", object_place=True, actor_kind="rebel")) == codebook.OVERTAKES
    assert classify(clause("CAPTURE", object_place=True, actor_kind="state")) == codebook.REGAINS
    assert classify(clause("RETAKE", object_place=True)) == codebook.REGAINS
    assert classify(clause("CAPTURE", object_person=True, actor_kind="state")) == codebook.ARRESTS


def test_coming_into_a_place_to_do_what_the_sentence_tells_next_is_no_event_of_its_own() -> None:
    assert classify(clause("CAPTURE", also=("LOOT",), object_place=True, approach=True)) is None
    entered = clause("CAPTURE", object_place=True, approach=True, actor_kind="rebel")
    assert classify(entered) == codebook.OVERTAKES


def test_storming_a_place_that_is_then_burned_is_the_burning() -> None:
    assert classify(clause("ATTACK", also=("LOOT",), object_place=True)) is None


def test_looting_is_rioting_only_by_a_crowd() -> None:
    assert classify(clause("LOOT")) == codebook.DAMAGE
    assert classify(clause("LOOT", actor_kind="crowd", demand=True)) == codebook.VIOLENT_DEMONSTRATION


def test_weapons_keep_their_own_sub_type() -> None:
    assert classify(clause("AIR")).sub_event_type == "Air/drone strike"  # type: ignore[union-attr]
    assert classify(clause("IED", also=("KILL",))) == codebook.REMOTE_IED


def test_every_choice_is_a_sub_type_of_acled() -> None:
    from importlib import resources

    table = resources.files("sitrep").joinpath("data", "store", "acled_disorder.tsv").read_text("utf-8")
    sub_types = {line.split("\t")[0] for line in table.splitlines() if line and not line.startswith("#")}
    choices = [v for v in vars(codebook).values() if isinstance(v, codebook.Choice)]
    assert len(choices) >= 13
    assert all(choice.sub_event_type in sub_types for choice in choices)


def test_a_crowd_doing_violence_with_a_demand_is_a_violent_demonstration() -> None:
    assert classify(clause("ATTACK", actor_kind="crowd", demand=True)) == codebook.VIOLENT_DEMONSTRATION
    assert classify(clause("ATTACK", actor_kind="crowd")) == codebook.MOB
