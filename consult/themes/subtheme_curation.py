"""A facilitator's curation of sub-themes: rename, move an idea, merge two, split one.

Each decision is kept where the next run reads it: a name on the sub-theme (it keeps its id
while its ideas mostly stay), a moved idea on its curation (the run puts it back, and keeps
the sub-theme alive). A merge moves every idea so, and retires the emptied sub-theme; a split
moves the ideas of its smaller part so, into a new sub-theme.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import ConsultError, NotFound
from consult.core.user import User
from consult.ideas.models import Submission
from consult.themes.curation import idea_vectors
from consult.themes.models import IdeaCuration, ThemeMembership
from consult.themes.state import current_run
from consult.themes.subtheme_model import Subtheme

NAME_LENGTH = 200


def rename_subtheme(session: Session, actor: User, subtheme: Subtheme, label: str) -> None:
    """Name a sub-theme; the name stays over every re-run while the sub-theme does."""
    label = " ".join(label.split())
    if not label:
        raise ConsultError(_l("Give the sub-theme a name."))
    if len(label) > NAME_LENGTH:
        raise ConsultError(_l("A name must have at most %(n)s characters.", n=NAME_LENGTH))
    _live(subtheme)
    before = subtheme.label
    subtheme.label, subtheme.named_by_facilitator = label, True
    events.record(session, actor, "subtheme.renamed", subtheme,
                  {"theme": subtheme.theme_id, "from": before, "to": label})


def move_to_subtheme(session: Session, actor: User, subtheme: Subtheme,
                     submission_id: int | None) -> None:
    """Put an idea of the sub-theme's theme in that sub-theme, now and after every re-run."""
    _live(subtheme)
    run = current_run(session, subtheme.theme.consultation_id)
    membership = None if run is None or submission_id is None else session.scalar(
        select(ThemeMembership).where(ThemeMembership.run_id == run.id,
                                      ThemeMembership.submission_id == submission_id))
    if membership is None or membership.theme_id != subtheme.theme_id:
        raise ConsultError(_l("Idea %(id)s is not in this theme: move it to the theme first.",
                              id=submission_id or "?"))
    before = membership.subtheme_id
    _place(session, membership, subtheme)
    events.record(session, actor, "subtheme.idea_moved", subtheme,
                  {"idea": submission_id, "from": before, "to": subtheme.id})


def merge_subthemes(session: Session, actor: User, subtheme: Subtheme,
                    into_id: int | None) -> Subtheme:
    """Put every idea of ``subtheme`` in the sub-theme ``into_id`` of the same theme, now and
    after every re-run, and retire ``subtheme``. The sub-theme merged into."""
    _live(subtheme)
    into = None if into_id is None else session.get(Subtheme, into_id)
    if into is None or into.theme_id != subtheme.theme_id or into.retired_at is not None:
        raise ConsultError(_l("Choose another sub-theme of this theme to merge into."))
    if into.id == subtheme.id:
        raise ConsultError(_l("A sub-theme cannot be merged into itself."))
    run = current_run(session, subtheme.theme.consultation_id)
    memberships = [] if run is None else session.scalars(select(ThemeMembership).where(
        ThemeMembership.run_id == run.id, ThemeMembership.subtheme_id == subtheme.id)).all()
    for membership in memberships:
        _place(session, membership, into)
    subtheme.retired_at = utcnow()
    events.record(session, actor, "subtheme.merged", into,
                  {"theme": into.theme_id, "from": subtheme.id, "ideas": len(memberships)})
    return into


def split_subtheme(session: Session, actor: User, subtheme: Subtheme) -> Subtheme:
    """Split ``subtheme`` in two by its ideas' meaning: the larger part keeps it, the other
    becomes a new sub-theme of the same theme, named from its ideas. The new sub-theme."""
    from consult.nlp.cluster import cluster_embeddings  # scikit-learn: loaded when used
    from consult.nlp.labels import label_themes

    _live(subtheme)
    run = current_run(session, subtheme.theme.consultation_id)
    memberships = [] if run is None else session.scalars(
        select(ThemeMembership).where(ThemeMembership.run_id == run.id,
                                      ThemeMembership.subtheme_id == subtheme.id)
        .order_by(ThemeMembership.submission_id)).all()
    if len(memberships) < 4:
        raise ConsultError(_l("A sub-theme needs at least 4 ideas to be split."))
    text_of = dict(session.execute(select(Submission.id, Submission.text).where(
        Submission.id.in_([m.submission_id for m in memberships]))).all())
    texts = [text_of[m.submission_id] for m in memberships]
    vectors = idea_vectors(session, subtheme.theme.consultation, texts)
    result = cluster_embeddings(vectors, k=2, seed=run.seed)
    if len(result.keys) < 2:
        raise ConsultError(_l("These ideas are too alike to be split automatically; "
                              "move some of them by hand."))
    parts = sorted((result.members(key) for key in result.keys), key=len)
    names = label_themes(texts, vectors, result.labels, result.centroids)
    name = names[int(result.labels[parts[0][0]])]
    part = Subtheme(theme_id=subtheme.theme_id, created_by_run_id=run.id,
                    label=name.label[:200], keywords=name.keywords,
                    description=getattr(name, "description", ""),
                    representative_id=(memberships[name.representative].submission_id
                                       if name.representative >= 0 else None),
                    examples=[memberships[row].submission_id for row in name.examples])
    session.add(part)
    session.flush()
    for row in parts[0]:
        _place(session, memberships[row], part)
    events.record(session, actor, "subtheme.split", subtheme,
                  {"theme": subtheme.theme_id, "into": [subtheme.id, part.id],
                   "ideas": len(parts[0])})
    return part


def _live(subtheme: Subtheme) -> None:
    if subtheme.retired_at is not None:
        raise NotFound(_l("This sub-theme is no longer in the current run."))


def _place(session: Session, membership: ThemeMembership, subtheme: Subtheme) -> None:
    """The idea of ``membership`` is in ``subtheme`` now, and the next runs put it back there."""
    membership.subtheme_id = subtheme.id
    curation = session.get(IdeaCuration, membership.submission_id)
    if curation is None:
        curation = IdeaCuration(submission_id=membership.submission_id)
        session.add(curation)
    curation.placed_in_subtheme_id = subtheme.id
