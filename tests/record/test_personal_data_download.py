"""A resident's own data (/me/data.json): every idea, support and flag, streamed from the
database in batches, in the same JSON as ever."""

from __future__ import annotations

import json

from consult.core.user import User
from consult.ideas.models import Flag, FlagReason, Support
from consult.record import personal_data, writers
from tests.fixtures.queries import statements


def make_ideas(db, client, create_consultation, create_submission, count: int):
    consultation = create_consultation(title="Parks and squares")
    ideas = [create_submission(consultation, f"Idea {n} of mine", author_id=client.user.id,
                               contact_email=client.user.email) for n in range(count)]
    others = [create_submission(consultation, f"Someone else's idea {n}") for n in range(3)]
    for other in others:
        db.session.add(Support(submission_id=other.id, user_id=client.user.id))
    db.session.add(Flag(submission_id=others[0].id, user_id=client.user.id,
                        reason=FlagReason.SPAM, note="Looks like an advert"))
    db.session.commit()
    return ideas, others


def test_my_data_lists_every_idea_newest_first_with_supports_and_flags(
        db, client_as, create_consultation, create_submission):
    client = client_as("resident")
    ideas, others = make_ideas(db, client, create_consultation, create_submission, 5)
    response = client.get("/me/data.json")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == "attachment; filename=my-consult-data.json"
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert sorted(data) == ["account", "flags", "ideas", "sessions", "supported_ideas"]
    assert data["account"]["email"] == client.user.email
    assert [idea["id"] for idea in data["ideas"]] == [idea.id for idea in reversed(ideas)]
    assert data["ideas"][0] | {"received_at": None} == {
        "id": ideas[-1].id, "consultation": "Parks and squares", "question": "Question 1?",
        "title": ideas[-1].title, "text": "Idea 4 of mine", "language": "en", "area": None,
        "channel": "web", "status": "published", "moderation_reason": None, "supporters": 0,
        "contact_email": client.user.email, "received_at": None}
    assert data["supported_ideas"] == [other.id for other in others]
    assert data["flags"] == [{"idea": others[0].id, "reason": "spam",
                              "note": "Looks like an advert"}]
    assert len(data["sessions"]) == 1


def test_my_data_reads_ideas_a_batch_at_a_time(db, client_as, create_consultation,
                                               create_submission):
    client = client_as("resident")
    ideas, _ = make_ideas(db, client, create_consultation, create_submission, 7)
    user = db.session.get(User, client.user.id)
    with statements() as seen:
        payload = personal_data.export_account(db.session, user, size=3)
        before = len(seen)
        assert not any("submission.author_id = " in statement for statement in seen)
        data = json.loads("".join(writers.json_document(payload)))
    idea_reads = [s for s in seen[before:] if "submission.author_id = " in s]
    assert len(idea_reads) == 3  # 3 + 3 + 1 ideas
    assert [idea["id"] for idea in data["ideas"]] == [idea.id for idea in reversed(ideas)]


def test_my_ideas_page_lists_them_newest_first_a_page_at_a_time(
        db, client_as, create_consultation, create_submission):
    client = client_as("resident")
    ideas, _ = make_ideas(db, client, create_consultation, create_submission,
                          personal_data.MY_IDEAS_PAGE + 3)
    first = client.get("/me/").get_data(as_text=True)
    second = client.get("/me/?page=2").get_data(as_text=True)
    assert first.count('class="card"') == personal_data.MY_IDEAS_PAGE
    assert second.count('class="card"') == 3 and "Page 2 of 2" in second
    assert f"Idea {len(ideas) - 1} of mine" in first and "Idea 0 of mine" in second
    assert "Someone else" not in first + second
