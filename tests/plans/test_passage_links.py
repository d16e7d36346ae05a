"""Passages of ideas linked to a commitment: offsets checked against the text as stored, the
editor's selectable text, and refusals shown on the field they concern."""

from __future__ import annotations

import html as html_module
import re

import pytest

from consult.models import ProvenanceLink
from consult.plans import drafting as plans
from consult.plans import passages, provenance
from consult.plans.passages import LinkError, Piece
from consult.themes.state import live_themes
from tests.fixtures.clients import csrf_token

TEXT = "Safer crossings 🚸 near schools.\r\nAnd lights\n\nat night."


@pytest.fixture
def drafted(db, plan, clustered, create_submission):
    """A draft commitment from the first theme, and an idea with CR LF and an emoji."""
    consultation, _, facilitator = clustered
    theme = sorted(live_themes(db.session, consultation.id), key=lambda t: t.id)[0]
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    db.session.commit()
    return commitment, create_submission(consultation, TEXT), facilitator


def test_pieces_give_each_line_and_line_end_its_offset_in_the_stored_text():
    found = passages.pieces(TEXT)
    assert found == [Piece(0, "Safer crossings 🚸 near schools."),
                     Piece(31, "\r\n", line_end=True), Piece(33, "And lights"),
                     Piece(43, "\n", line_end=True), Piece(44, "\n", line_end=True),
                     Piece(45, "at night.")]
    assert all(TEXT[p.at:p.at + len(p.text)] == p.text for p in found)
    assert passages.pieces("") == []


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    (0, len(TEXT) + 1, "passage_end", "within the idea's 54 characters"),
    (50, 80, "passage_end", "within the idea's 54 characters"),
    (5, 5, "passage_end", "must end after it starts"),
    (9, 3, "passage_end", "must end after it starts"),
    (-1, 4, "passage_start", "within the idea's 54 characters"),
])
def test_add_link_refuses_a_passage_outside_the_text_or_empty(db, drafted, start, end, field,
                                                              message):
    commitment, idea, facilitator = drafted
    with pytest.raises(LinkError, match=message) as refused:
        provenance.add_link(db.session, facilitator, commitment, submission_id=idea.id,
                            passage=(start, end))
    assert refused.value.field == field


def test_a_passage_counts_characters_as_stored(db, drafted):
    commitment, idea, facilitator = drafted
    link = provenance.add_link(db.session, facilitator, commitment, submission_id=idea.id,
                               passage=(16, 33))
    assert link.passage == "🚸 near schools.\r\n"
    whole = provenance.add_link(db.session, facilitator, commitment, submission_id=idea.id,
                                passage=(0, len(TEXT)))
    assert whole.passage == TEXT


def test_a_passage_needs_an_idea(db, drafted):
    commitment, _, facilitator = drafted
    with pytest.raises(LinkError, match="part of an idea") as refused:
        provenance.add_link(db.session, facilitator, commitment,
                            theme_id=commitment.links[0].theme_id, passage=(0, 4))
    assert refused.value.field == "idea"


def test_passages_come_first_among_the_editors_links(db, drafted):
    commitment, idea, facilitator = drafted
    provenance.add_link(db.session, facilitator, commitment, submission_id=idea.id,
                        passage=(0, 5), note="The wording")
    db.session.commit()
    links = provenance.links_page(db.session, commitment)
    assert [link.passage for link in links.passages] == ["Safer"]
    assert links.themes and all(link.theme_id for link in links.themes)
    assert all(link.passage_start is None for link in links.ideas.items)


def post_link(client, commitment, **data):
    page = f"/facilitate/commitments/{commitment.id}"
    return client.post(f"{page}/links", data={**data, "csrf_token": csrf_token(client, page)})


def field_error(html: str, field: str) -> str:
    match = re.search(rf'<p id="{field}-error" class="error-message">(.*?)</p>', html, re.S)
    assert match, f"no error on {field}"
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


