"""What a resident's idea meets on its way, built through the services as staff would: a theme,
the theme's published answer, a published commitment of a published plan drawn from the theme,
its milestones, the plan adopted and a progress update; and a citizens' assembly whose round
has published results.

Every text staff would write comes in the language of the test (`TEXTS`), so that an Arabic
page holds no English but the words a check is looking for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import force_locale, ngettext

from consult import jobs
from consult.assemblies import rounds
from consult.assemblies import setup as assemblies
from consult.core.base import utcnow
from consult.core.labels import label
from consult.models import (
    ActionPlan,
    ClusteringRun,
    Commitment,
    MilestoneStatus,
    Phase,
    RatingScale,
    ResponseStatus,
    Round,
    RunStatus,
    Submission,
    Theme,
    ThemeMembership,
)
from consult.plans import drafting as plans
from consult.plans import implementation
from consult.sortition.selection import Quota
from tests.fixtures.accountability_data import answer
from tests.fixtures.assemblies import pool_attributes

CLUSTERING = "spectral clustering of a k-nearest-neighbour cosine graph (scikit-learn)"

TEXTS = {
    "en": {
        "consultation": "Greener riverside",
        "summary": "What should the riverside become?",
        "question": "What would make the riverside greener?",
        "idea": "Plant fruit trees along the river path so children can pick them",
        "other idea": "Shade trees over the benches by the water",
        "theme": "Trees and shade",
        "answer": "We will plant 200 fruit trees along the river path.",
        "office": "Parks office",
        "plan": "Riverside action plan",
        "commitment": "Plant the riverside orchard",
        "problem": "The river path has no shade in summer.",
        "action": "Plant fruit and shade trees along the whole path.",
        "reason": "Written from the residents' ideas.",
        "milestones": ("Choose the trees with residents", "Plant the orchard"),
        "responsible": "Parks office",
        "progress": "Residents chose twelve kinds of fruit trees.",
        "assembly": "Riverside citizens' assembly",
        "round": "First readings",
        "results": "The assembly backs the riverside orchard.",
        "genders": ("woman", "man"),
    },
    "ar": {
        "consultation": "ضفاف نهر أكثر خضرة",
        "summary": "ماذا ينبغي أن تصبح ضفة النهر؟",
        "question": "ما الذي يجعل ضفة النهر أكثر خضرة؟",
        "idea": "ازرعوا أشجار الفاكهة على طول ممر النهر ليقطفها الأطفال",
        "other idea": "أشجار ظل فوق المقاعد قرب الماء",
        "theme": "الأشجار والظل",
        "answer": "سنزرع مئتي شجرة فاكهة على طول ممر النهر.",
        "office": "مكتب الحدائق",
        "plan": "خطة عمل ضفة النهر",
        "commitment": "زراعة بستان ضفة النهر",
        "problem": "لا ظل على ممر النهر في الصيف.",
        "action": "زراعة أشجار الفاكهة والظل على طول الممر كله.",
        "reason": "كُتب انطلاقًا من أفكار السكان.",
        "milestones": ("اختيار الأشجار مع السكان", "زراعة البستان"),
        "responsible": "مكتب الحدائق",
        "progress": "اختار السكان اثني عشر نوعًا من أشجار الفاكهة.",
        "assembly": "جمعية المواطنين لضفة النهر",
        "round": "القراءة الأولى",
        "results": "تؤيد الجمعية بستان ضفة النهر.",
        "genders": ("امرأة", "رجل"),
    },
}


def translate_plural(lang: str, singular: str, plural: str, num: int, **variables) -> str:
    with force_locale(lang):
        return ngettext(singular, plural, num, **variables)


def status_label(lang: str, status) -> str:
    """An answer's or milestone's status as pages show it in `lang`."""
    with force_locale(lang):
        return label(status)


def consultation_in(db, create_consultation, lang: str, phase: Phase = Phase.OPEN):
    """An open consultation written in `lang`, with one question."""
    texts = TEXTS[lang]
    consultation = create_consultation(phase, title=texts["consultation"],
                                       summary=texts["summary"], language=lang)
    consultation.questions[0].text = texts["question"]
    db.session.commit()
    return consultation


@dataclass
class Thread:
    """What became of one idea, as staff made it."""

    submission: Submission
    theme: Theme
    plan: ActionPlan
    commitment: Commitment


def build_thread(db, submission: Submission, staff, lang: str) -> Thread:
    """The idea, with another one, clustered into a theme; the theme answered (its answer
    copied onto each idea, as the answer service does) and taken up by a published commitment
    of a published, adopted plan, whose first milestone is done."""
    texts = TEXTS[lang]
    consultation = submission.consultation
    consultation.phase, consultation.closes_at = Phase.ANALYSIS, utcnow() - timedelta(days=1)
    other = Submission(consultation=consultation, question=consultation.questions[0],
                       text=texts["other idea"], language=lang, status=submission.status)
    db.session.add(other)
    theme = _cluster(db, consultation, [submission, other], texts["theme"])
    with force_locale(lang):  # what services write themselves, in the staff's language
        plan = plans.create_plan(db.session, staff, consultation, texts["plan"],
                                 date(2026, 1, 1), date(2028, 12, 31))
        commitment = plans.draft_from_themes(db.session, staff, plan, [theme.id])
        plans.edit(db.session, staff, commitment, {
            "title": texts["commitment"], "problem": texts["problem"],
            "action": texts["action"], "lead_institution": texts["office"]}, texts["reason"])
        for description, due_on in zip(texts["milestones"], (date(2026, 6, 30),
                                                              date(2027, 6, 30)), strict=True):
            plans.add_milestone(db.session, staff, commitment, description, due_on,
                                texts["responsible"])
        plans.publish_commitment(db.session, staff, commitment)
        plans.publish_plan(db.session, staff, plan)
        db.session.flush()
        _answer(db, consultation, theme, [submission, other], commitment, texts)
    db.session.commit()
    return Thread(submission, theme, plan, commitment)


def _cluster(db, consultation, ideas: list[Submission], label_: str) -> Theme:
    now = utcnow()
    run = ClusteringRun(consultation_id=consultation.id, status=RunStatus.SUCCEEDED, current=True,
                        stage="done", model="use@3", algorithm=CLUSTERING, seed=42,
                        ideas_in=len(ideas), themes_out=1, started_at=now, finished_at=now)
    theme = Theme(consultation_id=consultation.id, label=label_)
    db.session.add_all([run, theme])
    db.session.flush()
    db.session.add_all([ThemeMembership(run_id=run.id, submission_id=idea.id, theme_id=theme.id)
                        for idea in ideas])
    db.session.flush()
    return theme


def _answer(db, consultation, theme, ideas, commitment, texts) -> None:
    at = utcnow() - timedelta(hours=1)
    given = answer(db, consultation, theme=theme, status=ResponseStatus.ACCEPTED, at=at,
                   text=texts["answer"], office=texts["office"])
    given.commitments.append(commitment)
    for idea in ideas:
        copy = answer(db, consultation, idea=idea, status=ResponseStatus.ACCEPTED, at=at,
                      from_theme_id=given.id, text=texts["answer"], office=texts["office"])
        copy.commitments.append(commitment)


def adopt_and_report(db, thread: Thread, staff, lang: str) -> None:
    """The plan adopted, then its first milestone reported done."""
    with force_locale(lang):
        implementation.adopt_plan(db.session, staff, thread.plan, utcnow().date())
        first = thread.commitment.milestones[0]
        implementation.post_progress(db.session, staff, thread.commitment, first.id,
                                     MilestoneStatus.COMPLETE, utcnow().date(), None,
                                     TEXTS[lang]["progress"])
    db.session.commit()


def build_assembly(db, thread: Thread, staff, lang: str) -> Round:
    """An assembly on the plan: a pool, a panel drawn by lot (published), and a round on the
    commitment, rated by the members, closed and with its results published."""
    texts = TEXTS[lang]
    women, men = texts["genders"]
    categories = [{"name": "age", "values": ["16-39", "40-64", "65+"]},
                  {"name": "gender", "values": [women, men]}]
    gender = {"woman": women, "man": men}
    with force_locale(lang):
        assembly = assemblies.create_assembly(db.session, staff, thread.plan, texts["assembly"],
                                              6, categories, RatingScale.THREE)
        assemblies.set_quotas(db.session, staff, assembly, [
            Quota("age", "16-39", 1, 3), Quota("age", "40-64", 1, 3), Quota("age", "65+", 1, 3),
            Quota("gender", women, 2, 4), Quota("gender", men, 2, 4)])
        for number, attributes in enumerate(pool_attributes()):
            assemblies.volunteer(db.session, assembly, f"V{number}", f"v{number}@example.org",
                                 "", {**attributes, "gender": gender[attributes["gender"]]})
        assemblies.start_draw(db.session, staff, assembly, seed=20261123)
        db.session.commit()
        jobs.run_pending()  # the draw, as a worker would
        db.session.expire_all()
        assemblies.publish_draw(db.session, staff, assembly.draws[0])
        assembly.recruiting = False
        now = utcnow()
        round_ = rounds.create_round(db.session, staff, assembly, texts["round"],
                                     now - timedelta(hours=1), now + timedelta(days=7), [],
                                     [thread.commitment.id])
        rounds.advance(db.session, staff, round_)  # to the vote
        db.session.flush()
        [item] = round_.items
        for member, value in zip(assemblies.members(assembly), [1, 1, 1, 0, 1, -1],
                                 strict=True):
            rounds.rate(db.session, member, item, value)
        rounds.advance(db.session, staff, round_)  # closed: the results
        rounds.publish(db.session, staff, round_, texts["results"])
    db.session.commit()
    return round_
