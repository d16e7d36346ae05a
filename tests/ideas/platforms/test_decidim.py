"""Decidim's open data files into a consultation: proposals and comments, ids kept, once."""

import gzip
import json
from pathlib import Path

from sqlalchemy import select

from consult.models import Event, Phase, Submission

DATA = Path(__file__).resolve().parents[2] / "data" / "platforms"

PROPOSALS = (DATA / "decidim-proposals.csv").read_text(encoding="utf-8")
COMMENTS = (DATA / "decidim-comments.csv").read_text(encoding="utf-8")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def imported(db, consultation):
    return {idea.source_id: idea for idea in db.session.scalars(
        select(Submission).where(Submission.consultation_id == consultation.id))}


def test_proposals_and_their_comments_become_ideas_with_decidim_ids(
        db, runner, create_consultation, tmp_path):
    consultation = create_consultation(Phase.OPEN)
    files = [write(tmp_path, "proposals.csv", PROPOSALS), write(tmp_path, "comments.csv", COMMENTS)]
    result = runner.invoke(args=["import-decidim", str(consultation.id), *files])
    assert result.exit_code == 0, result.output
    assert "Imported 3 ideas (1 of them comments, 1 withdrawn)" in result.output
    assert "1 without text left out" in result.output
    ideas = imported(db, consultation)
    shade = ideas["decidim:proposal:12"]
    assert shade.title == "Shade on the school run"
    assert shade.text == "Plant trees along Elm Street.\nChildren walk there."
    assert shade.support_count == 44 and shade.original_at.year == 2023
    benches = ideas["decidim:proposal:13"]
    assert benches.language == "ca" and benches.withdrawn_at is not None
    reply = ideas["decidim:comment:901"]
    assert reply.text == "Yes - and benches under the trees too" and reply.language == "en"
    event = db.session.scalar(select(Event).where(Event.action == "submission.imported",
                                                  Event.object_id == reply.id))
    assert event.payload["reply_to"] == shade.id and event.payload["source"] == "decidim"


def test_importing_again_adds_nothing_and_a_dry_run_writes_nothing(
        db, runner, create_consultation, tmp_path):
    consultation = create_consultation(Phase.OPEN)
    path = write(tmp_path, "proposals.csv", PROPOSALS)
    dry = runner.invoke(args=["import-decidim", str(consultation.id), path, "--dry-run"])
    assert "Would import 2 ideas" in dry.output and imported(db, consultation) == {}
    runner.invoke(args=["import-decidim", str(consultation.id), path])
    again = runner.invoke(args=["import-decidim", str(consultation.id), path])
    assert "Imported 0 ideas" in again.output and "2 imported before" in again.output
    assert len(imported(db, consultation)) == 2


def test_the_json_export_with_a_title_per_language_reads_the_same(
        db, runner, create_consultation, tmp_path):
    consultation = create_consultation(Phase.OPEN)
    records = [{"id": 12, "title": {"en": "Shade on the school run", "ca": "Ombra"},
                "body": {"en": "<p>Plant trees &amp; shrubs.</p>"}, "state": "",
                "supports": 5, "endorsements": {"total_count": 1},
                "published_at": "2023-05-02T10:11:12Z"}]
    path = tmp_path / "proposals.json.gz"
    path.write_bytes(gzip.compress(json.dumps(records).encode()))
    result = runner.invoke(args=["import-decidim", str(consultation.id), str(path)])
    assert result.exit_code == 0, result.output
    idea = imported(db, consultation)["decidim:proposal:12"]
    assert (idea.title, idea.text, idea.support_count) == (
        "Shade on the school run", "Plant trees & shrubs.", 6)


def test_a_file_of_another_format_is_refused_and_nothing_is_imported(
        db, runner, create_consultation, tmp_path):
    consultation = create_consultation(Phase.OPEN)
    polis = write(tmp_path, "comments.csv",
                  "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,"
                  "comment-body\n1,x,0,1,0,0,1,Hello\n")
    for path, message in [
            (polis, "not a Decidim proposals export: it has no body, id, title column"),
            (write(tmp_path, "broken.json", "[{"), "not valid JSON"),
            (write(tmp_path, "object.json", '{"name": "x"}'), "not a list of records"),
            (write(tmp_path, "empty.csv", "\n"), "empty")]:
        result = runner.invoke(args=["import-decidim", str(consultation.id),
                                     write(tmp_path, "proposals.csv", PROPOSALS), path])
        assert result.exit_code == 2 and message in result.output, result.output
    assert imported(db, consultation) == {}
    missing = runner.invoke(args=["import-decidim", "999", polis])
    assert missing.exit_code == 2 and "no consultation 999" in missing.output
