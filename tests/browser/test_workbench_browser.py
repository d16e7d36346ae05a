"""A facilitator groups ideas into themes in a real browser: with and without JavaScript.

The queued clustering job runs in this process (`jobs.run_pending()`), as a worker would: the
live server is a thread of this process, so it shares the database and the in-memory queue.
axe-core checks the workbench, a facilitator's theme page and the public theme pages in
English and Arabic; each is saved as a 360×640 screenshot in test-output/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from consult import jobs
from consult.core.base import utcnow
from consult.models import ClusteringRun, Phase, RunStatus, Theme
from consult.themes import clustering
from consult.themes.state import current_memberships, live_themes
from tests.browser.support import (
    BROWSER,
    OVERFLOWING,
    no_request_left_the_machine,
    open_and_check,
    open_details,
    pages_in,
    screenshot,
    sign_in,
    translate,
)
from tests.browser.test_browser_accessibility import axe_violations, describe

pytestmark = BROWSER

# The workbench polls the progress block every 2 s; a reload after the run ends can take
# one poll, a slow request and the page load.
POLL_TIMEOUT = 15_000


def workbench_path(consultation) -> str:
    return f"/facilitate/consultations/{consultation.id}/themes"


def live(db, consultation) -> list[Theme]:
    db.session.commit()  # a new transaction: see what the live server committed
    return sorted(live_themes(db.session, consultation.id), key=lambda theme: theme.id)


def start_a_run(page, consultation, themes: str) -> None:
    page.goto(workbench_path(consultation))
    expect(page.get_by_text("There are no themes yet. Run clustering to group the ideas.")
           ).to_be_visible()
    page.get_by_label("Number of themes (optional)").fill(themes)
    page.get_by_role("button", name="Run clustering").click()
    expect(page.get_by_text("Clustering started. This page shows its progress.")).to_be_visible()
    progress = page.locator("#run-progress")
    expect(progress.locator("progress")).to_be_visible()
    expect(progress.get_by_role("status")).to_contain_text("Waiting for a worker")


def rename(page, name: str) -> None:
    open_details(page, "Rename and describe")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Save the name").click()


@pytest.mark.usefixtures("use_model")
def test_a_facilitator_runs_clustering_and_curates_with_javascript(
        browsing, db, create_user, themed_consultation):
    facilitator = create_user("facilitator")
    page = browsing.new_page(javascript=True)
    sign_in(page, facilitator)
    start_a_run(page, themed_consultation, "3")
    expect(page.locator("#run-progress")).to_have_attribute("hx-trigger", "every 2s")

    loads = []
    page.on("load", lambda _: loads.append(page.url))
    assert jobs.run_pending() == 1  # the worker's part, in this process
    # htmx polls, gets HX-Refresh and reloads the page by itself: the themes appear.
    caption = page.locator("caption", has_text="3 themes")
    themes_table = page.locator("table.data-table", has=caption)
    expect(themes_table).to_be_visible(timeout=POLL_TIMEOUT)
    assert loads == [page.url]
    expect(page.get_by_text("The first run grouped 24 ideas into 3 themes.")).to_be_visible()
    expect(page.locator("#run-progress progress")).to_have_count(0)
    expect(page.locator("#run-progress")).not_to_have_attribute("hx-trigger", "every 2s")

    first, second, third = live(db, themed_consultation)
    members = list(current_memberships(db.session, themed_consultation.id).values())
    merged_size = members.count(first.id) + members.count(second.id)
    db.session.commit()
    themes_table.get_by_role("link", name=first.label).click()
    page.wait_for_url(f"**/facilitate/themes/{first.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(first.label)

    rename(page, "Safe cycling")
    expect(page.get_by_text("The theme is renamed.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safe cycling")

    open_details(page, "Merge other themes into this one")
    page.get_by_label(second.label, exact=True).check()
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_text("The themes are merged.")).to_be_visible()
    expect(page.locator("p.meta").first).to_contain_text(f"{merged_size} ideas")
    db.session.commit()
    members = list(current_memberships(db.session, themed_consultation.id).values())
    assert members.count(first.id) == merged_size and second.id not in members
    assert [theme.id for theme in live(db, themed_consultation)] == [first.id, third.id]
    assert db.session.get(Theme, first.id).label == "Safe cycling"
    db.session.commit()

    # Refusals come back as 422 pages that workbench.js lets htmx show.
    refusals = []
    page.on("response", lambda response: refusals.append(response.status)
            if response.request.method == "POST" else None)
    rename(page, "   ")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Give the theme a name.")
    expect(page).to_have_title(re.compile(r"^Error: Safe cycling"))
    open_details(page, "Split into smaller themes")
    page.get_by_label("Split into how many themes?").fill("1")
    page.get_by_role("button", name="Split", exact=True).click()
    expect(summary).to_contain_text("Split into between 2 and")
    assert refusals == [422, 422]

    page.get_by_role("link", name=f"All themes of {themed_consultation.title}").click()
    expect(page.locator("table.data-table caption", has_text="2 themes")).to_be_visible()
    expect(page.get_by_text("Last action: Merge")).to_be_visible()
    no_request_left_the_machine(browsing)


@pytest.mark.usefixtures("use_model")
def test_a_facilitator_runs_clustering_and_curates_without_javascript(
        browsing, db, create_user, themed_consultation):
    facilitator = create_user("facilitator")
    page = browsing.new_page(javascript=False)
    sign_in(page, facilitator)
    start_a_run(page, themed_consultation, "3")
    refresh = page.get_by_role("link", name="Refresh to see the progress")
    expect(refresh).to_be_visible()

    assert jobs.run_pending() == 1
    refresh.click()
    expect(page.locator("table.data-table caption", has_text="3 themes")).to_be_visible()
    expect(page.get_by_role("link", name="Refresh to see the progress")).to_have_count(0)

    first, second, _ = live(db, themed_consultation)
    db.session.commit()
    page.get_by_role("link", name=first.label).click()
    rename(page, "Green spaces")
    expect(page.get_by_text("The theme is renamed.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Green spaces")

    first_idea = page.locator("ol.idea-list > li").first
    idea_id = int(first_idea.locator("select").get_attribute("id").removeprefix("move-"))
    first_idea.get_by_label("Move to theme").select_option(label=second.label)
    first_idea.get_by_role("button", name="Move").click()
    expect(page.get_by_text("The idea is moved.")).to_be_visible()
    expect(page.locator(f"#move-{idea_id}")).to_have_count(0)
    db.session.commit()
    assert current_memberships(db.session, themed_consultation.id)[idea_id] == second.id
    assert db.session.get(Theme, first.id).label == "Green spaces"
    db.session.commit()

    rename(page, "")
    expect(page.locator(".error-summary")).to_contain_text("Give the theme a name.")
    no_request_left_the_machine(browsing)


def hold_polling(page) -> None:
    """Stop htmx from swapping the progress block while axe reads the page."""
    page.evaluate("document.body.addEventListener('htmx:beforeRequest',"
                  " event => event.preventDefault())")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_workbench_and_theme_pages_have_no_wcag_violations(browsing, db, clustered, lang):
    consultation, run, facilitator = clustered
    consultation.phase = Phase.ANALYSIS
    db.session.commit()
    theme = live(db, consultation)[0]
    db.session.commit()
    facilitating, public = pages_in(browsing, lang, facilitator)

    pages = [
        (facilitating, "workbench", workbench_path(consultation)),
        (facilitating, "workbench-theme", f"/facilitate/themes/{theme.id}"),
        (public, "themes", f"/consultations/{consultation.id}/themes"),
        (public, "theme", f"/consultations/{consultation.id}/themes/{theme.id}"),
    ]
    found: dict[str, list[dict]] = {}
    for page, name, path in pages:
        open_and_check(page, lang, name, path)
        if name == "themes":
            expect(page.locator("figure svg[role=img]")).to_have_count(1)
        found[name] = axe_violations(page)

    # A run under way: the progress bar, polled by htmx.
    rerun = clustering.request_run(db.session, facilitator, consultation, 3)
    db.session.commit()
    jobs.queue.flush()  # it stays under way for the whole check
    rerun.status, rerun.stage, rerun.done = RunStatus.RUNNING, "embedding", 9
    rerun.started_at = rerun.heartbeat_at = utcnow()
    db.session.commit()
    facilitating.goto(workbench_path(consultation))
    progress = facilitating.locator("#run-progress progress")
    expect(progress).to_have_attribute("value", "38")
    expect(facilitating.locator("#run-progress [role=status]")).to_contain_text(
        translate(lang, "Reading the meaning of each idea"))
    hold_polling(facilitating)
    assert facilitating.evaluate(OVERFLOWING) == []
    screenshot(facilitating, lang, "workbench-running")
    found["workbench-running"] = axe_violations(facilitating)
    assert db.session.get(ClusteringRun, rerun.id).status is RunStatus.RUNNING

    # A refusal shown by htmx (422) with its error summary.
    facilitating.goto(f"/facilitate/themes/{theme.id}")
    facilitating.locator("summary").first.click()
    facilitating.locator("#label").fill("")
    facilitating.locator("details[open] button[type=submit]").click()
    expect(facilitating.locator(".error-summary")).to_contain_text(
        translate(lang, "Give the theme a name."))
    screenshot(facilitating, lang, "workbench-theme-errors")
    found["workbench-theme-errors"] = axe_violations(facilitating)

    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    print(report)
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
    no_request_left_the_machine(browsing)
