from consult.cli import cli
from consult.models import Consultation, Submission, SubmissionStatus, User


def test_demo_loads_once_with_an_account_per_role_and_real_ideas(runner, db):
    first = runner.invoke(cli, ["demo", "--without-themes"])
    assert first.exit_code == 0, first.output
    assert "facilitator@demo.consult.example" in first.output
    second = runner.invoke(cli, ["demo", "--without-themes"])
    assert "already loaded" in second.output
    assert db.session.query(Consultation).count() == 2  # one being analysed, one open
    assert db.session.query(Submission).count() == 896 + 8
    hidden = db.session.query(Submission).filter_by(status=SubmissionStatus.HIDDEN).count()
    assert hidden > 0
    roles = {role.name for user in db.session.query(User) for role in user.roles}
    assert roles == {"resident", "facilitator", "official", "monitor", "admin"}


def test_demo_if_empty_leaves_an_existing_database_alone(runner, db, create_consultation):
    create_consultation()
    result = runner.invoke(cli, ["demo", "--if-empty", "--without-themes"])
    assert "not loaded" in result.output
    assert db.session.query(Submission).count() == 0


def test_demo_home_page_shows_the_consultation_and_attribution(runner,
                                                              empty_installation_client):
    client = empty_installation_client
    runner.invoke(cli, ["demo", "--without-themes"])
    html = client.get("/").get_data(as_text=True)
    assert "What matters for the future of our city?" in html
    assert "Computational Democracy Project" in html
    assert "CC BY 4.0" in html


def test_demo_event_log_verifies(runner, db):
    runner.invoke(cli, ["demo", "--without-themes"])
    result = runner.invoke(cli, ["audit", "verify"])
    assert result.exit_code == 0
    assert "events verified" in result.output


def test_demo_has_a_realistic_spread_of_channels_areas_supports_and_flags(runner, db):
    from consult.models import Flag, Support

    runner.invoke(cli, ["demo", "--without-themes"])
    ideas = db.session.query(Submission).all()
    assert len({idea.channel for idea in ideas}) >= 4
    assert len({idea.area for idea in ideas}) >= 4
    assert db.session.query(Support).count() == sum(idea.support_count for idea in ideas) > 0
    assert db.session.query(Flag).count() > 0


def test_demo_groups_the_ideas_into_reviewed_themes_the_public_can_see(
        runner, db, empty_installation_client, use_model):
    from consult.models import ClusteringRun, CurationAction, CurationKind

    client = empty_installation_client
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    run = db.session.query(ClusteringRun).one()
    assert run.current and run.themes_out >= 3 and run.ideas_in > 600
    assert "Themes: " in result.output
    kinds = {action.kind for action in db.session.query(CurationAction)}
    assert {CurationKind.RENAME, CurationKind.MERGE, CurationKind.PIN, CurationKind.LOCK} <= kinds
    html = client.get(f"/consultations/{run.consultation_id}/themes").get_data(as_text=True)
    assert "<svg" in html and "reviewed by facilitators" in html

    from consult.models import ActionPlan, ProvenanceLink
    from consult.plans.provenance import SOURCE_PAGE

    plan = db.session.query(ActionPlan).one()
    assert plan.is_published and len(plan.commitments) == 3
    for commitment in plan.commitments:
        assert commitment.status.value == "published" and len(commitment.milestones) == 3
        assert len(commitment.revisions) >= 2
        page = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
        ideas = db.session.query(ProvenanceLink).filter(
            ProvenanceLink.commitment_id == commitment.id,
            ProvenanceLink.submission_id.is_not(None)).count()
        assert ideas > 0 and page.count('href="/ideas/') >= min(ideas, SOURCE_PAGE)
    assert runner.invoke(cli, ["audit", "verify"]).exit_code == 0
    _assert_demo_assembly(db, plan)
    _assert_demo_answers(db, client, plan)
    _assert_demo_implementation(db, plan)
    again = runner.invoke(cli, ["demo"])
    assert again.exit_code == 0 and "already loaded" in again.output


