"""One of everything, so that every URL with an id names a real row, and a client per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from consult.accounts import api_tokens
from consult.assemblies import rounds
from consult.core.tokens import invitation_token, tracking_token, unsubscribe_token
from consult.models import (
    ActionPlan,
    Milestone,
    ProvenanceLink,
    RoleName,
    Submission,
    SubmissionStatus,
    Theme,
)
from tests.fixtures.accountability_data import answer
from tests.fixtures.assembly_pages import join, members_of, publish, publish_draw


@dataclass
class World:
    ids: dict[str, int]  # URL argument name -> a real id
    tokens: dict[str, str]  # endpoint -> a genuine token for its <token>
    clients: dict[str, object] = field(default_factory=dict)  # role (or "anonymous") -> client


@pytest.fixture
def world(app, db, plan, open_round, create_submission, client_as) -> World:
    consultation = plan.consultation
    theme = db.session.query(Theme).filter_by(consultation_id=consultation.id).first()
    idea = db.session.query(Submission).filter_by(consultation_id=consultation.id).first()
    flagged = create_submission(consultation, "An idea someone flagged as off topic",
                                status=SubmissionStatus.PUBLISHED)
    round_, _facilitator = open_round
    assembly = round_.assembly
    publish(db, assembly)
    draw = publish_draw(db, (assembly, _facilitator))
    member = members_of(open_round)[0]
    item = round_.items[0]
    commitment = db.session.get(ActionPlan, assembly.plan_id).commitments[0]
    note = rounds.comment(db.session, member, item, "A first comment on this draft")
    amendment = rounds.propose_amendment(db.session, member, round_, commitment.id, "action",
                                         "A better action", "Because it is clearer")
    link = ProvenanceLink(commitment_id=commitment.id, theme_id=None, submission_id=idea.id,
                          note="Shaped by this idea")
    db.session.add_all([link, Milestone(commitment_id=commitment.id, description="First step",
                                        due_on=date(2027, 6, 1))])
    response = answer(db, consultation, idea=idea, text="We will do it")
    token, _ = api_tokens.create(db.session, _facilitator, "Script", "write")
    db.session.commit()
    ids = {"consultation_id": consultation.id, "theme_id": theme.id, "submission_id": idea.id,
           "plan_id": plan.id, "commitment_id": commitment.id, "assembly_id": assembly.id,
           "draw_id": draw.id, "number": round_.number, "round_id": round_.id,
           "item_id": item.id, "amendment_id": amendment.id, "volunteer_id": member.id,
           "link_id": link.id, "response_id": response.id, "comment_id": note.id,
           "flagged_id": flagged.id, "answer_id": response.id, "token_id": token.id}
    tokens = {"assemblies.join": invitation_token(member.id, member.token_nonce),
              "mail.unsubscribe_form": unsubscribe_token("resident@example.org"),
              "mail.unsubscribe": unsubscribe_token("resident@example.org"),
              "submissions.track": tracking_token(idea.id, idea.tracking_nonce),
              "me.tracked_data": tracking_token(idea.id, idea.tracking_nonce)}
    world = World(ids, tokens)
    world.clients["anonymous"] = app.test_client()
    for role in RoleName:
        world.clients[role.value] = client_as(role.value)
    world.clients["member"] = join(app, member)
    return world
