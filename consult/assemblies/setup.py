"""A citizens' assembly: its categories and quotas, the volunteer pool, the lottery that draws
the panel and its replacements, and the members' invitation links."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import asdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.assemblies import pool_privacy
from consult.assemblies.labels import keep_labels, plain
from consult.assemblies.models import (
    AgendaItem,
    Assembly,
    Draw,
    DrawKind,
    DrawStatus,
    Rating,
    RatingScale,
    Round,
    Volunteer,
)
from consult.core import events
from consult.core.base import new_nonce, utcnow
from consult.core.csv_reading import decode_csv
from consult.core.errors import Conflict, ConsultError, NotAllowed
from consult.core.outbox import enqueue_after_commit
from consult.core.user import User
from consult.plans.models import ActionPlan
from consult.sortition import selection
from consult.sortition.selection import Quota, SelectionProblem

MAX_SEATS = 500
MAX_CATEGORIES = 8
CONTACT_COLUMNS = ("name", "email", "phone", "language")
DEFAULT_CATEGORIES = (
    ("age", ("16-29", "30-44", "45-64", "65+")),
    ("gender", ("woman", "man", "another")),
)


# --- set-up --------------------------------------------------------------------------------------

def parse_categories(text: str) -> list[dict]:
    """Categories written one per line as `name: value, value, …`."""
    categories, names = [], set()
    for line in text.splitlines():
        if not line.strip():
            continue
        name, colon, values = line.partition(":")
        name = name.strip().casefold()
        values = list(dict.fromkeys(v.strip() for v in values.split(",") if v.strip()))
        if not colon or not name or len(values) < 2:
            raise ConsultError(_l("Write each category on its own line as “name: value, value”, "
                                  "with at least two values: “%(line)s” is not.",
                                  line=line.strip()))
        if name in names or name in ("id", *CONTACT_COLUMNS):
            raise ConsultError(_l("The category name “%(name)s” is used twice or reserved.",
                                  name=name))
        names.add(name)
        categories.append({"name": name, "values": values})
    if not categories:
        raise ConsultError(_l("Give at least one category, such as age band or area."))
    if len(categories) > MAX_CATEGORIES:
        raise ConsultError(_l("An assembly has at most %(n)s categories.", n=MAX_CATEGORIES))
    return categories


def categories_text(categories: list[dict]) -> str:
    return "\n".join(f"{c['name']}: {', '.join(c['values'])}" for c in categories)


def default_categories(plan: ActionPlan) -> list[dict]:
    areas = list(plan.consultation.areas or [])
    extra = [{"name": "area", "values": areas}] if len(areas) >= 2 else []
    return [{"name": name, "values": list(values)} for name, values in DEFAULT_CATEGORIES] + extra


def create_assembly(session: Session, actor: User, plan: ActionPlan, title: str, size: int,
                    categories: list[dict],
                    rating_scale: RatingScale = RatingScale.THREE) -> Assembly:
    existing = assembly_of_plan(session, plan)
    if existing is not None:
        raise Conflict(_l("This plan already has its assembly."))
    assembly = Assembly(organisation_id=plan.organisation_id, plan=plan)
    session.add(assembly)
    _set_up(assembly, title, size, categories, rating_scale)
    events.record(session, actor, "assembly.created", assembly, {"plan": plan.id, "size": size})
    return assembly


def update_assembly(session: Session, actor: User, assembly: Assembly, title: str, size: int,
                    categories: list[dict], rating_scale: RatingScale, recruiting: bool) -> None:
    changed = plain(categories) != plain(assembly.categories)
    if panel_draw(assembly) and (size != assembly.size or changed):
        raise NotAllowed(_l("The panel is drawn: its size and categories can no longer change."))
    if changed and assembly.volunteers:
        raise NotAllowed(_l("Volunteers have signed up with these categories: they can no "
                            "longer change."))
    if rating_scale != assembly.rating_scale and _has_ratings(session, assembly):
        raise NotAllowed(_l("Members have rated on this scale: it can no longer change."))
    _set_up(assembly, title, size, categories, rating_scale)
    assembly.recruiting = recruiting
    events.record(session, actor, "assembly.updated", assembly, {"size": size})


def _has_ratings(session: Session, assembly: Assembly) -> bool:
    return session.scalar(select(Rating.id).join(AgendaItem).join(Round)
                          .where(Round.assembly_id == assembly.id).limit(1)) is not None


def _set_up(assembly: Assembly, title: str, size: int, categories: list[dict],
            rating_scale: RatingScale) -> None:
    if not title.strip():
        raise ConsultError(_l("Give the assembly a title."))
    if not 2 <= size <= MAX_SEATS:
        raise ConsultError(_l("An assembly has between 2 and %(n)s seats.", n=MAX_SEATS))
    assembly.title, assembly.size, assembly.rating_scale = title.strip(), size, rating_scale
    if plain(categories) != plain(assembly.categories or []):
        assembly.categories = keep_labels(assembly.categories or [], categories)
        assembly.quotas = [q for q in assembly.quotas or []
                           if _knows(categories, q["category"], q["value"])]


def _knows(categories: list[dict], category: str, value: str) -> bool:
    return any(c["name"] == category and value in c["values"] for c in categories)


def quotas_of(assembly: Assembly) -> list[Quota]:
    return [Quota(**q) for q in assembly.quotas or []]


def set_quotas(session: Session, actor: User, assembly: Assembly, quotas: list[Quota]) -> None:
    """Quotas for every value of every category; the sums must allow the assembly's size."""
    if panel_draw(assembly):
        raise NotAllowed(_l("The panel is drawn: its quotas can no longer change."))
    for quota in quotas:
        if not _knows(assembly.categories, quota.category, quota.value):
            raise ConsultError(_l("The quota %(quota)s names a value the assembly does not have.",
                                  quota=quota.name))
        if quota.min < 0 or quota.max < quota.min:
            raise ConsultError(_l("The quota %(quota)s must have 0 ≤ min ≤ max.",
                                  quota=quota.name))
    for category in assembly.categories:
        group = [q for q in quotas if q.category == category["name"]]
        low, high = sum(q.min for q in group), sum(q.max for q in group)
        if low > assembly.size:
            raise ConsultError(_l("The minimums for “%(category)s” add up to %(total)s, more than "
                                  "the %(size)s seats.", category=category["name"], total=low,
                                  size=assembly.size))
        if high < assembly.size:
            raise ConsultError(_l("The maximums for “%(category)s” add up to %(total)s, fewer "
                                  "than the %(size)s seats.", category=category["name"],
                                  total=high, size=assembly.size))
    assembly.quotas = [asdict(q) for q in quotas]
    events.record(session, actor, "assembly.quotas", assembly, {"quotas": assembly.quotas})