@pytest.mark.parametrize(("start", "end", "field", "status", "message"), [
    ("0", "55", "passage_end", 400, "The passage must lie within the idea's 54 characters."),
    ("7", "7", "passage_end", 400, "The passage must end after it starts."),
    ("20", "10", "passage_end", 400, "The passage must end after it starts."),
    ("3", "", "passage_start", 422, "Give both the first and the last character of the "
                                    "passage, or neither."),
    ("", "9", "passage_end", 422, "Give both the first and the last character of the "
                                  "passage, or neither."),
])
def test_the_link_form_shows_a_bad_passage_on_its_field(db, client_as, drafted, start, end,
                                                        field, status, message):
    commitment, idea, _ = drafted
    client = client_as("facilitator")
    before = db.session.query(ProvenanceLink).count()
    response = post_link(client, commitment, idea=idea.id, passage_start=start,
                         passage_end=end, note="x")
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert field_error(html, field) == "Error: " + message
    assert "<title>Error: " in html and 'href="#' + field + '"' in html  # the summary links it
    assert 'id="add-link" open' in html and 'data-passage-source' in html  # the text stays
    db.session.rollback()
    assert db.session.query(ProvenanceLink).count() == before


def test_the_link_form_adds_a_passage_typed_as_offsets(db, client_as, drafted):
    commitment, idea, _ = drafted
    client = client_as("facilitator")
    response = post_link(client, commitment, idea=idea.id, passage_start="33",
                         passage_end="43", note="The lights")
    assert response.status_code == 302
    link = db.session.query(ProvenanceLink).filter_by(submission_id=idea.id).one()
    assert (link.passage_start, link.passage_end, link.passage) == (33, 43, "And lights")


def test_the_editor_shows_an_ideas_text_in_pieces_to_select_from(db, client_as, drafted):
    commitment, idea, _ = drafted
    client = client_as("facilitator")
    html = client.get(f"/facilitate/commitments/{commitment.id}?quote={idea.id}"
                      ).get_data(as_text=True)
    source = html[html.index("data-passage-source"):]
    source = source[:source.index("</div>")]
    assert ('<span data-at="0">Safer crossings 🚸 near schools.</span><br data-at="31">'
            '<span data-at="33">And lights</span><br data-at="43"><br data-at="44">'
            '<span data-at="45">at night.</span>') in source
    assert 'data-length="54"' in source
    assert f'id="idea" name="idea" type="number" value="{idea.id}"' in html  # ready to link
    assert 'id="add-link" open' in html


def test_the_editor_refuses_to_show_an_idea_of_another_consultation(db, client_as, drafted,
                                                                   create_consultation,
                                                                   create_submission):
    commitment, _, _ = drafted
    stranger = create_submission(create_consultation(), "An idea from elsewhere entirely")
    client = client_as("facilitator")
    response = client.get(f"/facilitate/commitments/{commitment.id}?quote={stranger.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "That idea is not part of this plan&#39;s consultation." in html
    assert "data-passage-source" not in html and stranger.text not in html
    assert client.get(f"/facilitate/commitments/{commitment.id}?quote=abc").status_code == 200


def test_the_public_commitment_page_shows_passages_first_and_open(db, client, drafted):
    commitment, idea, facilitator = drafted
    provenance.add_link(db.session, facilitator, commitment, submission_id=idea.id,
                        passage=(33, 43), note="Lights at crossings")
    plans.publish_commitment(db.session, facilitator, commitment)
    plans.publish_plan(db.session, facilitator, commitment.plan)
    db.session.commit()
    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    sources = html[html.index('id="sources"'):html.index("<h2>Milestones</h2>")]
    quoted = sources.index("<mark>And lights</mark>")
    assert quoted < sources.index("Theme:") < sources.index("<details")
    assert "<details" not in sources[:quoted] and "Lights at crossings" in sources
    assert f'href="/ideas/{idea.id}">idea {idea.id}</a>' in sources
    one_by_one = sources[sources.index("<details"):]
    assert "<mark>" not in one_by_one  # a passage is not listed again among whole ideas
    whole = db.session.query(ProvenanceLink).filter(
        ProvenanceLink.commitment_id == commitment.id, ProvenanceLink.theme_id.is_(None),
        ProvenanceLink.passage_start.is_(None)).count()
    assert whole > 1 and f"{whole} ideas linked one by one" in one_by_one


def test_the_editor_lists_passages_before_themes_and_ideas(db, client_as, drafted):
    commitment, idea, facilitator = drafted
    provenance.add_link(db.session, facilitator, commitment, submission_id=idea.id,
                        passage=(0, 5))
    db.session.commit()
    html = client_as("facilitator").get(f"/facilitate/commitments/{commitment.id}"
                                        ).get_data(as_text=True)
    listed = html[html.index("Where this came from"):html.index('id="add-link"')]
    assert (listed.index(f"Passage of idea {idea.id}: <mark>Safer</mark>")
            < listed.index("Theme:") < listed.index("Idea "))
