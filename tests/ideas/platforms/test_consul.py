"""CONSUL's proposals (its API's JSON), debates (CSV) and comments into a consultation."""

import json
from pathlib import Path

from sqlalchemy import select

from consult.models import Event, Phase, Submission

DATA = Path(__file__).resolve().parents[2] / "data" / "platforms"

API = {"data": {"proposals": {"edges": [{"node": {
    "id": 8, "title": "Más sombra en los patios",
    "summary": "Toldos en los patios de los colegios.",
    "description": "<p>En verano los patios superan los 40 grados.</p>",
    "cached_votes_up": 120, "public_created_at": "2022-06-01 10:00:00 +0200",
    "retired_at": None}}, {"node": {
    "id": 9, "title": "Retirada", "summary": "Ya no", "description": "",
    "cached_votes_up": 1, "public_created_at": "2022-06-02 10:00:00 +0200",
    "retired_at": "2022-07-01 10:00:00 +0200"}}]}}}
DEBATES = (DATA / "consul-debates.csv").read_text(encoding="utf-8")
COMMENTS = [{"id": 77, "body": "Sí, con carril propio.", "commentable_id": 31,
             "commentable_type": "Debate", "public_created_at": "2022-05-02 12:00:00 +0200",
             "cached_votes_up": 4}]


def test_proposals_debates_and_comments_become_ideas_with_consul_ids(
        db, runner, create_consultation, tmp_path):
    consultation = create_consultation(Phase.OPEN)
    files = {"proposals.json": json.dumps(API), "debates.csv": DEBATES,
             "comments.json": json.dumps(COMMENTS)}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = runner.invoke(args=["import-consul", str(consultation.id),
                                 *(str(tmp_path / name) for name in files)])
    assert result.exit_code == 0, result.output
    assert "Imported 4 ideas (1 of them comments, 1 withdrawn)" in result.output
    ideas = {idea.source_id: idea for idea in db.session.scalars(
        select(Submission).where(Submission.consultation_id == consultation.id))}
    shade = ideas["consul:proposal:8"]
    assert shade.text == ("Toldos en los patios de los colegios.\n\n"
                          "En verano los patios superan los 40 grados.")
    assert shade.support_count == 120 and shade.language == "es"
    assert ideas["consul:proposal:9"].withdrawn_at is not None
    debate = ideas["consul:debate:31"]
    assert debate.title == "Bicis en el parque" and debate.support_count == 15
    reply = ideas["consul:comment:77"]
    event = db.session.scalar(select(Event).where(Event.action == "submission.imported",
                                                  Event.object_id == reply.id))
    assert event.payload["reply_to"] == debate.id


def test_a_decidim_file_given_as_consul_is_refused(db, runner, create_consultation, tmp_path):
    consultation = create_consultation(Phase.OPEN)
    path = tmp_path / "proposals.csv"
    path.write_text("id,title/en,body/en,supports\n1,Trees,<p>More</p>,3\n", encoding="utf-8")
    result = runner.invoke(args=["import-consul", str(consultation.id), str(path)])
    assert result.exit_code == 2
    assert "not a CONSUL proposals or debates file: it has no description column" in result.output
