"""A real Pol.is export into a consultation and back out: ids, moderation and votes kept."""

import shutil

import numpy as np
import pytest
from sqlalchemy import func, select

from consult.cli import cli
from consult.models import OpinionRun, OpinionVote, Submission, SubmissionStatus
from consult.opinions.polis_export import export_polis
from consult.opinions.polis_files import PolisFileError, read_votes
from consult.opinions.polis_import import export_files, import_polis
from tests.opinions.test_cli import BREXIT

VOTES = int((~np.isnan(read_votes(BREXIT / "participants-votes.csv").votes)).sum())


def run_import(db, consultation, folder=BREXIT):
    report = import_polis(db.session, None, consultation, export_files(folder), folder.name)
    db.session.commit()
    return report


def test_the_brexit_export_becomes_ideas_and_votes_with_pol_is_ids(db, create_consultation):
    consultation = create_consultation()
    report = run_import(db, consultation)
    assert (report.ideas_added, report.votes_added, report.participants) == (50, VOTES, 204)
    idea = db.session.scalar(select(Submission).where(Submission.source_id == "36"))
    assert idea.text.startswith("Opposition to Brexit as a whole")
    assert idea.original_at.year == 2017 and idea.status is SubmissionStatus.PUBLISHED
    keys = db.session.scalars(select(OpinionVote.voter_key).limit(3)).all()
    assert all(key.startswith("polis:brexit-consensus:") for key in keys)
    total = db.session.scalar(select(func.sum(Submission.vote_count)))
    assert total == VOTES


def test_importing_again_adds_nothing(db, create_consultation):
    consultation = create_consultation()
    run_import(db, consultation)
    again = run_import(db, consultation)
    assert (again.ideas_added, again.ideas_found, again.votes_added) == (0, 50, 0)
    assert db.session.scalar(select(func.count(OpinionVote.id))) == VOTES


def test_pol_is_moderation_becomes_the_ideas_status(db, create_consultation, tmp_path):
    folder = tmp_path / "moderated"
    shutil.copytree(BREXIT, folder)
    text = (folder / "comments.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[1] = lines[1].replace(",1,\"Opposition", ",-1,\"Opposition")
    (folder / "comments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_import(db, create_consultation(), folder)
    idea = db.session.scalar(select(Submission).where(Submission.source_id == "36"))
    assert idea.status is SubmissionStatus.HIDDEN and "Pol.is" in idea.moderation_reason


def test_votes_on_unknown_comment_ids_are_refused_and_nothing_is_kept(db, create_consultation,
                                                                      tmp_path):
    folder = tmp_path / "unknown"
    shutil.copytree(BREXIT, folder)
    lines = (folder / "comments.csv").read_text(encoding="utf-8").splitlines()
    (folder / "comments.csv").write_text("\n".join(lines[:1] + lines[2:]) + "\n",
                                         encoding="utf-8")
    with pytest.raises(PolisFileError) as refused:
        run_import(db, create_consultation(), folder)
    assert "36" in str(refused.value) and "not in comments.csv" in str(refused.value)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Submission.id))) == 0


def test_a_folder_without_the_votes_file_is_refused(create_consultation, tmp_path):
    (tmp_path / "comments.csv").write_text("comment-id,comment-body\n1,Hello\n")
    with pytest.raises(PolisFileError) as refused:
        export_files(tmp_path)
    assert "participants-votes.csv is missing" in str(refused.value)


def test_the_cli_imports_and_groups_then_exports_in_pol_is_format(runner, db,
                                                                   create_consultation,
                                                                   tmp_path):
    consultation = create_consultation()
    result = runner.invoke(cli, ["import-polis", str(BREXIT), str(consultation.id)])
    assert result.exit_code == 0, result.output
    assert "Imported 50 ideas" in result.output and "Opinion groups: 2 groups" in result.output
    run = db.session.scalar(select(OpinionRun))
    assert run.groups_out == 2 and run.participants_in > 150
    out = tmp_path / "out"
    assert runner.invoke(cli, ["export-polis", str(consultation.id), "--out", str(out)]
                         ).exit_code == 0
    exported = read_votes(out / "participants-votes.csv")
    assert int((~np.isnan(exported.votes)).sum()) == VOTES
    assert len(exported.polis_groups) == run.participants_in
    assert not any(p.startswith(("k", "u", "polis")) for p in exported.participants)


def test_the_cli_says_what_is_wrong_with_a_bad_export(runner, create_consultation, tmp_path):
    consultation = create_consultation()
    (tmp_path / "comments.csv").write_text("id;text\n1;Hello\n", encoding="utf-8")
    (tmp_path / "participants-votes.csv").write_text("participant\n1\n", encoding="utf-8")
    result = runner.invoke(cli, ["import-polis", str(tmp_path), str(consultation.id)])
    assert result.exit_code == 2 and "comment-id" in result.output


def test_export_writes_both_files(db, create_consultation, tmp_path):
    consultation = create_consultation()
    run_import(db, consultation)
    assert export_polis(db.session, consultation, tmp_path) == 204
    header = (tmp_path / "comments.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("timestamp,datetime,comment-id")
