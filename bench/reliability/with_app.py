"""Commands the reliability runs execute inside Consult's app context, through its services.

    python -m bench.reliability.with_app prepare --volunteers 1500 --seats 40
    python -m bench.reliability.with_app snapshot
    python -m bench.reliability.with_app start
    python -m bench.reliability.with_app jobs --run ID --draw ID
    python -m bench.reliability.with_app verify < acknowledged.json

Each prints one line of JSON. `verify` reads {"marker": prefix, "acknowledged": {marker:
tracking token}, "before": submissions before the window, "run": id, "draw": id}.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench.selection import CATEGORIES, pool, quotas
from consult import create_app
from consult.accounts.users import find_by_email
from consult.assemblies import setup as assemblies
from consult.core import events
from consult.core.tokens import read_tracking_token
from consult.demo.loader import DEMO_SLUG
from consult.demo.plan import FACILITATOR
from consult.extensions import db
from consult.models import (
    Assembly,
    ClusteringRun,
    Consultation,
    Draw,
    Embedding,
    Event,
    Phase,
    Submission,
    SubmissionStatus,
    Theme,
    Volunteer,
)
from consult.nlp.cache import text_hash
from consult.plans import drafting as plans
from consult.themes import clustering

SEED = 20261123
MARKER = re.compile(r"\[(rel-[\w-]+)\]")
CREATED = ("submission.created", "submission.imported")


def _analysed(session: Session) -> Consultation:
    return session.scalar(select(Consultation).where(Consultation.slug == DEMO_SLUG))


def prepare(session: Session, volunteers: int, seats: int) -> dict:
    """A plan on the analysed consultation, with an assembly and a pool ready to draw."""
    facilitator = find_by_email(session, FACILITATOR)
    today = date.today()  # noqa: DTZ011 - a plan's dates are calendar days
    plan = plans.create_plan(session, facilitator, _analysed(session), "Reliability plan",
                             today, today + timedelta(days=365))
    categories = [{"name": name, "values": list(shares)} for name, shares in CATEGORIES.items()]
    assembly = assemblies.create_assembly(session, facilitator, plan, "Reliability assembly",
                                          seats, categories)
    session.flush()
    assemblies.set_quotas(session, facilitator, assembly, quotas(seats))
    out = io.StringIO()
    writer = csv.DictWriter(out, ["id", *CATEGORIES])
    writer.writeheader()
    writer.writerows(pool(volunteers, random.Random(SEED)))
    assemblies.import_pool(session, facilitator, assembly, out.getvalue().encode())
    session.commit()
    return {"assembly": assembly.id, "volunteers": volunteers, "seats": seats}


def snapshot(session: Session) -> dict:
    """What the clients need, and the number of submissions before they start."""
    open_one = session.scalar(select(Consultation).where(Consultation.phase == Phase.OPEN)
                              .order_by(Consultation.id))
    idea = session.scalar(select(Submission.id).where(
        Submission.consultation_id == open_one.id,
        Submission.status == SubmissionStatus.PUBLISHED).order_by(Submission.id))
    return {"consultation": open_one.id, "idea": idea,
            "submissions": session.scalar(select(func.count(Submission.id)))}


def start(session: Session) -> dict:
    """Queue a clustering run of the analysed consultation and the assembly's draw."""
    facilitator = find_by_email(session, FACILITATOR)
    run = clustering.request_run(session, facilitator, _analysed(session), None, seed=0)
    assembly = session.scalar(select(Assembly).order_by(Assembly.id.desc()))
    draw = assemblies.start_draw(session, facilitator, assembly, seed=SEED)
    session.commit()
    return {"run": run.id, "draw": draw.id}


