"""An idea imported from an older source shows the date it was written next to the date the
city received it; an idea without one shows only the date received."""

from __future__ import annotations

from datetime import UTC, datetime


def test_the_date_written_shows_on_the_idea_its_timeline_and_the_list(client,
                                                                      create_consultation,
                                                                      create_submission):
    consultation = create_consultation()
    old = create_submission(consultation, "Keep the library open on Sundays",
                            original_at=datetime(2018, 3, 17, 1, 1, tzinfo=UTC))
    new = create_submission(consultation, "Plant trees along the river path")

    page = client.get(f"/ideas/{old.id}").get_data(as_text=True)
    listing = client.get(f"/consultations/{consultation.id}/ideas").get_data(as_text=True)
    plain = client.get(f"/ideas/{new.id}").get_data(as_text=True)

    assert page.count("2018") == 2  # "written on" in the details, "Written" in the timeline
    assert "written on" in page and "Written" in page
    assert "written on" in listing and listing.count("2018") == 1
    assert "written on" not in plain and "2018" not in plain
