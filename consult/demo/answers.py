"""The demo's answers and what follows them: officials answer two themes at once and a few
ideas one by one (every answer reviewed by a second account, one corrected), then adopt the
plan, report progress on its milestones, and a monitor publishes an assessment.

The other ideas stay unanswered, so the officials' queue is not empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.accounts.users import find_by_email
from consult.consultations.models import Consultation
from consult.core.base import utcnow
from consult.core.user import User
from consult.ideas.models import Submission, SubmissionStatus
from consult.plans import assessments, implementation
from consult.plans.models import (
    ActionPlan,
    Commitment,
    Completion,
    MilestoneStatus,
    OpenedGovernment,
)
from consult.plans.provenance import sources
from consult.responses import answering as responses
from consult.responses.accountability import you_said_we_did
from consult.responses.models import Response, ResponseStatus

OFFICIAL, REVIEWER = "official@demo.consult.example", "admin@demo.consult.example"
MONITOR = "monitor@demo.consult.example"
PUBLIC_WORKS, MANAGER = "Public Works Department", "City Manager's Office"
EVIDENCE = "https://www.bgky.example/open-government"  # .example: a link that leads nowhere

# The themes of the plan's first two commitments are answered at once, in the commitment's words.
THEME_ANSWERS = (
    (ResponseStatus.ACCEPTED,
     "These ideas became commitment {position} of the city's action plan, “{title}”. "
     "What the city will do: {action}\n\nEach milestone and its date is on the commitment's "
     "page, where the city reports its progress and independent monitors publish their "
     "assessments."),
    (ResponseStatus.PARTLY_ACCEPTED,
     "The action plan takes these ideas up in commitment {position}, “{title}”: {action}\n\n"
     "Not every proposal in this theme can be promised now. Some are decided by the "
     "Commonwealth of Kentucky or by Warren County rather than the city, and some need money "
     "the budget for the plan's two years does not have. The workshops will set priorities "
     "among the rest, and we will answer this theme again when they have reported."),
)
# (start of the idea's text, status, office, answer, the plan's commitment it links to or None)
IDEA_ANSWERS = (
    ("When resurfacing a roadway, attention should be given", ResponseStatus.ALREADY_IN_PLACE,
     PUBLIC_WORKS,
     "The city's paving contracts already require the contractor to raise manholes, valve "
     "boxes and other utility covers to the level of the new surface, and Public Works "
     "inspects each street before the work is paid for. If a cover was left low or high on a "
     "street repaved recently, tell Public Works the street and the nearest address: the "
     "contractor must fix it at no cost to the city.", None),
    ("City/County officials with connections to a project", ResponseStatus.ALREADY_IN_PLACE,
     MANAGER,
     "The city's Code of Ethics, which state law (KRS 65.003) requires every city to adopt, "
     "already obliges City Commissioners and members of city boards to declare a conflict of "
     "interest and to abstain from voting on a matter in which they have a financial "
     "interest; the Ethics Board hears complaints. Warren County officials follow the "
     "county's own code: we have passed your idea on to the Fiscal Court.", None),
    ("City/county officials should disclose to the public", ResponseStatus.PARTLY_ACCEPTED,
     MANAGER,
     "Under commitment 3 of the action plan, the city will open a public register of "
     "decisions: each item the City Commission votes on will show, before the meeting, the "
     "interests its members declared. The register will be on the city's website, free to "
     "read; the city cannot decide what the Daily News prints. Disclosures by county "
     "officials are for the Warren County Fiscal Court to decide.", 3),
    ("More choices when it comes to internet.", ResponseStatus.UNDER_CONSIDERATION, MANAGER,
     "Bowling Green Municipal Utilities (BGMU) runs a fibre network for businesses. Offering "
     "internet service to homes would need a large investment and decisions by the BGMU board "
     "and the City Commission. The city has asked BGMU for a study of the cost, the likely "
     "take-up and the legal conditions, due within a year. We will publish the study and "
     "answer again when the board has discussed it.", None),
    ("Spectrum should have competition and not a monopoly", ResponseStatus.NOT_ACCEPTED,
     MANAGER,
     "The city cannot regulate these rates. Federal law (the Cable Communications Policy Act) "
     "does not let a city set cable prices where a provider faces competition, and internet "
     "service is not regulated locally at all. The city's franchise covers the use of its "
     "streets, not prices. What the city can do is make it easier for other providers to lay "
     "fibre: see our answer on BGMU's study of internet service for homes.", None),
    ("Zoning changes should only be made with the consent", ResponseStatus.NOT_ACCEPTED,
     "City-County Planning Commission",
     "Kentucky's planning law (KRS Chapter 100) gives the decision on a zoning change to the "
     "Planning Commission and the City Commission, after a public hearing. A veto by the "
     "nearest neighbours would hand a decision that affects the whole city to a few "
     "households. Neighbours are told of every application by letter and by a sign on the "
     "site, and can speak at the hearing; the staff report is online a week before it.", None),
    ("Work needs to be done on improving litter pick up", ResponseStatus.ACCEPTED, PUBLIC_WORKS,
     "From the spring, Public Works will empty the litter bins downtown and along the main "
     "corridors twice a week instead of once, add bins at the bus stops that have none, and "
     "lend bags, gloves and grabbers to volunteer clean-ups, collecting what they pick up.",
     None),
)
# An answer published, then corrected: the first version stays visible, marked as corrected.
CORRECTED = (
    "The city should actually time stoplights correctly", PUBLIC_WORKS,
    (ResponseStatus.ACCEPTED,
     "Public Works will review the timing of the traffic signals on the busiest corridors, "
     "starting with Scottsville Road, and publish the new timing plans before the end of 2027."),
    (ResponseStatus.PARTLY_ACCEPTED,
     "Public Works will review the timing of the signals the city operates and publish the new "
     "timing plans before the end of 2027. The signals on Scottsville Road, Campbell Lane and "
     "the US 31-W Bypass are on state routes and belong to the Kentucky Transportation "
     "Cabinet: the city has asked the Cabinet's District 3 office in Bowling Green to review "
     "their rush-hour timing, but the decision is theirs."),
    "The first answer said the city would retime the signals on Scottsville Road itself. Those "
    "signals are operated by the Kentucky Transportation Cabinet, not by the city.",
)
# Drafted and sent for review, not approved yet: the reviewer's list is not empty either.
IN_REVIEW = (
    "Trains blocking major roads", ResponseStatus.UNDER_CONSIDERATION, PUBLIC_WORKS,
    "Trains that stop across a road are regulated by the Federal Railroad Administration, not "
    "the city. Public Works has reported the crossings blocked most often to the FRA's blocked "
    "crossing portal and asked CSX for its schedule of stops in the city; a study of a bridge "
    "or underpass at the busiest crossing is being considered for the next road programme.",
)


@dataclass
class AnswerSummary:
    """What the demo answered and reported; `by_status` counts ideas by their standing answer."""

    themes: list[str] = field(default_factory=list)
    ideas: int = 0  # answered one by one
    corrections: int = 0
    in_review: int = 0
    by_status: dict[ResponseStatus, int] = field(default_factory=dict)
    answered: int = 0
    unanswered: int = 0
    progress_updates: int = 0
    assessments: int = 0


def answer_demo(session: Session, consultation: Consultation, plan: ActionPlan) -> AnswerSummary:
    """Answer part of the ideas, adopt the plan and report on it; the caller commits.

    The demo consultation is in its analysis phase, so its ideas can be answered.
    """
    official, reviewer = find_by_email(session, OFFICIAL), find_by_email(session, REVIEWER)
    summary = AnswerSummary()
    summary.themes = _answer_themes(session, official, reviewer, plan)
    summary.ideas = _answer_ideas(session, official, reviewer, consultation, plan)
    _corrected_answer(session, official, reviewer, consultation)
    summary.ideas, summary.corrections = summary.ideas + 1, 1
    start, status, office, text = IN_REVIEW
    pending = responses.draft_answer(session, official, _idea(session, consultation, start),
                                     status, text, office)
    responses.submit_for_review(session, official, pending)
    summary.in_review = 1
    session.flush()
    _count(session, consultation, summary)
    summary.progress_updates = _implement(session, official, plan)
    summary.assessments = _assess(session, plan.commitments[0])
    return summary


def _answer_themes(session: Session, official: User, reviewer: User,
                   plan: ActionPlan) -> list[str]:
    """Answer the themes behind the first commitments at once; returns their labels."""
    labels = []
    for (status, text), commitment in zip(THEME_ANSWERS, plan.commitments, strict=False):
        theme = sources(session, commitment).themes[0].theme
        answer = responses.draft_theme_answer(
            session, official, theme, status, text.format(
                position=commitment.position, title=commitment.title, action=commitment.action),
            commitment.lead_institution, [commitment.id])
        _review_and_publish(session, official, reviewer, answer)
        labels.append(theme.label)
    return labels


def _answer_ideas(session: Session, official: User, reviewer: User, consultation: Consultation,
                  plan: ActionPlan) -> int:
    commitments = {c.position: c for c in plan.commitments}
    for start, status, office, text, linked in IDEA_ANSWERS:
        answer = responses.draft_answer(session, official, _idea(session, consultation, start),
                                        status, text, office,
                                        [commitments[linked].id] if linked else [])
        _review_and_publish(session, official, reviewer, answer)
    return len(IDEA_ANSWERS)


def _idea(session: Session, consultation: Consultation, start: str) -> Submission:
    idea = session.scalar(select(Submission).where(
        Submission.consultation_id == consultation.id, Submission.text.startswith(start),
        Submission.status == SubmissionStatus.PUBLISHED).order_by(Submission.id))
    if idea is None:
        raise LookupError(f"demo idea not found: {start!r}")
    return idea


def _review_and_publish(session: Session, official: User, reviewer: User,
                        answer: Response) -> None:
    """The review path: the official asks, a second account approves, the official publishes."""
    session.flush()
    responses.submit_for_review(session, official, answer)
    responses.approve(session, reviewer, answer)
    responses.publish(session, official, answer)


def _corrected_answer(session: Session, official: User, reviewer: User,
                      consultation: Consultation) -> None:
    start, office, (status, text), (new_status, new_text), reason = CORRECTED
    first = responses.draft_answer(session, official, _idea(session, consultation, start),
                                   status, text, office)
    _review_and_publish(session, official, reviewer, first)
    correction = responses.correct(session, official, first, new_status, new_text, reason)
    _review_and_publish(session, official, reviewer, correction)


def _count(session: Session, consultation: Consultation, summary: AnswerSummary) -> None:
    report = you_said_we_did(session, consultation)
    summary.by_status = {row.status: row.count for row in report.by_status}
    summary.answered, summary.unanswered = report.answered, report.unanswered


# --- after the answers: adoption, progress, assessment ----------------------------------------

# (commitment position, milestone index, status, evidence link path or "", text)
PROGRESS = (
    (1, 0, MilestoneStatus.COMPLETE, "/baseline.csv",
     "The baseline is published: every street, sidewalk and drainage request of the last two "
     "years, by neighbourhood, with its status and its cost where known, as a spreadsheet and "
     "on a public map. The map will be updated every quarter."),
    (1, 1, MilestoneStatus.IN_PROGRESS, "",
     "Work on the first progress report has started: each department has named a contact who "
     "sends its figures by the tenth day after the end of each quarter."),
    (2, 0, MilestoneStatus.COMPLETE, "/workshops/map.html",
     "The Planning Department published the baseline: the ideas behind this commitment, mapped "
     "by neighbourhood, next to the projects already planned in each area. The map shows where "
     "the three public workshops will be held; childcare is offered at each."),
    (3, 0, MilestoneStatus.DELAYED, "/decisions/delay-notice.pdf",
     "The baseline is late. Decisions taken before 2024 are on paper and are being scanned "
     "before they go into the public register. The City Manager's Office now expects to "
     "publish the baseline and the map in the next quarter, and explains the delay in the "
     "notice linked here."),
)
ASSESSMENT = (
    Completion.LIMITED, OpenedGovernment.MARGINAL,
    "The baseline and the map were published as promised, and we could check them: a sample "
    "of thirty requests matched the department's records. The first progress report is being "
    "prepared, and the independent review has not started, so completion is limited.\n\n"
    "It has opened government marginally so far. Residents can now see every request and its "
    "status, which they could not before. But the budget line per neighbourhood, which the "
    "citizens' assembly asked for and the commitment now promises, is not published yet, and "
    "nothing yet shows why one project comes before another. We will assess the commitment "
    "again after the first progress report.",
    ("/baseline.csv", "/monitoring/sample-check.pdf"),
)


def _implement(session: Session, official: User, plan: ActionPlan) -> int:
    """Adopt the plan today and report progress on its milestones; returns how many updates."""
    today = utcnow().date()
    implementation.adopt_plan(session, official, plan, today)
    commitments = {c.position: c for c in plan.commitments}
    for position, index, status, evidence, text in PROGRESS:
        commitment = commitments[position]
        implementation.post_progress(session, official, commitment,
                                     commitment.milestones[index].id, status, today,
                                     EVIDENCE + evidence if evidence else "", text)
    session.flush()
    return len(PROGRESS)


def _assess(session: Session, commitment: Commitment) -> int:
    completion, opened, text, evidence = ASSESSMENT
    assessments.publish_assessment(session, find_by_email(session, MONITOR), commitment,
                                   completion, opened, text, [EVIDENCE + e for e in evidence])
    session.flush()
    return 1
