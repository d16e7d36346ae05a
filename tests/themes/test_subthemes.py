"""Sub-themes through a real clustering run: saved with the run, shown to facilitators and the
public, renamed, and the name kept over a re-run."""

import pytest
from sqlalchemy import func, select

from consult.models import ClusteringRun, Phase, Subtheme, ThemeMembership
from consult.nlp import subthemes as nlp_subthemes
from consult.themes import clustering
from tests.fixtures.clients import csrf_token
from tests.fixtures.themes import run_clustering


@pytest.fixture
def split_small(monkeypatch):
    """The fixture's themes have 8 ideas: split themes from 6."""
    monkeypatch.setattr(nlp_subthemes, "MIN_IDEAS", 6)
    monkeypatch.setattr(nlp_subthemes, "MIN_SIZE", 2)


def memberships(db, run):
    return db.session.execute(select(ThemeMembership.theme_id, ThemeMembership.subtheme_id)
                              .where(ThemeMembership.run_id == run.id)).all()


def test_a_run_saves_sub_themes_nested_in_their_themes(db, use_model, split_small,
                                                       themed_consultation, create_user):
    run = run_clustering(db, create_user("facilitator"), themed_consultation, themes=3)
    subthemes = db.session.scalars(select(Subtheme)).all()
    assert subthemes and run.parameters["subthemes"] == len(subthemes)
    parent = {subtheme.id: subtheme.theme_id for subtheme in subthemes}
    rows = memberships(db, run)
    assert all(parent[sub] == theme for theme, sub in rows if sub is not None)
    assert all(subtheme.label and subtheme.representative_id for subtheme in subthemes)


def test_a_facilitator_renames_a_sub_theme_and_a_re_run_keeps_the_name(
        db, client_as, use_model, split_small, themed_consultation, create_user):
    facilitator = create_user("facilitator")
    run_clustering(db, facilitator, themed_consultation, themes=3)
    subtheme = db.session.scalars(select(Subtheme).order_by(Subtheme.id)).first()
    client = client_as("facilitator")
    page = f"/facilitate/themes/{subtheme.theme_id}"
    assert "Rename" in client.get(page).get_data(as_text=True)
    response = client.post(f"/facilitate/subthemes/{subtheme.id}/name",
                           data={"csrf_token": csrf_token(client, page), "label": "Shade trees"})
    assert response.status_code == 302
    empty = client.post(f"/facilitate/subthemes/{subtheme.id}/name",
                        data={"csrf_token": csrf_token(client, page), "label": "  "})
    assert empty.status_code == 422 and "Give the sub-theme a name." in empty.get_data(
        as_text=True)
    run_clustering(db, facilitator, themed_consultation, themes=3)
    db.session.expire_all()
    kept = db.session.get(Subtheme, subtheme.id)
    assert kept.label == "Shade trees" and kept.named_by_facilitator and kept.retired_at is None


def test_the_public_theme_page_lists_the_sub_themes(db, client, use_model, split_small,
                                                    themed_consultation, create_user):
    run = run_clustering(db, create_user("facilitator"), themed_consultation, themes=3)
    themed_consultation.phase = Phase.ANALYSIS
    db.session.commit()
    subtheme = db.session.scalars(select(Subtheme)).first()
    html = client.get(f"/consultations/{themed_consultation.id}/themes/{subtheme.theme_id}"
                      ).get_data(as_text=True)
    assert "sub-themes" in html and subtheme.label in html
    assert 'action="/facilitate/subthemes' not in html
    assert run.current
    index = client.get(f"/consultations/{themed_consultation.id}/themes").get_data(as_text=True)
    assert "Sub-themes:" in index and subtheme.label in index


def test_finer_themes_ask_for_at_least_six(db, use_model, themed_consultation, create_user):
    run = clustering.request_run(db.session, create_user("facilitator"), themed_consultation,
                                 None, detailed=True)
    db.session.commit()
    clustering.execute_run(db.session, run.id)
    run = db.session.get(ClusteringRun, run.id)
    assert run.parameters["detailed"] is True and run.themes_out >= clustering.DETAILED_THEMES


