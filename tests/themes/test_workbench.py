"""The workbench pages: runs, progress, curation forms, refusals, and who may use them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult import jobs
from consult.models import ClusteringRun, RunStatus, Theme
from consult.themes import clustering
from consult.themes.state import current_memberships, live_themes
from tests.fixtures.clients import csrf_token


def themes_path(consultation):
    return f"/facilitate/consultations/{consultation.id}/themes"


def post(client, path, data, token_path):
    return client.post(path, data={"csrf_token": csrf_token(client, token_path), **data})


def test_a_facilitator_starts_a_run_and_sees_its_progress(db, client_as, use_model,
                                                          themed_consultation):
    client = client_as("facilitator")
    page = themes_path(themed_consultation)
    assert "There are no themes yet" in client.get(page).get_data(as_text=True)
    response = post(client, f"/facilitate/consultations/{themed_consultation.id}/runs",
                    {"themes": "3"}, page)
    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "<progress" in html and "Refresh to see the progress" in html
    assert 'hx-trigger="every 2s"' in html
    # htmx polling gets only the progress block
    fragment = client.get(page, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="run-progress"') and "<h1>" not in fragment

    assert jobs.run_pending() == 1  # the worker's part, in this process
    done = client.get(page, headers={"HX-Request": "true"})
    assert done.headers.get("HX-Refresh") == "true"
    html = client.get(page).get_data(as_text=True)
    assert "The first run grouped 24 ideas into 3 themes" in html
    assert "by the embedding model use-multilingual-v3" in html
    assert "A computer grouped the ideas that say similar things into 3 themes" in html


def test_a_second_run_while_one_is_under_way_is_refused_with_a_message(db, client_as,
                                                                       themed_consultation):
    client = client_as("facilitator")
    page = themes_path(themed_consultation)
    path = f"/facilitate/consultations/{themed_consultation.id}/runs"
    assert post(client, path, {}, page).status_code == 302
    response = post(client, path, {}, page)
    assert response.status_code == 409
    assert "already under way" in response.get_data(as_text=True)
    assert db.session.scalar(select(ClusteringRun.id).where(ClusteringRun.id > 1)) is None
    assert len(jobs.queue.pending()) == 1


@pytest.mark.parametrize("themes, status", [("1", 422), ("25", 400), ("many", 422)])
def test_a_bad_number_of_themes_is_refused(db, client_as, themed_consultation, themes, status):
    client = client_as("facilitator")
    page = themes_path(themed_consultation)
    response = post(client, f"/facilitate/consultations/{themed_consultation.id}/runs",
                    {"themes": themes}, page)
    assert response.status_code == status
    assert "There is a problem" in response.get_data(as_text=True)
    assert db.session.scalar(select(ClusteringRun.id)) is None


def live(db, consultation):
    return sorted(live_themes(db.session, consultation.id), key=lambda t: t.id)


def test_each_curation_form_works_without_javascript(db, client_as, clustered):
    consultation, run, _ = clustered
    client = client_as("facilitator")
    first, second, third = live(db, consultation)
    page = f"/facilitate/themes/{first.id}"
    html = client.get(page).get_data(as_text=True)
    assert first.label in html and "Merge other themes into this one" in html

    base = {"run_id": run.id}
    assert post(client, f"/facilitate/themes/{first.id}/rename",
                {**base, "label": "Cycling", "description": "Lanes"}, page).status_code == 302
    assert post(client, f"/facilitate/themes/{first.id}/lock", {**base, "on": 1},
                page).status_code == 302
    assert post(client, f"/facilitate/themes/{first.id}/merge", {**base, "themes": [second.id]},
                page).status_code == 302
    assert post(client, f"/facilitate/themes/{first.id}/split", {**base, "parts": 2},
                page).status_code == 302
    members = current_memberships(db.session, consultation.id)
    idea = next(s for s, t in members.items() if t == third.id)
    assert post(client, f"/facilitate/ideas/{idea}/move",
                {**base, "theme": first.id, "from_theme": third.id}, page).status_code == 302
    assert post(client, f"/facilitate/ideas/{idea}/pin", {**base, "on": 1},
                page).status_code == 302
    original, copy = [s for s, t in current_memberships(db.session, consultation.id).items()
                      if t == third.id][:2]
    assert post(client, f"/facilitate/themes/{third.id}/ideas",
                {**base, "action": "duplicates", "original": original, "ideas": [copy]},
                page).status_code == 302
    assert post(client, f"/facilitate/ideas/{copy}/set-aside", {**base, "on": 1},
                page).status_code == 302
    db.session.expire_all()
    assert db.session.get(Theme, first.id).label == "Cycling"
    assert db.session.get(Theme, second.id).merged_into_id == first.id
    assert current_memberships(db.session, consultation.id)[idea] == first.id

    workbench = client.get(themes_path(consultation)).get_data(as_text=True)
    assert "Last action: Set aside" in workbench and "Set aside as off-topic" in workbench
    action_id = int(workbench.split('name="action_id" value="')[1].split('"')[0])
    assert post(client, f"/facilitate/consultations/{consultation.id}/undo",
                {"action_id": action_id}, themes_path(consultation)).status_code == 302
    assert "Last action: Mark duplicates" in client.get(themes_path(consultation)).get_data(
        as_text=True)


def test_curation_refusals_are_clear_4xx_pages(db, client_as, clustered, create_consultation,
                                               create_submission):
    consultation, run, _ = clustered
    client = client_as("facilitator")
    first, second, third = live(db, consultation)
    page = f"/facilitate/themes/{first.id}"
    base = {"run_id": run.id}

    itself = post(client, f"/facilitate/themes/{first.id}/merge",
                  {**base, "themes": [first.id]}, page)
    assert itself.status_code == 400 and "cannot be merged with itself" in itself.get_data(
        as_text=True)

    other = create_consultation()
    stranger = Theme(consultation_id=other.id, label="Elsewhere")
    db.session.add(stranger)
    db.session.commit()
    foreign = post(client, f"/facilitate/themes/{first.id}/merge",
                   {**base, "themes": [stranger.id]}, page)
    assert foreign.status_code == 400 and "not part of this consultation" in foreign.get_data(
        as_text=True)
    idea = next(iter(current_memberships(db.session, consultation.id)))
    moved = post(client, f"/facilitate/ideas/{idea}/move", {**base, "theme": stranger.id}, page)
    assert moved.status_code == 400

    empty = post(client, f"/facilitate/themes/{first.id}/rename", {**base, "label": "  "}, page)
    assert empty.status_code == 422 and "Give the theme a name." in empty.get_data(as_text=True)

    split = post(client, f"/facilitate/themes/{first.id}/split", {**base, "parts": 1}, page)
    assert split.status_code == 422


def test_splitting_a_theme_of_one_idea_is_refused(db, client_as, clustered):
    consultation, run, facilitator = clustered
    client = client_as("facilitator")
    first, second, _ = live(db, consultation)
    members = [s for s, t in current_memberships(db.session, consultation.id).items()
               if t == first.id]
    page = f"/facilitate/themes/{first.id}"
    for idea in members[1:]:
        post(client, f"/facilitate/ideas/{idea}/move", {"run_id": run.id, "theme": second.id},
             page)
    response = post(client, f"/facilitate/themes/{first.id}/split",
                    {"run_id": run.id, "parts": 2}, page)
    assert response.status_code == 400
    assert "at least two ideas" in response.get_data(as_text=True)


def test_a_stale_form_after_a_rerun_is_refused_and_the_typed_name_kept(db, client_as, clustered):
    consultation, old_run, facilitator = clustered
    client = client_as("facilitator")
    first = live(db, consultation)[0]
    new_run = clustering.request_run(db.session, facilitator, consultation, 3)
    db.session.commit()
    clustering.execute_run(db.session, new_run.id)
    response = post(client, f"/facilitate/themes/{first.id}/rename",
                    {"run_id": old_run.id, "label": "My careful name"},
                    f"/facilitate/themes/{first.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "newer clustering run" in html and 'value="My careful name"' in html


@pytest.mark.parametrize("role, status", [
    (None, 302), ("resident", 403), ("official", 403), ("monitor", 403),
    ("facilitator", 200), ("admin", 200),
])
def test_only_facilitators_and_admins_reach_the_workbench(db, client, client_as, clustered,
                                                         role, status):
    consultation, run, _ = clustered
    visitor = client_as(role) if role else client
    theme = live(db, consultation)[0]
    for path in (themes_path(consultation), f"/facilitate/themes/{theme.id}"):
        assert visitor.get(path).status_code == status
    if role in ("resident", "official", "monitor"):
        response = visitor.post(f"/facilitate/themes/{theme.id}/rename",
                                data={"run_id": run.id, "label": "x",
                                      "csrf_token": csrf_token(visitor, "/")})
        assert response.status_code == 403
        assert db.session.get(Theme, theme.id).label != "x"


def test_a_run_whose_worker_died_is_shown_as_failed(db, client_as, themed_consultation, app,
                                                    monkeypatch):
    client = client_as("facilitator")
    page = themes_path(themed_consultation)
    post(client, f"/facilitate/consultations/{themed_consultation.id}/runs", {}, page)
    run = db.session.scalars(select(ClusteringRun)).one()
    run.status = RunStatus.RUNNING
    db.session.commit()
    monkeypatch.setitem(app.config, "CLUSTERING_STALE_SECONDS", -1)
    html = client.get(page).get_data(as_text=True)
    assert "The worker stopped during this run" in html
    db.session.expire_all()
    assert db.session.get(ClusteringRun, run.id).status is RunStatus.FAILED


def test_a_refused_boosted_form_keeps_the_page_address(db, client_as, clustered):
    consultation, run, _ = clustered
    client = client_as("facilitator")
    theme = live(db, consultation)[0]
    page = f"/facilitate/themes/{theme.id}"
    response = client.post(f"{page}/rename", headers={"HX-Request": "true", "HX-Boosted": "true"},
                           data={"run_id": run.id, "label": " ",
                                 "csrf_token": csrf_token(client, page)})
    assert response.status_code == 422 and response.headers["HX-Push-Url"] == "false"
    assert "<h1>" in response.get_data(as_text=True)  # the whole page, as without JavaScript
