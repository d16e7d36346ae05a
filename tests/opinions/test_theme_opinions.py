"""Per theme: which themes hold common ground and which divide, on the opinion map and on the
public theme page."""

from sqlalchemy import select

from consult.models import Phase, Stance, Submission, Theme, ThemeMembership
from consult.opinions import voting
from tests.fixtures.themes import THEMES
from tests.opinions.test_computing import compute


def test_themes_show_their_common_ground_and_divisions(client, client_as, db, clustered):
    consultation, run, _ = clustered
    consultation.phase = Phase.ANALYSIS
    texts = {text: name for name, members in THEMES.items() for text in members}
    ideas = db.session.scalars(select(Submission).where(
        Submission.consultation_id == consultation.id)).all()
    for bloc in (0, 1):
        for person in range(10):
            voter = voting.Voter(None, f"bloc{bloc}-{person}")
            for idea in ideas:
                name = texts[idea.text]
                stance = (Stance.AGREE if name == "parks" or (name == "roads") == (bloc == 0)
                          else Stance.DISAGREE)
                voting.cast_vote(db.session, idea, voter, stance)
    db.session.commit()
    compute(db, consultation)

    def theme_of(text: str) -> Theme:
        return db.session.scalar(select(Theme).join(
            ThemeMembership, ThemeMembership.theme_id == Theme.id).join(
            Submission, Submission.id == ThemeMembership.submission_id).where(
            ThemeMembership.run_id == run.id, Submission.text == text))

    parks, roads = theme_of(THEMES["parks"][0]), theme_of(THEMES["roads"][0])
    page = client.get(f"/consultations/{consultation.id}/themes/{parks.id}").get_data(
        as_text=True)
    assert "Where the opinion groups stand" in page and "Common ground in this theme" in page
    assert "divide the groups" not in page
    page = client.get(f"/consultations/{consultation.id}/themes/{roads.id}").get_data(
        as_text=True)
    assert "Ideas of this theme that divide the groups" in page
    assert "Common ground in this theme" not in page
    official = client_as("official").get(f"/respond/themes/{roads.id}").get_data(as_text=True)
    assert "Ideas of this theme that divide the groups" in official
    overview = client.get(f"/consultations/{consultation.id}/opinions").get_data(as_text=True)
    table = overview.split('id="themes"')[1]
    assert table.index(parks.label) < table.index(roads.label)  # common ground first