def jobs(session: Session, run_id: int | None, draw_id: int | None) -> dict:
    """Where the clustering run and the draw are, and whether what they wrote is whole."""
    result: dict = {}
    run = session.get(ClusteringRun, run_id) if run_id else None
    if run is not None:
        themes = session.scalar(select(func.count(Theme.id))
                                .where(Theme.created_by_run_id == run.id))
        whole = themes > 0 if run.status.value == "succeeded" else (
            not run.current and themes == 0)
        result["run"] = {"status": run.status.value, "stage": run.stage, "error": run.error,
                         "themes": themes, "whole": whole}
    draw = session.get(Draw, draw_id) if draw_id else None
    if draw is not None:
        seated = session.scalar(select(func.count(Volunteer.id))
                                .where(Volunteer.selected_by_id == draw.id))
        done = draw.status.value == "done"
        whole = (seated == draw.size == len(draw.selected)) if done else seated == 0
        result["draw"] = {"status": draw.status.value, "error": draw.error, "seats": draw.size,
                          "seated": seated, "pool": draw.pool_size, "whole": whole}
    return result


def _event_counts(session: Session) -> dict[int, int]:
    rows = session.execute(select(Event.object_id, func.count(Event.id))
                           .where(Event.object_type == "submission", Event.action.in_(CREATED))
                           .group_by(Event.object_id))
    return dict(rows.all())


def verify(session: Session, claim: dict) -> dict:
    """Every acknowledged idea stored, once, with its event; nothing stored half-way."""
    stored = {}  # marker -> [(id, nonce, text)]
    rows = session.execute(select(Submission.id, Submission.tracking_nonce, Submission.text)
                           .where(Submission.text.contains(claim["marker"])))
    for submission_id, nonce, text in rows:
        for marker in MARKER.findall(text):
            stored.setdefault(marker, []).append((submission_id, nonce, text))
    lost = []
    for marker, token in claim["acknowledged"].items():
        parsed = read_tracking_token(token)
        if parsed is None or parsed not in [(i, n) for i, n, _ in stored.get(marker, [])]:
            lost.append(marker)
    counts = _event_counts(session)
    ids = set(session.scalars(select(Submission.id)))
    hashes = set(session.scalars(select(Embedding.text_hash).distinct()))
    texts = [text for found in stored.values() for _, _, text in found]
    organisation_id = session.scalar(select(Consultation.organisation_id).limit(1))
    chain = events.verify_chain(session, organisation_id)
    return {
        "stored": session.scalar(select(func.count(Submission.id))) - claim["before"],
        "stored_marked": sum(len(found) for found in stored.values()),
        "lost": len(lost), "lost_examples": lost[:5],
        "stored_not_acknowledged": len(set(stored) - set(claim["acknowledged"])),
        "stored_twice": sum(1 for found in stored.values() if len(found) > 1),
        "without_event": sum(1 for i in ids if counts.get(i, 0) == 0),
        "several_events": sum(1 for i in ids if counts.get(i, 0) > 1),
        "events_without_submission": sum(1 for i in counts if i not in ids),
        "embedded": sum(1 for text in texts if text_hash(text) in hashes),
        "chain_ok": chain.broken_id is None, "chain_checked": chain.checked,
        **jobs(session, claim.get("run"), claim.get("draw")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    prepare_cmd = commands.add_parser("prepare")
    prepare_cmd.add_argument("--volunteers", type=int, default=1500)
    prepare_cmd.add_argument("--seats", type=int, default=40)
    commands.add_parser("snapshot")
    commands.add_parser("start")
    jobs_cmd = commands.add_parser("jobs")
    jobs_cmd.add_argument("--run", type=int)
    jobs_cmd.add_argument("--draw", type=int)
    commands.add_parser("verify")
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        session = db.session
        if args.command == "prepare":
            answer = prepare(session, args.volunteers, args.seats)
        elif args.command == "snapshot":
            answer = snapshot(session)
        elif args.command == "start":
            answer = start(session)
        elif args.command == "jobs":
            answer = jobs(session, args.run, args.draw)
        else:
            answer = verify(session, json.loads(input()))
    print(json.dumps(answer))


if __name__ == "__main__":
    main()
