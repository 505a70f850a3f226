"""Events in the quantity key (issue 12): a quantity is one real-world thing.

The multi-story corpus (tests/events: our own invented texts, five events with
look-alikes) is measured end to end; then each rule on small cases."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from claimledger.conflicts import find_conflicts
from claimledger.events import EventBook, claim_event, kinds
from claimledger.frame import summarize
from claimledger.fusion import estimates
from claimledger.ledger import Ledger
from claimledger.quantities import (
    list_quantities, open_ledger, prepare, quantity_key, quantity_label,
)
from claimledger.record import Document
from ledger_fixtures import make_ledger

sys.path.insert(0, str(Path(__file__).parent / "events"))
import measure  # noqa: E402

# Mixes that come from the extractor's reading, not from the key: "45,000
# people were living in tents" is read as wounded, so it joins the quake's
# injured (quantities can only group what the extractor says a figure counts).
EXTRACTOR_MIXES = {("wounded", frozenset({"quake-injured", "quake-sheltered"}))}


@pytest.fixture(scope="module")
def corpus_ledger(tmp_path_factory):
    path = tmp_path_factory.mktemp("events") / "events.db"
    measure.build(path)
    return path


def test_cross_article_pairs_on_the_multi_story_corpus(corpus_ledger):
    result = measure.measure(corpus_ledger)
    print(f"\nevents corpus: precision {result['precision']:.3f} ({result['right_pairs']}/"
          f"{result['predicted_pairs']}), recall {result['recall']:.3f} "
          f"({result['right_pairs']}/{result['gold_pairs']})")
    assert result["precision"] >= 0.95
    assert result["recall"] >= 0.80
    assert result["events"] == 6  # the war, the quake, two Kenya floods, two marches
    assert result["copies"] == 1  # the wire story run by a second outlet


def test_no_conflict_or_estimate_mixes_two_real_world_quantities(corpus_ledger):
    mixed = {(quantity.split("/", 1)[0], frozenset(labels))
             for _, _, quantity, labels in measure.measure(corpus_ledger)["mixed"]}
    assert mixed <= EXTRACTOR_MIXES


def test_look_alikes_stay_apart(corpus_ledger):
    with sqlite3.connect(corpus_ledger) as con:
        event_of = dict(con.execute("SELECT id, event FROM documents"))
    assert event_of["floods-standard-2024-05-02"] == event_of["floods-pulse-2024-05-09"]
    assert event_of["floods-standard-2023-05-03"] != event_of["floods-standard-2024-05-02"]
    assert event_of["march-paris-2024-03-16"] == event_of["march-paris-2024-03-17"]
    assert event_of["march-lyon-2024-03-23"] != event_of["march-paris-2024-03-16"]
    assert event_of["quake-aid-2024-06-05"] == event_of["quake-wire-2024-06-01"]
    assert event_of["floods-aid-2024-05-08"] != event_of["quake-aid-2024-06-05"]
    assert {event_of[d] for d in ("war-ledger-2024-02-25", "war-courier-2024-03-04",
                                  "war-tribune-2024-04-10")} == {"russia-ukraine-war"}
    # a passing mention of the war in a story about grain keeps to the war
    with sqlite3.connect(corpus_ledger) as con:
        assert con.execute("SELECT quantity FROM claims WHERE doc = 'grain-gazette-2024-04-18' "
                           "AND text = '10,500'").fetchone()[0] == \
            "killed/Ukraine/people/civilians@russia-ukraine-war"
    labels = {q.id: q.label for q in list_quantities(open_ledger(corpus_ledger))}
    assert labels["killed/Ukraine/people@russia-ukraine-war"] == \
        "killed · Ukrainian soldiers · Russia–Ukraine war"


# ---- the key, rule by rule ------------------------------------------------------

def test_underspecified_keys_stay_in_their_document():
    war = dict(event="russia-ukraine-war", event_sides=["Russia", "Ukraine"],
               event_area=["Russia", "Ukraine"])
    # a war's dead without a side: whose? kept to its document
    assert quantity_key("killed", None, "people", None, None, "a", **war) == \
        "killed/-/people@doc:a"
    assert quantity_key("killed", "Ukraine", "people", None, None, "a", **war) == \
        "killed/Ukraine/people@russia-ukraine-war"
    # aid needs no side; no event at all keeps everything to its document
    assert quantity_key("aid", None, "USD", None, None, "a", **war) == "aid/-/USD@russia-ukraine-war"
    assert quantity_key("killed", "Kenya", "people", None, None, "a", None) == \
        "killed/Kenya/people@doc:a"


def test_a_place_of_the_event_enters_the_key_only_when_it_is_a_part_of_it():
    quake = dict(event="turkey-earthquake-2024-06-01", event_sides=[],
                 event_area=["Malatya", "Turkey"])
    whole = quantity_key("killed", "Turkey", "people", None, None, "a", **quake, place="Turkey",
                         sentence="The quake killed 2,800 people in Turkey.")
    assert whole == "killed/-/people@turkey-earthquake-2024-06-01"  # Turkey's dead are the quake's
    district = quantity_key("killed", None, "people", None, None, "a", **quake, place="Doganyol",
                            sentence="In Doganyol, 40 people died.")
    assert district == "killed/-/people@turkey-earthquake-2024-06-01/in-Doganyol"
    # the story's place, given to a claim whose sentence does not name it, is not the claim's own
    assert quantity_key("killed", None, "people", None, None, "a", **quake, place="Doganyol",
                        sentence="At least 40 people died.") == whole
    assert quantity_label(district, {"turkey-earthquake-2024-06-01": "Turkey earthquake of 2024-06-01"}) \
        == "killed · people · Turkey earthquake of 2024-06-01 · Doganyol"


def test_what_people_did_splits_counts_of_people():
    crowd = quantity_key("count", None, "people", None, "people", "a", "paris-march",
                         sentence="Police said 12,000 people marched in Paris.", figure="12,000")
    arrested = quantity_key("count", None, "people", None, "people", "a", "paris-march",
                            sentence="Police said 23 people had been arrested.", figure="23")
    assert crowd.endswith("/crowd@paris-march") and arrested.endswith("/arrested@paris-march")


def test_python_and_sql_keys_agree(tmp_path):
    """The key is one function: the ledger computes it in Python as it writes
    claims; hand-inserted claims are keyed by the same function in SQL."""
    events = [{"id": "war", "kind": "war", "label": "Russia–Ukraine war", "lasting": 1,
               "sides": '["Russia", "Ukraine"]', "area": '["Russia", "Ukraine"]'},
              {"id": "quake", "kind": "earthquake", "label": "quake", "lasting": 0,
               "sides": "[]", "area": '["Malatya", "Turkey"]'}]
    docs = [{"id": "w", "published": "2024-02-01", "event": "war"},
            {"id": "q", "published": "2024-06-02", "event": "quake"},
            {"id": "n", "published": "2024-06-02", "event": None}]
    claims = [
        {"doc": "w", "group": "Ukraine", "value": 31000},
        {"doc": "w", "group": None, "value": 5},
        {"doc": "q", "group": "Turkey", "value": 1200, "place": "Turkey", "sentence": "1,200 died in Turkey."},
        {"doc": "q", "value": 40, "place": "Doganyol", "sentence": "In Doganyol, 40 died."},
        {"doc": "q", "measure": "count", "subject": "people", "value": 23, "text": "23",
         "sentence": "23 people were arrested."},
        {"doc": "n", "group": "Kenya", "value": 1},
    ]
    conn = open_ledger(make_ledger(tmp_path / "l.db", docs, claims, events))
    prepare(conn)
    by_sql = [row[0] for row in conn.execute("SELECT quantity FROM keyed ORDER BY id")]
    area = {"w": (["Russia", "Ukraine"], ["Russia", "Ukraine"]), "q": ([], ["Malatya", "Turkey"]),
            "n": ([], [])}
    event = {"w": "war", "q": "quake", "n": None}
    by_python = [quantity_key(c.get("measure", "killed"), c.get("group"), "people", None,
                              c.get("subject"), c["doc"], event[c["doc"]], *area[c["doc"]],
                              c.get("place"), c.get("sentence", ""), c.get("text", ""))
                 for c in claims]
    assert by_sql == by_python == [
        "killed/Ukraine/people@war", "killed/-/people@doc:w", "killed/-/people@quake",
        "killed/-/people@quake/in-Doganyol", "count/-/people/people/arrested@quake",
        "killed/Kenya/people@doc:n"]


# ---- events, rule by rule --------------------------------------------------------

def frame(places, day, nouns, sides=()):
    return {"places": list(places), "sides": list(sides), "day": day, "event_nouns": list(nouns)}


def book(tmp_path):
    path = tmp_path / "e.db"
    Ledger(path).close()
    conn = sqlite3.connect(path)
    return EventBook(conn)


def test_short_events_by_place_and_days(tmp_path):
    events = book(tmp_path)
    paris = events.assign(frame(["Paris", "France"], "2024-03-16", ["march"]), None)
    assert paris.id == "paris-march-2024-03-16" and paris.label == "Paris march of 2024-03-16"
    assert events.assign(frame(["Paris"], "2024-03-17", ["protesters"]), None).id == paris.id
    assert events.assign(frame(["Lyon", "France"], "2024-03-16", ["march"]), None).id != paris.id
    assert events.assign(frame(["France"], "2024-03-16", ["march"]), None).id != paris.id  # nationwide
    assert events.assign(frame(["Paris"], "2024-04-20", ["march"]), None).id != paris.id  # next month
    # an area kind: the country and a province in it are one quake
    quake = events.assign(frame(["Malatya", "Turkey"], "2024-06-01", ["earthquake"]), None)
    assert events.assign(frame(["Turkey"], "2024-06-04", ["quake"]), None).id == quake.id
    assert events.assign(frame(["Turkey"], "2025-06-04", ["quake"]), None).id != quake.id
    # nothing to go on: no event
    assert events.assign(frame([], "2024-06-01", ["earthquake"]), None) is None
    assert events.assign(frame(["Paris"], "2024-06-01", ["budget"]), None) is None


def test_a_war_is_one_event_for_its_whole_duration(tmp_path):
    events = book(tmp_path)
    one = events.assign(frame(["Kyiv", "Ukraine"], "2022-03-01", ["invasion"], ["Ukraine", "Russia"]), None)
    two = events.assign(frame(["Avdiivka"], "2024-03-01", ["war"], ["Russia", "Ukraine", "United Kingdom"]), None)
    assert one.id == two.id == "russia-ukraine-war" and one.label == "Russia–Ukraine war"
    # a passing mention of the war in a story about something else
    grain = frame(["Odesa", "Ukraine"], "2024-04-18", [], ["Ukraine", "Russia"])
    assert claim_event("The war has killed 10,500 civilians.", None, grain, events).id == one.id
    assert claim_event("Troops helped move 300 tonnes of grain.", None, grain, events) is None


def test_a_round_up_claim_with_its_own_place_joins_that_places_event(tmp_path):
    events = book(tmp_path)
    lyon = events.assign(frame(["Lyon"], "2024-03-16", ["march"]), None)
    round_up = frame(["Paris", "Lyon", "France"], "2024-03-16", ["marches"])
    paris = events.assign(round_up, None)
    assert paris.place == "Paris"
    assert claim_event("In Lyon, 4,000 people marched.", paris, round_up, events,
                       place="Lyon").id == lyon.id
    assert claim_event("In Paris, 12,000 people marched.", paris, round_up, events,
                       place="Paris").id == paris.id


def test_the_lexicon_is_data():
    assert kinds()["war"].lasting and not kinds()["earthquake"].lasting
    assert kinds()["march"].local and not kinds()["flood"].local


def test_the_frame_events_read():
    text = ("A magnitude 7.1 earthquake struck Malatya province in eastern Turkey on Saturday, "
            "killing at least 1,200 people.")
    found = summarize(text, "2024-06-03")
    assert found["places"][0] == "Malatya" and "Turkey" in found["places"]
    assert found["day"] == "2024-06-01" and found["event_nouns"][0] == "earthquake"
    # "in March" is a month
    assert summarize("Shipments reached 4 million tonnes in March.", "2024-04-18")["event_nouns"] == []
