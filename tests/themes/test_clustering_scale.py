"""What keeps a clustering run linear at national scale: a re-run embeds only the ideas added
since, memberships are written in bulk, and the background job reads no vector it has."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import func, select

from consult.models import Embedding, MembershipSource, ThemeMembership
from consult.nlp.embed import normalise_rows
from consult.nlp.language import words
from consult.themes import clustering, curation
from consult.themes.labels import RUN_STAGES
from consult.themes.state import current_memberships, live_themes
from tests.fixtures.queries import statements
from tests.fixtures.themes import THEMES, run_clustering

NEW_IDEAS = ["Light the cycle path along the canal at night",
             "Mow the grass in the riverside park more often"]


class CountingEmbedder:
    """Words hashed into 32 dimensions: deterministic and fast; remembers every text it got."""

    name = "counting-bag-of-words@1"
    dim = 32

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.encoded.extend(texts)
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(text):
                vectors[row, sum(map(ord, word)) % self.dim] += 1.0
        return normalise_rows(vectors)


@pytest.fixture
def embedder(monkeypatch) -> CountingEmbedder:
    counting = CountingEmbedder()
    monkeypatch.setattr(clustering, "choose_embedder", lambda texts, setting=None: counting)
    return counting


def test_a_rerun_embeds_only_the_ideas_added_since(db, embedder, themed_consultation,
                                                   create_user, create_submission):
    facilitator = create_user("facilitator")
    run_clustering(db, facilitator, themed_consultation, themes=3)
    assert len(embedder.encoded) == sum(map(len, THEMES.values()))
    embedder.encoded.clear()
    for text in NEW_IDEAS:
        create_submission(themed_consultation, text)

    second = run_clustering(db, facilitator, themed_consultation, themes=3)

    assert sorted(embedder.encoded) == sorted(NEW_IDEAS)
    assert second.ideas_in == 26 and second.changes["new_ideas_placed"] == 2
    assert db.session.scalar(select(func.count(Embedding.id))) == 26


def test_a_run_writes_every_membership_in_one_statement(db, embedder, themed_consultation,
                                                        create_user):
    facilitator = create_user("facilitator")
    first = run_clustering(db, facilitator, themed_consultation, themes=3)
    members = current_memberships(db.session, themed_consultation.id)
    aside, moved = list(members)[:2]
    target = next(theme.id for theme in live_themes(db.session, themed_consultation.id)
                  if theme.id != members[moved])
    curation.set_aside(db.session, facilitator, themed_consultation, first.id, aside)
    curation.move(db.session, facilitator, themed_consultation, first.id, moved, target)
    db.session.commit()

    with statements() as seen:
        second = run_clustering(db, facilitator, themed_consultation, themes=3)

    inserts = [sql for sql in seen
               if sql.lstrip().upper().startswith("INSERT INTO THEME_MEMBERSHIP")]
    assert len(inserts) == 1
    rows = db.session.execute(select(ThemeMembership.submission_id, ThemeMembership.theme_id,
                                     ThemeMembership.source, ThemeMembership.organisation_id)
                              .where(ThemeMembership.run_id == second.id)).all()
    assert len(rows) == 23 and aside not in {row.submission_id for row in rows}
    placed = next(row for row in rows if row.submission_id == moved)
    assert placed.theme_id == target and placed.source is MembershipSource.FACILITATOR
    assert {row.organisation_id for row in rows} == {themed_consultation.organisation_id}


def test_the_embedding_job_encodes_new_ideas_without_reading_known_vectors(
        db, embedder, themed_consultation, create_submission):
    assert clustering.embed_missing(db.session, themed_consultation.id) == 24
    db.session.commit()
    embedder.encoded.clear()
    for text in NEW_IDEAS:
        create_submission(themed_consultation, text)

    with statements() as seen:
        clustering.embed_missing(db.session, themed_consultation.id)
        db.session.commit()

    assert sorted(embedder.encoded) == sorted(NEW_IDEAS)
    reads = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")
             and "embedding.vector" in sql]
    assert reads == []
    assert db.session.scalar(select(func.count(Embedding.id))) == 26


def test_every_stage_a_run_goes_through_has_a_name_on_the_progress_bar(
        db, embedder, themed_consultation, create_user, monkeypatch):
    stages = []
    record = clustering._progress

    def recorded(session, run, stage, done, total):
        stages.append(stage)
        record(session, run, stage, done, total)

    monkeypatch.setattr(clustering, "_progress", recorded)
    run_clustering(db, create_user("facilitator"), themed_consultation)
    assert list(dict.fromkeys(stages)) == ["embedding", "clustering", "labelling", "saving"]
    assert all(stage in RUN_STAGES for stage in stages)