def quotas_from_shares(assembly: Assembly, shares: dict[tuple[str, str], float],
                       slack: int = 1) -> list[Quota]:
    """Quotas around census shares: each value gets its share of seats, give or take `slack`."""
    quotas = []
    for category in assembly.categories:
        for value in category["values"]:
            target = round(assembly.size * shares.get((category["name"], value), 0.0))
            quotas.append(Quota(category["name"], value, max(0, target - slack), target + slack))
    return quotas


# --- the pool ------------------------------------------------------------------------------------

def volunteer(session: Session, assembly: Assembly, name: str, email: str, phone: str,
              attributes: dict[str, str], language: str = "en") -> Volunteer:
    """A resident registers interest; their contact details stay private."""
    if not assembly.recruiting:
        raise NotAllowed(_l("This assembly is no longer taking volunteers."))
    if not (email.strip() or phone.strip()):
        raise ConsultError(_l("Give an email address or a phone number so that we can reach "
                              "you if you are drawn."))
    _check_attributes(assembly, attributes)
    person = Volunteer(assembly=assembly, reference=_new_reference(session, assembly),
                       name=name.strip(), email=email.strip(), phone=phone.strip(),
                       attributes=attributes, language=language)
    session.add(person)
    events.record(session, None, "assembly.volunteered", assembly, {})
    return person


def _check_attributes(assembly: Assembly, attributes: dict[str, str]) -> None:
    for category in assembly.categories:
        if attributes.get(category["name"]) not in category["values"]:
            raise ConsultError(_l("Choose a value for “%(category)s”.",
                                  category=category["name"]))


def _new_reference(session: Session, assembly: Assembly) -> str:
    taken = set(session.scalars(select(Volunteer.reference)
                                .where(Volunteer.assembly_id == assembly.id)))
    reference = "V" + secrets.token_hex(4).upper()
    while reference in taken:
        reference = "V" + secrets.token_hex(4).upper()
    return reference