def test_a_large_consultation_gets_at_least_five_themes(db, use_model, monkeypatch,
                                                        themed_consultation, create_user):
    monkeypatch.setattr(clustering, "SIZEABLE", 20)  # the fixture's 24 ideas count as large
    run = run_clustering(db, create_user("facilitator"), themed_consultation)
    assert run.parameters["least_themes"] == 5 and run.themes_out >= 5


def test_a_facilitator_moves_an_idea_to_another_sub_theme_and_a_re_run_keeps_it(
        db, client_as, use_model, split_small, themed_consultation, create_user):
    facilitator = create_user("facilitator")
    run = run_clustering(db, facilitator, themed_consultation, themes=3)
    first, second = db.session.scalars(
        select(Subtheme).where(Subtheme.retired_at.is_(None)).order_by(Subtheme.id)).all()[:2]
    assert first.theme_id == second.theme_id
    idea = db.session.scalar(select(ThemeMembership.submission_id).where(
        ThemeMembership.run_id == run.id, ThemeMembership.subtheme_id == first.id))
    client = client_as("facilitator")
    page = f"/facilitate/themes/{first.theme_id}"
    moved = client.post(f"/facilitate/subthemes/{second.id}/ideas",
                        data={"csrf_token": csrf_token(client, page), "idea": str(idea)})
    assert moved.status_code == 302
    rerun = run_clustering(db, facilitator, themed_consultation, themes=3)
    db.session.expire_all()
    assert db.session.scalar(select(ThemeMembership.subtheme_id).where(
        ThemeMembership.run_id == rerun.id, ThemeMembership.submission_id == idea)) == second.id


def test_moving_an_idea_of_another_theme_or_no_number_is_refused(
        db, client_as, use_model, split_small, themed_consultation, create_user):
    run = run_clustering(db, create_user("facilitator"), themed_consultation, themes=3)
    subtheme = db.session.scalars(select(Subtheme).order_by(Subtheme.id)).first()
    elsewhere = db.session.scalar(select(ThemeMembership.submission_id).where(
        ThemeMembership.run_id == run.id, ThemeMembership.theme_id != subtheme.theme_id,
        ThemeMembership.theme_id.is_not(None)))
    client = client_as("facilitator")
    page = f"/facilitate/themes/{subtheme.theme_id}"
    for value, status, message in [
            (str(elsewhere), 400, f"Idea {elsewhere} is not in this theme"),
            ("twelve", 422, "")]:
        response = client.post(f"/facilitate/subthemes/{subtheme.id}/ideas",
                               data={"csrf_token": csrf_token(client, page), "idea": value})
        assert response.status_code == status
        assert message in response.get_data(as_text=True)


def test_a_facilitator_merges_two_sub_themes_and_a_re_run_keeps_them_merged(
        db, client_as, use_model, split_small, themed_consultation, create_user):
    facilitator = create_user("facilitator")
    run = run_clustering(db, facilitator, themed_consultation, themes=3)
    first, second = db.session.scalars(
        select(Subtheme).where(Subtheme.retired_at.is_(None)).order_by(Subtheme.id)).all()[:2]
    ideas = set(db.session.scalars(select(ThemeMembership.submission_id).where(
        ThemeMembership.run_id == run.id,
        ThemeMembership.subtheme_id.in_([first.id, second.id]))))
    client = client_as("facilitator")
    page = f"/facilitate/themes/{first.theme_id}"
    assert f'action="/facilitate/subthemes/{first.id}/merge"' in client.get(page).text
    merged = client.post(f"/facilitate/subthemes/{first.id}/merge",
                         data={"csrf_token": csrf_token(client, page), "into": str(second.id)})
    assert merged.status_code == 302
    rerun = run_clustering(db, facilitator, themed_consultation, themes=3)
    db.session.expire_all()
    assert db.session.get(Subtheme, first.id).retired_at is not None
    assert set(db.session.scalars(select(ThemeMembership.submission_id).where(
        ThemeMembership.run_id == rerun.id, ThemeMembership.subtheme_id == second.id))) >= ideas


