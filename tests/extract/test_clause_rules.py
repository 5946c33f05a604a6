"""Rules of what a clause tells, each on sentences written for it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sitrep.model import Mention

Read = Callable[..., list[Mention]]


def kinds(mentions: list[Mention]) -> list[str]:
    return [m.sub_event_type for m in mentions]


def test_a_word_of_demand_after_the_protest_does_not_make_it_unreal(read: Read) -> None:
    assert kinds(read("On 2 May, owners of restaurants protested outside the town hall in Kyiv "
                      "demanding the right to open their terraces.")) == ["Peaceful protest"]


def test_a_planned_or_threatened_attack_is_no_event(read: Read) -> None:
    assert read("An attack on the base was planned for Monday.") == []
    assert read("The group threatened to attack the town of Gao.") == []


def test_an_old_year_in_a_clause_of_background_does_not_void_the_sentence(read: Read) -> None:
    mentions = read("On 6 May 2020, a demonstration was held in Istanbul in remembrance of student "
                    "activists who had been executed in 1972.", published=date(2020, 5, 8))
    assert kinds(mentions) == ["Peaceful protest"]
    assert read("A truck bombing in 2017 killed 500 people in Mogadishu.", published=date(2020, 5, 8)) == []


def test_a_protest_whose_place_lacks_its_preposition_is_still_a_protest(read: Read) -> None:
    mentions = read("On 27 December, a group of people held a peaceful protest Surabaya city, "
                    "demanding the dismissal of the mayor.")
    assert kinds(mentions) == ["Peaceful protest"]


def test_a_member_of_an_armed_group_is_armed(read: Read) -> None:
    assert kinds(read("On 8 May, unidentified gunmen killed a member of the army's 4th Division "
                      "in front of his house in Beit Jinn.")) == ["Armed clash"]
    bandits = read("On 16 November, villagers killed two of the bandits who raided Chemusto.")
    assert bandits and kinds(bandits) != ["Attack"]


def test_taking_goods_is_looting_and_entering_to_take_them_is_no_conquest(read: Read) -> None:
    assert kinds(read("On 9 May, militants seized an ambulance in the hamlet of Kichi.")) == [
        "Looting/property destruction"]
    assert kinds(read("On 26 January, militants entered the village of Korizena and seized livestock.")) == [
        "Looting/property destruction"]
    taken = read("On 26 January, rebels seized the town of Korizena.")
    assert kinds(taken) == ["Non-state actor overtakes territory"]


def test_unarmed_people_doing_violence_by_passive_or_by_count_are_a_mob(read: Read) -> None:
    beaten = read("On 8 May, a suspected thief was beaten up by locals inside a bus terminal in Manaus.")
    assert kinds(beaten) == ["Mob violence"]
    burned = read("On 28 April, dozens of residents of Port Sudan burned tires on the main road.")
    assert [m.event_type for m in burned] == ["Riots"]


def test_firing_on_positions_is_a_clash_and_firing_shells_is_shelling(read: Read) -> None:
    assert kinds(read("On 2 May, the army fired with heavy weapons on rebel positions near Goyali.")) == [
        "Armed clash"]
    assert kinds(read("On 2 May, the army fired two artillery shells on the village of Goyali.")) == [
        "Shelling/artillery/missile attack"]
    assert "Attack" not in kinds(read("On 6 January, gunmen set fire to vehicles at the exit of Culiacan."))


def test_a_change_in_what_a_group_does_is_an_event_only_where_nothing_else_happened(read: Read) -> None:
    assert kinds(read("On 5 May, a battalion in Hadibu defected to the separatist council.")) == [
        "Change to group/activity"]
    both = read("On 5 May, the army deployed troops to Hadibu. Rebels attacked an army post in Hadibu.")
    assert "Change to group/activity" not in kinds(both) and kinds(both)


def test_a_page_that_only_refers_to_its_occurrence_still_yields_it(read: Read) -> None:
    mentions = read("On 6 March, three local policemen were killed following an attack by Taliban militants.")
    assert len(mentions) == 1 and mentions[0].fatalities == 3


def test_the_killing_a_protest_follows_is_its_cause_not_its_violence(read: Read) -> None:
    mentions = read("On 28 September, fishers and relatives staged a protest in Meghna, following the "
                    "killing of two fishers by pirates.")
    assert kinds(mentions) == ["Peaceful protest"]


def test_an_attack_told_further_on_as_a_fight_is_a_clash(read: Read) -> None:
    mentions = read("On 14 March, militants attacked the village of Namissiguima. One soldier and one "
                    "militant were killed in the clash.")
    assert kinds(mentions) == ["Armed clash"] and mentions[0].fatalities == 2
    assert kinds(read("On 15 March, Taliban militants attacked an army post in Logar.")) == ["Armed clash"]


def test_an_arrest_or_kidnapping_that_ends_in_killing_is_an_attack(read: Read) -> None:
    assert kinds(read("On 19 May, soldiers arrested fifteen villagers in Petenangue and executed them.")) == [
        "Attack"]
    assert kinds(read("On 2 May, gunmen abducted and killed a trader in Dori.")) == ["Attack"]


def test_stopping_vehicles_on_a_road_is_no_disrupted_weapons_use(read: Read) -> None:
    mentions = read("On 6 February, militiamen intercepted two vehicles near Madamia and "
                    "executed twenty passengers.")
    assert kinds(mentions) == ["Attack"]
    assert kinds(read("On 6 February, air defences intercepted two drones over Belgorod.")) == [
        "Disrupted weapons use"]


def test_wounding_civilians_is_an_attack_and_adds_no_deaths(read: Read) -> None:
    mentions = read("On 19 October, suspected militants wounded a civilian in the village of Mognaba.")
    assert kinds(mentions) == ["Attack"] and mentions[0].fatalities == 0


def test_demonstrators_who_throw_things_or_damage_a_building_make_a_violent_demonstration(read: Read) -> None:
    thrown = read("On 8 May, a group of students held a demonstration outside the election office in Praya, "
                  "demanding a recount. They threw Molotov cocktails at the building.")
    assert kinds(thrown) == ["Violent demonstration"]
    damaged = read("On 8 October, hundreds of students held a demonstration in front of the council "
                   "in Dompu, rejecting the new law. They entered the building and damaged several offices.")
    assert kinds(damaged) == ["Violent demonstration"]


def test_a_fight_between_unarmed_groups_is_mob_violence(read: Read) -> None:
    assert kinds(read("On 4 May, a clash took place between two groups of villagers in Jeevan over farmland, "
                      "injuring a man.")) == ["Mob violence"]
    armed = read("On 4 May, clashes broke out between rebels and soldiers in Jeevan.")
    assert kinds(armed) == ["Armed clash"]


def test_a_crowd_gathering_or_blocking_a_road_with_a_demand_is_a_protest(read: Read) -> None:
    gathered = read("On 22 June, tea farmers gathered at the factory in Amugaa, demanding higher prices.")
    assert kinds(gathered) == ["Peaceful protest"]
    blocked = read("On 7 May, a group of people blocked the road near Tequisistlan, demanding water.")
    assert kinds(blocked) == ["Peaceful protest"]
    assert read("On 7 May, hundreds gathered for the funeral of the chief in Gao.") == []


def test_seizing_weapons_takes_them_out_of_use_and_seizing_drugs_is_no_conquest(read: Read) -> None:
    assert kinds(read("On 4 May, the army seized 20 kg of TNT in the village of Teaalba.")) == [
        "Disrupted weapons use"]
    assert "Government regains territory" not in kinds(
        read("On 30 April, police seized three tons of marijuana hidden in a truck in Floresta."))


def test_a_number_of_locals_or_a_vigilante_group_doing_violence_are_a_mob(read: Read) -> None:
    assert kinds(read("On 12 October, a number of locals beat and killed a presumed thief in Parakou.")) == [
        "Mob violence"]
    assert kinds(read("On 17 July, a vigilante group shot and killed two suspected thieves in Nakuru.")) == [
        "Mob violence"]
