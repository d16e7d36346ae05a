"""How long each kind of request and job holds SQLite's write lock.

    python -m bench.write_lock            # about a minute; prints a table in Markdown

An in-process app on a temporary SQLite file with the demo loaded (no themes), CSRF and
rate limits off, so each request can be sent as a form would be. Every transaction that
takes the write lock logs how long it held it, from its first write to its COMMIT
(`consult.database`, debug level); the table groups those by endpoint, or by job. Requests
that only read never appear in it. The commit itself is measured apart.
"""

from __future__ import annotations

import io
import logging
import statistics
import tempfile
from collections import defaultdict
from pathlib import Path

from flask import has_request_context, request

HELD: dict[str, list[float]] = defaultdict(list)
JOB = ["job"]  # what runs outside a request, named by the step that runs it


class LockTimes(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        kind = request.endpoint if has_request_context() else JOB[0]
        HELD[kind or "?"].append(float(record.args[0]))


def _staff_signed_in(app, email: str, password: str):
    """A client of the staff account `email`, given an authenticator app and recovery codes,
    signed in in two steps as staff must be."""
    from consult.accounts.store import user_datastore
    from consult.accounts.users import find_by_email
    from consult.extensions import db

    totp = app.extensions["security"].totp_factory
    secret = totp.generate_totp_secret()
    with app.app_context():
        user = find_by_email(db.session, email)
        user_datastore.tf_set(user, "authenticator", totp_secret=secret)
        user.mf_recovery_codes = []
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": email, "password": password})
    client.post("/tf-validate", data={"code": totp.generate_totp_password(secret)})
    return client


def main() -> None:
    from flask_migrate import upgrade

    from bench.reliability.clients import form_fields
    from consult import create_app, jobs
    from consult.accounts.users import find_by_email
    from consult.demo.loader import DEMO_PASSWORD
    from consult.demo.plan import FACILITATOR
    from consult.extensions import db
    from consult.ideas.intake import MAX_ROWS
    from consult.models import Consultation, Phase, Submission, SubmissionStatus, Theme
    from consult.themes import clustering

    folder = Path(tempfile.mkdtemp(prefix="consult-lock-"))
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'consult.db'}",
        "JOBS_BACKEND": "memory", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
        "SUBMIT_MIN_SECONDS": 0, "MAIL_BACKEND": "locmem",
    })
    with app.app_context():
        upgrade()
    assert app.test_cli_runner().invoke(args=["demo", "--without-themes"]).exit_code == 0
    logger = logging.getLogger("consult.database")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(LockTimes())

    with app.app_context():
        open_one = db.session.scalar(
            db.select(Consultation).where(Consultation.phase == Phase.OPEN))
        ideas = db.session.scalars(db.select(Submission.id).where(
            Submission.consultation_id == open_one.id,
            Submission.status == SubmissionStatus.PUBLISHED).limit(20)).all()
        consultation_id = open_one.id
    resident = app.test_client()
    form_path = f"/consultations/{consultation_id}/ideas/new"
    text = "Safer crossings near the schools on the ring road, please"
    for number in range(40):
        fields = form_fields(resident.get(form_path).get_data(as_text=True))
        resident.post(form_path, data={**fields, "text": f"{text} ({number})"})
        resident.post(f"/consultations/{consultation_id}/ideas/similar", data={"text": text})
        resident.post(form_path, data={**fields, "text": text, "preview": "1"})
    for idea_id in ideas:
        app.test_client().post(f"/ideas/{idea_id}/support")
        resident.post(f"/ideas/{idea_id}/flag", data={"reason": "spam", "note": "a note"})

    staff = _staff_signed_in(app, FACILITATOR, DEMO_PASSWORD)
    intake = f"/facilitate/consultations/{consultation_id}/ideas/new"
    for number in range(10):
        fields = form_fields(staff.get(intake).get_data(as_text=True))
        staff.post(intake, data={**fields, "text": f"Idea from the paper forms, number {number}",
                                 "channel": "paper"})
    rows = "text\n" + "".join(f"Idea number {n} from the workshop wall\n" for n in range(500))
    staff.post(f"/facilitate/consultations/{consultation_id}/ideas/import",
               data={"file": (io.BytesIO(rows.encode()), "ideas.csv"), "text_column": "text",
                     "channel": "workshop"}, content_type="multipart/form-data")
    measured = sum(len(times) for times in HELD.values())
    assert measured >= 40 + 2 * len(ideas) + 10 + 1, f"only {measured} writes: forms refused"
    with app.app_context():
        JOB[0] = "job: embed new ideas (per batch)"
        jobs.run_pending()  # the embedding jobs the new ideas queued
        JOB[0] = "job: clustering run (progress, then the swap)"
        facilitator = find_by_email(db.session, FACILITATOR)
        run = clustering.request_run(db.session, facilitator,
                                     db.session.get(Consultation, consultation_id), None, seed=0)
        db.session.commit()
        jobs.run_pending()
        run_id = run.id
        themes = db.session.scalars(db.select(Theme.id).where(
            Theme.consultation_id == consultation_id, Theme.retired_at.is_(None))).all()
    staff.post(f"/facilitate/themes/{themes[0]}/merge",
               data={"run_id": run_id, "themes": themes[1:3]})
    # The largest file the import takes.
    rows = "text\n" + "".join(f"Idea number {n} from the town hall meeting\n"
                              for n in range(MAX_ROWS))
    staff.post(f"/facilitate/consultations/{consultation_id}/ideas/import",
               data={"file": (io.BytesIO(rows.encode()), "ideas.csv"), "text_column": "text",
                     "channel": "workshop"}, content_type="multipart/form-data")

    print("| request or job | transactions | median ms | max ms |")
    print("|---|---:|---:|---:|")
    for kind, times in sorted(HELD.items()):
        print(f"| `{kind}` | {len(times)} | {statistics.median(times):.1f} | {max(times):.1f} |")
    if "submissions.similar" not in HELD:
        print("| `submissions.similar` | 0: it only reads | – | – |")
    print(f"\nA commit (fsync, synchronous=FULL) adds {commit_ms(folder):.1f} ms (median) to each.")


def commit_ms(folder: Path) -> float:
    """The cost of COMMIT itself on this disk, which the table leaves out."""
    import sqlite3
    import time

    connection = sqlite3.connect(folder / "fsync.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE t (x)")
    times = []
    for number in range(50):
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t VALUES (?)", (number,))
        started = time.perf_counter()
        connection.execute("COMMIT")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    main()