def import_pool(session: Session, actor: User, assembly: Assembly, data: bytes) -> int:
    """Add volunteers from a CSV (an `id` column, one column per category, optional name,
    email, phone and language): every row checked, all or nothing."""
    people, columns = selection.read_pool_csv(decode_csv(data), CONTACT_COLUMNS)
    missing = [name for name in assembly.category_names if name not in columns]
    if missing:
        raise SelectionProblem(_l("The file has no column for %(categories)s.",
                                  categories=", ".join(missing)))
    taken = set(session.scalars(select(Volunteer.reference)
                                .where(Volunteer.assembly_id == assembly.id)))
    for line, person in enumerate(people, start=2):
        if person["id"] in taken:
            raise SelectionProblem(_l("Line %(line)s: “%(id)s” is already in the pool.",
                                      line=line, id=person["id"]))
        for category in assembly.categories:
            if person[category["name"]] not in category["values"]:
                raise SelectionProblem(_l(
                    "Line %(line)s: “%(value)s” is not a value of “%(category)s” (%(values)s).",
                    line=line, value=person[category["name"]], category=category["name"],
                    values=", ".join(category["values"])))
    for person in people:
        session.add(Volunteer(
            assembly=assembly, reference=person["id"], imported=True,
            name=person.get("name", ""), email=person.get("email", ""),
            phone=person.get("phone", ""), language=person.get("language", "en")[:8],
            attributes={name: person[name] for name in assembly.category_names}))
    events.record(session, actor, "assembly.pool_imported", assembly, {"people": len(people)})
    return len(people)


def composition(volunteers: list[Volunteer], assembly: Assembly) -> dict[str, Counter]:
    """category -> value -> how many of `volunteers` declare it."""
    return {name: Counter(v.attributes.get(name) for v in volunteers)
            for name in assembly.category_names}


# --- draws ---------------------------------------------------------------------------------------

def panel_draw(assembly: Assembly) -> Draw | None:
    return next((d for d in assembly.draws
                 if d.kind is DrawKind.PANEL and d.status is not DrawStatus.FAILED), None)


def assembly_of_plan(session: Session, plan: ActionPlan) -> Assembly | None:
    """The assembly deliberating on `plan`, if it has one."""
    return session.scalar(select(Assembly).where(Assembly.plan_id == plan.id))


def members(assembly: Assembly) -> list[Volunteer]:
    return [v for v in assembly.volunteers if v.is_member]


def start_draw(session: Session, actor: User, assembly: Assembly, seed: int | None = None) -> Draw:
    """Check the inputs now, then draw the panel in the background (see `execute_draw`)."""
    if panel_draw(assembly):
        raise Conflict(_l("The panel is already drawn. Draw replacements for members who "
                          "drop out."))
    pool = [v for v in assembly.volunteers if v.dropped_out_at is None]
    return _start(session, actor, assembly, DrawKind.PANEL, pool, quotas_of(assembly),
                  assembly.size, seed)


def start_replacement(session: Session, actor: User, assembly: Assembly,
                      seed: int | None = None) -> Draw:
    """Draw people for the empty seats from those never drawn, keeping every quota."""
    if not panel_draw(assembly) or any(d.status is DrawStatus.RUNNING for d in assembly.draws):
        raise Conflict(_l("Wait for the panel draw to finish."))
    seated = members(assembly)
    empty = assembly.size - len(seated)
    if empty <= 0:
        raise Conflict(_l("Every seat is taken: nobody needs replacing."))
    pool = [v for v in assembly.volunteers if v.selected_by_id is None]
    return _start(session, actor, assembly, DrawKind.REPLACEMENT, pool,
                  remaining_quotas(assembly, seated), empty, seed)


def remaining_quotas(assembly: Assembly, seated: list[Volunteer]) -> list[Quota]:
    """The quotas less the seats the members still there already fill."""
    held = composition(seated, assembly)
    return [Quota(q.category, q.value, max(0, q.min - held[q.category][q.value]),
                  max(0, q.max - held[q.category][q.value])) for q in quotas_of(assembly)]


def _start(session: Session, actor: User, assembly: Assembly, kind: DrawKind,
           pool: list[Volunteer], quotas: list[Quota], size: int, seed: int | None) -> Draw:
    if seed is None:
        seed = secrets.randbelow(selection.MAX_SEED) + 1
    people = pool_rows(pool, assembly)
    selection.check(people, assembly.category_names, quotas, size)
    if not 0 < seed <= selection.MAX_SEED:
        raise SelectionProblem(_l("The seed is a whole number from 1 to %(max)s.",
                                  max=selection.MAX_SEED))
    # The draw runs on what it needs alone, so that the published files re-run it exactly.
    needed = pool_privacy.minimise(people, assembly.category_names, quotas, size)
    snapshot = selection.pool_csv(needed.people, needed.categories)
    draw = Draw(assembly=assembly, kind=kind, seed=seed, size=size,
                quotas=[asdict(q) for q in needed.quotas], pool_size=len(people),
                pool_csv=snapshot,
                pool_sha256=selection.sha256(snapshot), algorithm=selection.algorithm_name(),
                created_by_id=actor.id)
    session.add(draw)
    events.record(session, actor, "assembly.draw_started", draw,
                  {"kind": kind.value, "seed": seed, "pool_sha256": draw.pool_sha256})
    enqueue_after_commit(session, "run_draw", draw.id)
    return draw


