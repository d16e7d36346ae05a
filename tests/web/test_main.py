from consult.models import Phase


def test_home_lists_public_consultations_open_first(client, create_consultation):
    create_consultation(phase=Phase.CLOSED, title="Budget 2025")
    create_consultation(phase=Phase.OPEN, title="Parks for everyone")
    create_consultation(phase=Phase.DRAFT, title="Secret draft")
    html = client.get("/").get_data(as_text=True)
    assert "Parks for everyone" in html and "Budget 2025" in html
    assert html.index("Parks for everyone") < html.index("Budget 2025")
    assert "Secret draft" not in html


def test_consultation_page_shows_questions_and_count(
    client, create_consultation, create_submission
):
    consultation = create_consultation(questions=2)
    create_submission(consultation)
    response = client.get(f"/consultations/{consultation.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Question 2?" in html
    assert "1 idea shared so far." in html


def test_draft_consultation_is_not_found(client, create_consultation):
    consultation = create_consultation(phase=Phase.DRAFT)
    response = client.get(f"/consultations/{consultation.id}")
    assert response.status_code == 404
    assert "not public yet" in response.get_data(as_text=True)


def test_unknown_id_gives_translated_404(client):
    response = client.get("/consultations/999999", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    assert 'lang="es"' in response.get_data(as_text=True)
    assert "Página no encontrada" in response.get_data(as_text=True) or "no existe" in (
        response.get_data(as_text=True)
    )


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_request_body_over_limit_is_413(client, app):
    too_big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/login", data=too_big, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