def test_merging_into_itself_another_theme_s_or_nothing_is_refused(
        db, client_as, use_model, split_small, themed_consultation, create_user):
    run_clustering(db, create_user("facilitator"), themed_consultation, themes=3)
    subthemes = db.session.scalars(select(Subtheme).order_by(Subtheme.id)).all()
    subtheme = subthemes[0]
    elsewhere = next(s for s in subthemes if s.theme_id != subtheme.theme_id)
    client = client_as("facilitator")
    page = f"/facilitate/themes/{subtheme.theme_id}"
    for value, status, message in [
            (str(subtheme.id), 400, "cannot be merged into itself"),
            (str(elsewhere.id), 400, "Choose another sub-theme of this theme"),
            ("", 422, "Choose another sub-theme of this theme")]:
        response = client.post(f"/facilitate/subthemes/{subtheme.id}/merge",
                               data={"csrf_token": csrf_token(client, page), "into": value})
        assert response.status_code == status
        assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Subtheme, subtheme.id).retired_at is None


def test_a_facilitator_splits_a_sub_theme_and_a_re_run_keeps_both_parts(
        db, client_as, use_model, split_small, themed_consultation, create_user):
    facilitator = create_user("facilitator")
    run = run_clustering(db, facilitator, themed_consultation, themes=3)
    size = func.count(ThemeMembership.submission_id)
    subtheme_id, before = db.session.execute(
        select(ThemeMembership.subtheme_id, size).where(
            ThemeMembership.run_id == run.id, ThemeMembership.subtheme_id.is_not(None))
        .group_by(ThemeMembership.subtheme_id).order_by(size.desc())).first()
    subtheme = db.session.get(Subtheme, subtheme_id)
    subtheme_ids = set(db.session.scalars(select(Subtheme.id)))
    client = client_as("facilitator")
    page = f"/facilitate/themes/{subtheme.theme_id}"
    split = client.post(f"/facilitate/subthemes/{subtheme.id}/split",
                        data={"csrf_token": csrf_token(client, page)})
    assert split.status_code == 302
    db.session.expire_all()
    newest = db.session.scalars(select(Subtheme).order_by(Subtheme.id.desc())).first()
    assert newest.id not in subtheme_ids and newest.theme_id == subtheme.theme_id
    part = newest
    assert part.label
    moved = set(db.session.scalars(select(ThemeMembership.submission_id).where(
        ThemeMembership.run_id == run.id, ThemeMembership.subtheme_id == part.id)))
    assert 0 < len(moved) < before
    rerun = run_clustering(db, facilitator, themed_consultation, themes=3)
    db.session.expire_all()
    assert set(db.session.scalars(select(ThemeMembership.submission_id).where(
        ThemeMembership.run_id == rerun.id, ThemeMembership.subtheme_id == part.id))) == moved


def test_a_sub_theme_of_fewer_than_four_ideas_is_not_split(
        db, client_as, use_model, split_small, themed_consultation, create_user):
    run = run_clustering(db, create_user("facilitator"), themed_consultation, themes=3)
    size = func.count(ThemeMembership.submission_id)
    subtheme_id, ideas = db.session.execute(
        select(ThemeMembership.subtheme_id, size).where(
            ThemeMembership.run_id == run.id, ThemeMembership.subtheme_id.is_not(None))
        .group_by(ThemeMembership.subtheme_id).order_by(size)).first()
    assert ideas < 4
    subtheme = db.session.get(Subtheme, subtheme_id)
    client = client_as("facilitator")
    response = client.post(f"/facilitate/subthemes/{subtheme_id}/split", data={
        "csrf_token": csrf_token(client, f"/facilitate/themes/{subtheme.theme_id}")})
    assert response.status_code == 400
    assert "at least 4 ideas" in response.get_data(as_text=True)