def pool_rows(pool: list[Volunteer], assembly: Assembly) -> list[dict[str, str]]:
    return [{"id": v.reference, **{name: v.attributes.get(name, "")
                                   for name in assembly.category_names}} for v in pool]


def execute_draw(session: Session, draw: Draw) -> None:
    """Run the lottery from the draw's own record and seat those drawn. Idempotent."""
    if draw.status is not DrawStatus.RUNNING:
        return
    assembly = draw.assembly
    people, categories = selection.read_pool_csv(draw.pool_csv)
    session.commit()  # nothing held while the solver runs, for minutes on a large pool
    try:
        outcome = selection.draw(people, categories, [Quota(**q) for q in draw.quotas],
                                 draw.size, draw.seed)
    except SelectionProblem as problem:
        fail_draw(session, draw, str(problem.message))
        return
    by_reference = {v.reference: v for v in assembly.volunteers}
    for reference, chance in outcome.probabilities.items():
        if draw.kind is DrawKind.PANEL:
            by_reference[reference].probability = chance
    for reference in outcome.selected:
        by_reference[reference].selected_by_id = draw.id
    draw.selected, draw.status, draw.finished_at = outcome.selected, DrawStatus.DONE, utcnow()
    draw.min_probability, draw.max_probability = outcome.min_probability, outcome.max_probability
    draw.algorithm = outcome.algorithm
    assembly.recruiting = False
    events.record(session, None, "assembly.drawn", draw,
                  {"selected": outcome.selected, "seed": draw.seed})


def fail_draw(session: Session, draw: Draw, reason: str = "") -> None:
    draw.status, draw.finished_at = DrawStatus.FAILED, utcnow()
    draw.error = reason or str(_l("The solver stopped with an error. Try the draw again."))
    events.record(session, None, "assembly.draw_failed", draw, {})


def publish_draw(session: Session, actor: User, draw: Draw) -> None:
    if draw.status is not DrawStatus.DONE:
        raise ConsultError(_l("Only a finished draw can be published."))
    draw.published_at = draw.published_at or utcnow()
    events.record(session, actor, "assembly.draw_published", draw, {})


def record_of(draw: Draw) -> dict:
    """What anyone needs to run the draw again and check they get the same panel, and what
    the public copy of the pool leaves out (see `consult.assemblies.pool_privacy`)."""
    public = pool_privacy.public_pool(draw.pool_csv)
    published = draw.pool_csv.split("\n", 1)[0].split(",")[1:]
    return {
        "published_categories": published,
        "left_out_categories": [c for c in draw.assembly.category_names if c not in published],
        "public_pool_sha256": selection.sha256(public.text), "min_group": pool_privacy.MIN_GROUP,
        "hidden_values": public.hidden_values,
        "rows_with_hidden_values": public.rows_with_hidden_values,
        "public_rerun_exact": public.exact,
        "merged_groups": [q["value"] for q in draw.quotas if pool_privacy.MERGED in q["value"]],
        "assembly": draw.assembly.title, "kind": draw.kind.value, "seed": draw.seed,
        "seats": draw.size, "algorithm": draw.algorithm, "pool_size": draw.pool_size,
        "pool_sha256": draw.pool_sha256, "quotas": draw.quotas, "selected": draw.selected,
        "min_probability": draw.min_probability, "max_probability": draw.max_probability,
        "drawn_at": draw.finished_at.isoformat() if draw.finished_at else None,
        "rerun": (f"consult assembly draw --pool pool.csv --quotas quotas.csv "
                  f"--size {draw.size} --seed {draw.seed} --out panel.csv"),
    }


def drop_out(session: Session, actor: User, member: Volunteer) -> None:
    if not member.is_member:
        raise ConsultError(_l("Only a member can drop out."))
    member.dropped_out_at = utcnow()
    member.token_nonce = new_nonce()  # their invitation link stops working
    events.record(session, actor, "assembly.dropped_out", member.assembly,
                  {"member": member.reference})