def _assert_demo_assembly(db, plan):
    """300 volunteers, 30 members meeting every quota, and a closed, published round with
    comments, amendments (one accepted into the commitment's history) and ratings."""
    from consult.assemblies import setup as assemblies
    from consult.models import Amendment, AmendmentStatus, Assembly, CommitmentRevision, Rating

    assembly = db.session.query(Assembly).one()
    assert len(assembly.volunteers) == 300
    seated = assemblies.members(assembly)
    assert len(seated) == 30
    held = assemblies.composition(seated, assembly)
    for quota in assemblies.quotas_of(assembly):
        assert quota.min <= held[quota.category][quota.value] <= quota.max, quota
    assert assembly.draws[0].published_at is not None
    [round_] = assembly.rounds
    assert round_.stage.value == "results" and round_.published_at is not None
    assert db.session.query(Rating).count() > 50
    statuses = {a.status for a in db.session.query(Amendment)}
    assert AmendmentStatus.ACCEPTED in statuses
    amended = db.session.query(CommitmentRevision).filter(
        CommitmentRevision.round_id == round_.id).one()
    assert amended.commitment.plan_id == plan.id


def _assert_demo_answers(db, client, plan):
    """Every status published, reviewed by a second account; a theme answered at once (a row
    per idea), a correction, answers linked to commitments, and ideas still unanswered."""
    from consult.models import Response, ResponseState, ResponseStatus
    from consult.themes.state import current_memberships

    published = db.session.query(Response).filter_by(state=ResponseState.PUBLISHED).all()
    assert {answer.status for answer in published} == set(ResponseStatus)
    top = [answer for answer in published if answer.from_theme_id is None]
    assert all(a.reviewed_by_id not in (None, a.drafted_by_id) for a in top)
    for answer in top:
        if answer.status is not ResponseStatus.ACCEPTED:
            assert len(answer.text) > 100, answer.status
    theme_answers = [answer for answer in top if answer.submission_id is None]
    assert len(theme_answers) >= 1
    members = current_memberships(db.session, plan.consultation_id)
    for answer in theme_answers:
        ideas = {idea for idea, theme in members.items() if theme == answer.theme_id}
        rows = db.session.query(Response).filter_by(from_theme_id=answer.id).all()
        assert rows and {row.submission_id for row in rows} <= ideas
    assert sum(1 for answer in top if answer.submission_id is not None) >= 5
    assert sum(1 for answer in top if answer.commitments) >= 2
    superseded = db.session.query(Response).filter_by(state=ResponseState.SUPERSEDED).one()
    correction = db.session.query(Response).filter_by(corrects_id=superseded.id).one()
    assert correction.state is ResponseState.PUBLISHED and correction.correction_reason
    assert db.session.query(Response).filter_by(state=ResponseState.IN_REVIEW).count() == 1
    idea_page = client.get(f"/ideas/{superseded.submission_id}").get_data(as_text=True)
    assert "retime the signals on Scottsville Road itself" in idea_page

    from consult.responses.accountability import you_said_we_did

    report = you_said_we_did(db.session, plan.consultation)
    assert 0 < report.answered < report.total and report.unanswered > 0
    assert all(row.count > 0 for row in report.by_status)
    page = client.get(f"/consultations/{plan.consultation_id}/you-said-we-did")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"{report.answered} ideas answered" in html
    assert f"{report.unanswered} ideas waiting for an answer" in html
    assert "Partly accepted" in html and "Answers to themes" in html


def _assert_demo_implementation(db, plan):
    """The plan adopted, progress reported with evidence, and one published assessment."""
    from consult.models import Assessment, PlanStatus, ProgressUpdate

    db.session.refresh(plan)
    assert plan.adopted_sha256 and plan.adopted_on and plan.status is PlanStatus.IMPLEMENTING
    updates = db.session.query(ProgressUpdate).all()
    assert len(updates) >= 3 and all(update.text for update in updates)
    assert sum(1 for update in updates if update.evidence_url.startswith("https://")) >= 2
    [assessment] = db.session.query(Assessment).all()
    assert assessment.published_at is not None and assessment.evidence
