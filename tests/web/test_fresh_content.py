"""What the pages keep between requests never shows a reader stale content.

Rendered Markdown is kept per process, keyed on the text itself; the organisation is read on
every request. A change made by any process (a facilitator's edit, the command line) shows
on the next page load.
"""

from sqlalchemy import update

from consult.models import Consultation, Organisation


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_edited_consultation_body_is_shown_at_once(client, db, create_consultation):
    consultation = create_consultation(body="We plan **old** things.")
    path = f"/consultations/{consultation.id}"
    assert "<strong>old</strong>" in page(client, path)
    db.session.execute(update(Consultation).where(Consultation.id == consultation.id)
                       .values(body="We plan **new** things."))
    db.session.commit()
    html = page(client, path)
    assert "<strong>new</strong>" in html and "old" not in html


def test_two_consultations_with_one_body_text_each_show_their_own_page(
        client, create_consultation):
    body = "## Same words\n\nIn *both* consultations."
    first = create_consultation(title="Rivers", body=body)
    second = create_consultation(title="Roads", body=body)
    for consultation, title in ((first, "Rivers"), (second, "Roads")):
        html = page(client, f"/consultations/{consultation.id}")
        assert title in html and '<h2 dir="auto">Same words</h2>' in html
        assert "<em>both</em>" in html


def test_a_renamed_organisation_is_shown_at_once(client, db, organisation):
    assert "Test City" in page(client, "/")
    db.session.execute(update(Organisation).where(Organisation.id == organisation.id)
                       .values(name="Riverside Council", attribution="Photos: the council"))
    db.session.commit()
    html = page(client, "/")
    assert "Riverside Council" in html and "Photos: the council" in html
    assert "Test City" not in html


def test_the_idea_count_follows_new_ideas_at_once(client, create_consultation,
                                                   create_submission):
    consultation = create_consultation()
    path = f"/consultations/{consultation.id}"
    assert "0 ideas shared so far." in page(client, path)
    create_submission(consultation)
    create_submission(consultation, text="Benches in the shade, please")
    assert "2 ideas shared so far." in page(client, path)
