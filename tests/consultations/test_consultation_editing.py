"""Creating and editing consultations, phases and their translations."""

import pytest

from consult.consultations import editing
from consult.consultations.text import localized
from consult.core.errors import Conflict, ConsultError
from consult.models import Event, Phase


def data(**fields) -> editing.ConsultationInput:
    return editing.ConsultationInput(**{"title": "Parks for all", "questions": ["What first?"],
                                        "languages": ["en", "es"], **fields})


def test_create_consultation_is_a_draft_with_questions_and_an_event(db, organisation,
                                                                    create_user):
    actor = create_user("facilitator")
    consultation = editing.create_consultation(db.session, actor, data(
        questions=["What first?", "Where?"], areas=["North", " ", "North", "South"]))
    assert consultation.phase is Phase.DRAFT
    assert [q.text for q in consultation.questions] == ["What first?", "Where?"]
    assert consultation.areas == ["North", "South"]
    event = db.session.query(Event).filter_by(action="consultation.created").one()
    assert event.actor_id == actor.id and event.object_id == consultation.id


def test_create_consultation_refused_when_no_question(db, organisation, create_user):
    with pytest.raises(ConsultError, match="at least one question"):
        editing.create_consultation(db.session, create_user("facilitator"), data(questions=[]))


def test_update_consultation_stores_translations_of_offered_languages_only(
        db, create_consultation, create_user):
    consultation = create_consultation(questions=2)
    editing.update_consultation(db.session, create_user("facilitator"), consultation, data(
        questions=["Q1?", "Q2?"],
        translations={"es": {"title": "Parques", "summary": "", "body": "",
                             "questions": ["", "¿P2?"]},
                      "fr": {"title": "Parcs", "questions": []}}))
    assert consultation.translations == {"es": {"title": "Parques", "summary": "", "body": ""}}
    assert consultation.questions[0].translations == {}
    assert consultation.questions[1].translations == {"es": {"text": "¿P2?"}}
    event = db.session.query(Event).filter_by(action="consultation.updated").one()
    assert "translations" in event.payload["changed"] and "questions" in event.payload["changed"]


def test_update_consultation_refused_when_removing_a_question_with_ideas(
        db, create_consultation, create_submission, create_user):
    consultation = create_consultation(questions=2)
    submission = create_submission(consultation)
    submission.question = consultation.questions[1]
    db.session.commit()
    with pytest.raises(Conflict, match="already has ideas"):
        editing.update_consultation(db.session, create_user("facilitator"), consultation,
                                    data(questions=["Only one?"]))


def test_change_phase_records_from_and_to(db, create_consultation, create_user):
    consultation = create_consultation(phase=Phase.DRAFT)
    editing.change_phase(db.session, create_user("facilitator"), consultation, Phase.OPEN)
    event = db.session.query(Event).filter_by(action="consultation.phase_changed").one()
    assert event.payload == {"from": "draft", "to": "open"}


def test_change_phase_back_to_draft_refused_when_ideas_exist(db, create_consultation,
                                                             create_submission, create_user):
    consultation = create_consultation(phase=Phase.OPEN)
    create_submission(consultation)
    with pytest.raises(Conflict, match="cannot go back to draft"):
        editing.change_phase(db.session, create_user("facilitator"), consultation, Phase.DRAFT)


def test_change_phase_back_to_draft_allowed_when_no_idea(db, create_consultation, create_user):
    consultation = create_consultation(phase=Phase.OPEN)
    editing.change_phase(db.session, create_user("facilitator"), consultation, Phase.DRAFT)
    assert consultation.phase is Phase.DRAFT


def test_localized_uses_the_translation_when_there_is_one(db, create_consultation):
    consultation = create_consultation(translations={"es": {"title": "Parques", "summary": "",
                                                            "body": "Texto"}})
    text = localized(consultation, "es")
    assert (text.title, text.body, text.lang, text.is_fallback) == ("Parques", "Texto", "es",
                                                                     False)


def test_localized_falls_back_to_the_original_with_a_note_when_not_translated(
        db, create_consultation):
    text = localized(create_consultation(title="Parks"), "fr")
    assert text.title == "Parks" and text.is_fallback and text.lang == "en"
    assert text.language_name == "anglais"


def test_localized_is_not_a_fallback_in_the_original_language(db, create_consultation):
    assert not localized(create_consultation(), "en").is_fallback
