"""A member's round in pages: deliberating, voting, and the published results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.assemblies import rounds
from consult.core.base import utcnow
from consult.models import (
    Amendment,
    AmendmentSupport,
    Comment,
    Commitment,
    Ranking,
    Rating,
)
from consult.web.diffs import word_diff
from tests.fixtures.assembly_pages import join, members_of, post, publish, round_path
from tests.fixtures.clients import csrf_token

# --- a member's round: deliberation --------------------------------------------------------------

def test_member_comments_and_replies_one_level_deep(db, app, open_round):
    round_, _ = open_round
    first, second = members_of(open_round)[:2]
    item = round_.items[0]
    path = f"/rounds/{round_.id}/items/{item.id}/comments"
    ana, ben = join(app, first), join(app, second)
    response = post(ana, round_, path, {"body": "Publish the data monthly."})
    top = db.session.scalar(select(Comment))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{round_path(round_)}#comment-{top.id}")
    assert post(ben, round_, path, {"body": "Weekly!", "parent": top.id}).status_code == 302
    reply = db.session.scalar(select(Comment).where(Comment.body == "Weekly!"))
    post(ana, round_, path, {"body": "Monthly is enough.", "parent": reply.id})
    deeper = db.session.scalar(select(Comment).where(Comment.body == "Monthly is enough."))
    assert reply.parent_id == top.id and deeper.parent_id == top.id  # one level of replies
    html = ana.get(round_path(round_)).get_data(as_text=True)
    assert "Publish the data monthly." in html and "Weekly!" in html
    assert "3 comments" not in html and "1 comment" in html  # replies sit under their comment


def test_empty_comment_is_refused_and_the_page_says_why(db, app, open_round):
    round_, _ = open_round
    client = join(app, members_of(open_round)[0])
    response = post(client, round_, f"/rounds/{round_.id}/items/{round_.items[0].id}/comments",
                    {"body": "   "})
    assert response.status_code == 400
    assert "Write your comment." in response.get_data(as_text=True)
    assert db.session.scalar(select(Comment)) is None


def test_member_proposes_an_amendment_shown_before_and_after(db, app, open_round):
    round_, _ = open_round
    commitment = round_.items[0].commitment
    client = join(app, members_of(open_round)[0])
    page = client.get(f"{round_path(round_)}?amend={commitment.id}&field=action")
    assert "What Open budget data will do.</textarea>" in page.get_data(as_text=True)
    response = post(client, round_, f"/rounds/{round_.id}/amendments", {
        "commitment": commitment.id, "field": "action",
        "proposed": "What Open budget data will do every month.", "rationale": "Regularity."})
    amendment = db.session.scalar(select(Amendment))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#amendment-{amendment.id}")
    assert amendment.original == "What Open budget data will do."
    html = client.get(round_path(round_)).get_data(as_text=True)
    change = word_diff(amendment.original, amendment.proposed)
    assert "<ins>every month</ins>" in change.after and "<del>" not in change.before
    assert ('<dl class="text-change">\n  <dt>Current text</dt>\n'
            f'  <dd class="text-change-text" dir="auto">{change.before}</dd>') in html
    assert ('<dt>Proposed text</dt>\n'
            f'  <dd class="text-change-text" dir="auto">{change.after}</dd>') in html
    assert "1 supporter" in html and "You support this change." in html
    assert f"/assemblies/amendments/{amendment.id}/support" not in html


def test_amendment_to_a_commitment_not_on_the_agenda_is_refused(db, app, open_round):
    round_, _ = open_round
    elsewhere = Commitment(plan_id=round_.assembly.plan_id, position=3, title="Not on it")
    db.session.add(elsewhere)
    db.session.commit()
    client = join(app, members_of(open_round)[0])
    response = post(client, round_, f"/rounds/{round_.id}/amendments", {
        "commitment": elsewhere.id, "field": "title", "proposed": "Another title"})
    assert response.status_code == 400
    assert "not on this round&#39;s agenda" in response.get_data(as_text=True)
    assert db.session.scalar(select(Amendment)) is None


def test_refused_amendment_keeps_the_text_typed(db, app, open_round):
    round_, _ = open_round
    commitment = round_.items[1].commitment
    client = join(app, members_of(open_round)[0])
    response = post(client, round_, f"/rounds/{round_.id}/amendments", {
        "commitment": commitment.id, "field": "title", "proposed": commitment.title,
        "rationale": "Same words"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "the same as the current text" in html
    assert f'<details id="amend-{commitment.id}" open>' in html and ">Same words</textarea>" in html


def test_members_support_an_amendment_once(db, app, open_round):
    round_, _ = open_round
    author, supporter = members_of(open_round)[:2]
    amendment = rounds.propose_amendment(db.session, author, round_, round_.items[1].commitment_id,
                                         "title", "Safer crossings near schools")
    db.session.commit()
    client = join(app, supporter)
    path = f"/amendments/{amendment.id}/support"
    assert f"/assemblies{path}" in client.get(round_path(round_)).get_data(as_text=True)
    assert post(client, round_, path, {}).status_code == 302
    again = post(client, round_, path, {})
    assert again.status_code == 409
    assert "You already support this amendment." in again.get_data(as_text=True)
    supports = db.session.scalars(select(AmendmentSupport)).all()
    assert sorted(s.member_id for s in supports) == sorted([author.id, supporter.id])
    assert "2 supporters" in client.get(round_path(round_)).get_data(as_text=True)


# --- a member's round: voting --------------------------------------------------------------------

@pytest.fixture
def voting(db, open_round):
    round_, facilitator = open_round
    rounds.advance(db.session, facilitator, round_)
    db.session.commit()
    return round_, facilitator


def test_member_rates_every_item_and_a_second_rating_replaces_the_first(db, app, voting):
    round_, _ = voting
    client = join(app, members_of(voting)[0])
    first, second = round_.items
    path = f"/rounds/{round_.id}/ratings"
    response = post(client, round_, path, {f"item-{first.id}": "1", f"item-{second.id}": "0"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#voting")
    assert post(client, round_, path, {f"item-{first.id}": "-1"}).status_code == 302
    ratings = db.session.scalars(select(Rating)).all()
    assert sorted((r.item_id, r.value) for r in ratings) == [(first.id, -1), (second.id, 0)]
    html = client.get(round_path(round_)).get_data(as_text=True)
    assert f'name="item-{first.id}" value="-1" checked' in html
    assert f'name="item-{first.id}" value="1">' in html


def test_rating_outside_the_scale_is_refused(db, app, voting):
    round_, _ = voting
    client = join(app, members_of(voting)[0])
    item = round_.items[0]
    response = post(client, round_, f"/rounds/{round_.id}/ratings", {f"item-{item.id}": "7"})
    assert response.status_code == 400
    assert "A rating is one of -1, 0, 1." in response.get_data(as_text=True)
    assert db.session.scalar(select(Rating)) is None


def test_member_ranks_the_commitments_each_in_its_own_place(db, app, voting):
    round_, _ = voting
    member = members_of(voting)[0]
    client = join(app, member)
    first, second = (item.id for item in round_.items)
    path = f"/rounds/{round_.id}/ranking"
    assert post(client, round_, path, {"place": [second, first]}).status_code == 302
    assert db.session.scalar(select(Ranking.item_ids)) == [second, first]
    twice = post(client, round_, path, {"place": [first, first]})
    assert twice.status_code == 400
    assert "Give each commitment a different place." in twice.get_data(as_text=True)
    assert db.session.scalar(select(Ranking.item_ids)) == [second, first]


def test_comments_are_closed_while_voting(db, app, voting):
    round_, _ = voting
    client = join(app, members_of(voting)[0])
    response = post(client, round_, f"/rounds/{round_.id}/items/{round_.items[0].id}/comments",
                    {"body": "Too late?"})
    assert response.status_code == 409
    assert "the round is voting now" in response.get_data(as_text=True)


# --- who may act, and when -----------------------------------------------------------------------

@pytest.mark.parametrize("role", [None, "resident", "facilitator"])
def test_only_members_act_in_a_round(db, app, client_as, open_round, role):
    round_, _ = open_round
    publish(db, round_.assembly)
    client = client_as(role) if role else app.test_client()
    item = round_.items[0]
    token = csrf_token(client, "/login" if role is None else "/")
    response = client.post(f"/assemblies/rounds/{round_.id}/items/{item.id}/comments",
                           data={"csrf_token": token, "body": "Let me in"})
    assert response.status_code == 403
    assert "Only members of the assembly can take part" in response.get_data(as_text=True)
    assert db.session.scalar(select(Comment)) is None


def test_public_cannot_post_to_a_round_of_an_unpublished_plan(db, client, open_round):
    round_, _ = open_round
    response = client.post(f"/assemblies/rounds/{round_.id}/ratings",
                           data={"csrf_token": csrf_token(client), "item-1": "1"})
    assert response.status_code == 403


def test_acting_before_the_round_opens_is_refused(db, app, open_round):
    round_, _ = open_round
    round_.opens_at = utcnow() + timedelta(days=1)
    db.session.commit()
    client = join(app, members_of(open_round)[0])
    page = client.get(round_path(round_)).get_data(as_text=True)
    assert "This round opens on" in page and "Send my comment" not in page
    response = post(client, round_, f"/rounds/{round_.id}/items/{round_.items[0].id}/comments",
                    {"body": "Early bird"})
    assert response.status_code == 403
    assert "This round has not opened yet" in response.get_data(as_text=True)
    assert db.session.scalar(select(Comment)) is None


def test_acting_after_the_round_closes_is_refused(db, app, open_round):
    round_, facilitator = open_round
    client = join(app, members_of(open_round)[0])
    token = csrf_token(client, round_path(round_))
    rounds.close(db.session, facilitator, round_)
    db.session.commit()
    response = client.post(f"/assemblies/rounds/{round_.id}/ratings",
                           data={"csrf_token": token, f"item-{round_.items[0].id}": "1"})
    assert response.status_code == 403
    assert "This round is closed" in response.get_data(as_text=True)
    assert db.session.scalar(select(Rating)) is None


# --- results -------------------------------------------------------------------------------------

def test_results_are_published_for_everyone_once_the_round_closes(db, client, voting):
    round_, facilitator = voting
    publish(db, round_.assembly)
    first, second = round_.items
    seated = members_of(voting)
    for member, value in zip(seated, (1, 1, -1, -1), strict=False):
        rounds.rate(db.session, member, first, value)
    rounds.rate(db.session, seated[0], second, 1)
    rounds.rank(db.session, seated[0], round_, [second.id, first.id])
    db.session.commit()
    before = client.get(round_path(round_)).get_data(as_text=True)
    assert "The results are published when the round closes." in before
    rounds.close(db.session, facilitator, round_)
    rounds.publish(db.session, facilitator, round_, "The assembly **prefers** safer crossings.")
    db.session.commit()
    html = client.get(round_path(round_)).get_data(as_text=True)
    assert "<strong>prefers</strong>" in html
    assert "4 of 6 members rated it" in html and "1 of 6 members rated it" in html
    assert "50%" in html and "100%" in html
    assert "The assembly is divided on this item." in html  # an even split between the ends
    assert html.count("The assembly is divided") == 1
    assert "Ranking: 1 point" in html and "ranked first by 1 member" in html
    assert '<meter min="0" max="1" value="0.0"' in html


def test_accepted_amendment_shows_on_the_commitment_page(db, client, open_round):
    round_, facilitator = open_round
    publish(db, round_.assembly)
    commitment = round_.items[0].commitment
    amendment = rounds.propose_amendment(db.session, members_of(open_round)[0], round_,
                                         commitment.id, "action", "Publish it every month.")
    db.session.commit()
    rounds.close(db.session, facilitator, round_)
    rounds.accept_amendment(db.session, facilitator, amendment)
    rounds.publish(db.session, facilitator, round_, "One change accepted.")
    db.session.commit()
    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert "Publish it every month." in html
    assert (f'<a href="{round_path(round_)}">Amended by the assembly in round 1</a>') in html
    results = client.get(round_path(round_)).get_data(as_text=True)
    assert "Accepted" in results and f'href="/commitments/{commitment.id}"' in results
