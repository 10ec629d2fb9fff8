"""Learned phrasings: stored once, short questions only, removable, versioned for every process."""

from __future__ import annotations

from sqlalchemy import Engine

from bot.db import make_sessions, transaction
from bot.learning import learn, learned_phrasings, learned_version, list_learned, remove_learned
from tests.conftest import START


def test_learning_the_same_phrasing_twice_stores_it_once(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        first = learn(session, article_id="vpn", text="vpn  stuk", source="helped", by="U1", now=START)
        again = learn(session, article_id="vpn", text="vpn stuk", source="suggestion", by="U2", now=START)

    with transaction(sessions) as session:
        assert (first, again) == (True, False)
        assert [(p.article_id, p.text) for p in learned_phrasings(session)] == [("vpn", "vpn stuk")]


def test_long_descriptions_are_not_learned(engine: Engine) -> None:
    with transaction(make_sessions(engine)) as session:
        assert not learn(session, article_id="vpn", text="x " * 400, source="helped", by="U1", now=START)
        assert learned_phrasings(session) == []


def test_removing_a_learned_phrasing_changes_the_version(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        learn(session, article_id="vpn", text="vpn stuk", source="helped", by="U1", now=START)
        before = learned_version(session)
        [row] = list_learned(session)
    with transaction(sessions) as session:
        removed = remove_learned(session, row.id)
        missing = remove_learned(session, row.id)
        after = learned_version(session)

    assert (removed, missing) == (True, False)
    assert before != after
