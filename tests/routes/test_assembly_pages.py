"""The citizens' assembly's public pages, the volunteer form, draw records, invitation links and
a member's round: deliberating, voting, and the published results."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from consult.models import (
    Amendment,
    AmendmentSupport,
    Comment,
    Commitment,
    CommitmentStatus,
    Ranking,
    Rating,
    Volunteer,
)
from consult.models.base import new_nonce, utcnow
from consult.services import assemblies, rounds, selection
from consult.tokens import invitation_token
from consult.web.diffs import word_diff
from tests.fixtures.clients import csrf_token

PERSONAL = ("Volunteer 1", "volunteer1@example.org", "@example.org")


def publish(db, assembly):
    """Publish the plan and its commitments, as a facilitator would once they are ready."""
    for commitment in assembly.plan.commitments:
        commitment.status, commitment.published_at = CommitmentStatus.PUBLISHED, utcnow()
    assembly.plan.published_at = utcnow()
    db.session.commit()


def publish_draw(db, drawn):
    assembly, facilitator = drawn
    draw = assembly.draws[0]
    assemblies.publish_draw(db.session, facilitator, draw)
    db.session.commit()
    return draw


def join(app, member):
    """A client holding `member`'s invitation link."""
    client = app.test_client()
    response = client.get(f"/assemblies/join/{invitation_token(member.id, member.token_nonce)}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def round_path(round_):
    return f"/assemblies/{round_.assembly_id}/rounds/{round_.number}"


def post(client, round_, path, data):
    token = csrf_token(client, round_path(round_))
    return client.post(f"/assemblies{path}", data={**data, "csrf_token": token})


def members_of(open_round):
    return assemblies.members(open_round[0].assembly)


# --- the public page -----------------------------------------------------------------------------

def test_public_page_shows_composition_and_quotas_without_personal_data(db, client, drawn):
    assembly, _ = drawn
    publish(db, assembly)
    draw = publish_draw(db, drawn)
    response = client.get(f"/assemblies/{assembly.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Citizens&#39; assembly" in html and "6 seats" in html and "6 members seated" in html
    held = assemblies.composition(assemblies.members(assembly), assembly)
    assert f'<th scope="row">woman</th>\n      <td>{held["gender"]["woman"]}</td>' in html
    assert "2 to 4" in html and "Age band" in html
    assert f"/assemblies/{assembly.id}/draws/{draw.id}" in html
    assert "Volunteer for the assembly" not in html  # the draw closed recruitment
    for private in PERSONAL + tuple(v.reference for v in assembly.volunteers):
        assert private not in html


def test_public_page_invites_volunteers_while_recruiting(db, client, assembly):
    publish(db, assembly)
    html = client.get(f"/assemblies/{assembly.id}").get_data(as_text=True)
    assert f'href="/assemblies/{assembly.id}/volunteer"' in html
    assert "No draw is published yet." in html and "No round is planned yet." in html


def test_assembly_pages_forbidden_to_the_public_while_the_plan_is_unpublished(
        db, client, client_as, assembly):
    assert client.get(f"/assemblies/{assembly.id}").status_code == 403
    assert client.get(f"/assemblies/{assembly.id}/volunteer").status_code == 200
    facilitator = client_as("facilitator")
    page = facilitator.get(f"/assemblies/{assembly.id}")
    assert page.status_code == 200
    assert "only facilitators and the assembly's members see this page" in page.get_data(
        as_text=True)


def test_plan_page_links_to_its_assembly(db, client, assembly):
    publish(db, assembly)
    html = client.get(f"/plans/{assembly.plan_id}").get_data(as_text=True)
    assert f'href="/assemblies/{assembly.id}"' in html


# --- volunteering --------------------------------------------------------------------------------

def volunteer(client, assembly, **fields):
    path = f"/assemblies/{assembly.id}/volunteer"
    data = {"csrf_token": csrf_token(client, path), "name": "Amal Haddad",
            "email": "amal@example.org", "phone": "", "category_0": "40-64",
            "category_1": "woman", "consent": "y", **fields}
    return client.post(path, data=data)


def test_volunteer_joins_the_pool_and_sees_their_reference(db, client, assembly):
    response = volunteer(client, assembly)
    assert response.status_code == 302
    person = db.session.scalar(select(Volunteer).where(Volunteer.name == "Amal Haddad"))
    assert person.email == "amal@example.org" and person.language == "en"
    assert person.attributes == {"age": "40-64", "gender": "woman"}
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200
    assert person.reference in thanks.get_data(as_text=True)


@pytest.mark.parametrize(("fields", "status", "message"), [
    ({"email": "", "phone": ""}, 400, "Give an email address or a phone number"),
    ({"category_0": ""}, 422, "Choose your answer for “Age band”."),
    ({"category_1": "robot"}, 422, "Not a valid choice"),
    ({"consent": ""}, 422, "Tick the box to agree"),
    ({"email": "not-an-address"}, 422, "Enter an email address like name@example.org."),
    ({"name": "  "}, 422, "Write your name."),
])
def test_volunteer_refused_with_a_clear_message(db, client, assembly, fields, status, message):
    before = len(assembly.volunteers)
    response = volunteer(client, assembly, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in html and "There is a problem" in html
    assert 'value="Amal Haddad"' in html or fields.get("name")  # what was typed is kept
    db.session.expire_all()
    assert len(db.session.get(type(assembly), assembly.id).volunteers) == before


def test_volunteer_with_a_phone_only_is_accepted(db, client, assembly):
    assert volunteer(client, assembly, email="", phone="+34 600 123 456").status_code == 302
    person = db.session.scalar(select(Volunteer).where(Volunteer.name == "Amal Haddad"))
    assert person.phone == "+34 600 123 456" and person.email == ""


def test_volunteer_form_closed_when_recruitment_ends(db, client, assembly):
    path = f"/assemblies/{assembly.id}/volunteer"
    token = csrf_token(client, path)
    assembly.recruiting = False
    db.session.commit()
    page = client.get(path)
    assert page.status_code == 403
    assert "no longer taking volunteers" in page.get_data(as_text=True)
    refused = client.post(path, data={"csrf_token": token, "name": "Late", "email": "l@x.org",
                                      "category_0": "65+", "category_1": "man", "consent": "y"})
    assert refused.status_code == 403
    assert db.session.scalar(select(Volunteer).where(Volunteer.name == "Late")) is None


def test_flood_of_volunteers_from_one_address_gets_429(client, assembly, rate_limits,
                                                       monkeypatch):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SUBMIT", "2 per minute")
    statuses = [volunteer(client, assembly, name=f"Person {n}").status_code for n in range(3)]
    assert statuses == [302, 302, 429]


# --- draw records --------------------------------------------------------------------------------

DOWNLOADS = ("", "/record.json", "/pool.csv", "/quotas.csv", "/panel.csv")


def test_draw_record_is_hidden_until_published(db, client_as, drawn):
    assembly, _ = drawn
    facilitator = client_as("facilitator")
    base = f"/assemblies/{assembly.id}/draws/{assembly.draws[0].id}"
    assert [facilitator.get(base + suffix).status_code for suffix in DOWNLOADS] == [404] * 5


def test_draw_record_page_shows_what_anyone_needs_to_rerun_it(db, client, drawn):
    assembly, _ = drawn
    publish(db, assembly)
    draw = publish_draw(db, drawn)
    html = client.get(f"/assemblies/{assembly.id}/draws/{draw.id}").get_data(as_text=True)
    assert str(draw.seed) in html and draw.pool_sha256 in html and draw.algorithm in html
    assert assemblies.record_of(draw)["rerun"] in html
    assert f"{draw.min_probability:.4f}" in html and f"{draw.max_probability:.4f}" in html
    assert all(reference in html for reference in draw.selected)
    assert "<td>16-39</td><td>1</td><td>3</td>" in html
    for private in PERSONAL:
        assert private not in html


def test_draw_downloads_match_the_record(db, client, drawn):
    assembly, _ = drawn
    publish(db, assembly)
    draw = publish_draw(db, drawn)
    base = f"/assemblies/{assembly.id}/draws/{draw.id}"
    pool = client.get(base + "/pool.csv")
    assert pool.status_code == 200 and pool.mimetype == "text/csv"
    assert 'filename="pool.csv"' in pool.headers["Content-Disposition"]
    assert hashlib.sha256(pool.data).hexdigest() == draw.pool_sha256
    assert "@" not in pool.get_data(as_text=True)
    record = json.loads(client.get(base + "/record.json").data)
    assert record == json.loads(json.dumps(assemblies.record_of(draw)))
    quotas = selection.read_quotas_csv(client.get(base + "/quotas.csv").get_data(as_text=True))
    assert quotas == [selection.Quota(**q) for q in draw.quotas]
    panel = list(csv.DictReader(io.StringIO(client.get(base + "/panel.csv").get_data(
        as_text=True))))
    assert [row["id"] for row in panel] == draw.selected
    seated = {v.reference: v.attributes for v in assemblies.members(assembly)}
    assert all(seated[row["id"]] == {"age": row["age"], "gender": row["gender"]}
               for row in panel)


def test_draw_record_forbidden_while_the_plan_is_unpublished(db, client, drawn):
    draw = publish_draw(db, drawn)
    assert client.get(f"/assemblies/{drawn[0].id}/draws/{draw.id}/pool.csv").status_code == 403


# --- invitation links ----------------------------------------------------------------------------

def test_member_joins_with_their_link_and_lands_on_the_open_round(db, app, open_round):
    round_, _ = open_round
    member = members_of(open_round)[0]
    client = app.test_client()
    response = client.get(f"/assemblies/join/{invitation_token(member.id, member.token_nonce)}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(round_path(round_))
    db.session.expire_all()
    assert db.session.get(Volunteer, member.id).joined_at is not None
    html = client.get(round_path(round_)).get_data(as_text=True)
    assert f"as member {member.reference}" in html and "Send my comment" in html


def test_member_without_an_open_round_lands_on_the_assembly_page(db, app, drawn):
    assembly, _ = drawn
    member = assemblies.members(assembly)[0]
    response = app.test_client().get(
        f"/assemblies/join/{invitation_token(member.id, member.token_nonce)}")
    assert response.headers["Location"].endswith(f"/assemblies/{assembly.id}")


def test_forged_link_is_refused(db, client, drawn):
    member = assemblies.members(drawn[0])[0]
    token = invitation_token(member.id, member.token_nonce)
    response = client.get(f"/assemblies/join/{token[:-3]}abc")
    assert response.status_code == 403
    assert "This invitation link is not valid" in response.get_data(as_text=True)


def test_expired_link_asks_for_a_new_one(db, client, drawn, monkeypatch):
    member = assemblies.members(drawn[0])[0]
    long_ago = int(time.time()) - 61 * 86400  # the links work 60 days
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: long_ago)
        token = invitation_token(member.id, member.token_nonce)
    response = client.get(f"/assemblies/join/{token}")
    assert response.status_code == 410
    assert "Ask the assembly&#39;s facilitator for a new link" in response.get_data(as_text=True)
    assert db.session.get(Volunteer, member.id).joined_at is None


def test_link_of_a_member_who_dropped_out_is_refused_and_signs_them_out(db, app, open_round):
    round_, facilitator = open_round
    member = members_of(open_round)[0]
    token = invitation_token(member.id, member.token_nonce)
    client = join(app, member)
    assemblies.drop_out(db.session, facilitator, member)
    db.session.commit()
    response = client.get(f"/assemblies/join/{token}")
    assert response.status_code == 403
    assert "no longer have a seat" in response.get_data(as_text=True)
    html = client.get(round_path(round_)).get_data(as_text=True)
    assert "Send my comment" not in html and member.reference not in html


def test_link_replaced_by_a_newer_one_is_refused(db, app, drawn):
    member = assemblies.members(drawn[0])[0]
    old_token = invitation_token(member.id, member.token_nonce)
    client = join(app, member)
    member.token_nonce = new_nonce()  # as when a facilitator sends a new link
    db.session.commit()
    assert client.get(f"/assemblies/join/{old_token}").status_code == 403
    # The plan is unpublished: only members see the page, and this device is no longer one.
    assert client.get(f"/assemblies/{drawn[0].id}").status_code == 403
    assert join(app, member).get(f"/assemblies/{drawn[0].id}").status_code == 200


def test_link_of_a_volunteer_never_drawn_is_refused(db, client, drawn):
    outsider = next(v for v in drawn[0].volunteers if not v.is_member)
    token = invitation_token(outsider.id, outsider.token_nonce)
    response = client.get(f"/assemblies/join/{token}")
    assert response.status_code == 403


def test_leaving_the_device_ends_the_membership_there(db, app, open_round):
    round_, _ = open_round
    client = join(app, members_of(open_round)[0])
    token = csrf_token(client, round_path(round_))
    response = client.post(f"/assemblies/{round_.assembly_id}/leave",
                           data={"csrf_token": token})
    assert response.status_code == 302
    item = round_.items[0]
    refused = client.post(f"/assemblies/rounds/{round_.id}/items/{item.id}/comments",
                          data={"csrf_token": token, "body": "Still here?"})
    assert refused.status_code == 403  # the plan is unpublished and this device is nobody now
    assert db.session.scalar(select(Comment)) is None


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


def test_member_proposes_an_amendment_shown_as_a_word_diff(db, app, open_round):
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
    diff = word_diff(amendment.original, amendment.proposed)
    assert "<ins>do every month.</ins>" in diff
    assert f'<p class="idea-text" dir="auto">{diff}</p>' in html
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
