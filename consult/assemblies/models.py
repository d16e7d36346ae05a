"""The citizens' assembly: a volunteer pool, its draws, the members drawn, and the rounds in
which they deliberate, amend, rate and rank the drafts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core import labels
from consult.core.base import Base, enum_column_type, new_nonce, utcnow
from consult.core.scoping import OrganisationScoped


class RatingScale(StrEnum):
    THREE = "three"  # oppose / neutral / support
    FIVE = "five"  # 1 to 5


class Assembly(OrganisationScoped, Base):
    __tablename__ = "assembly"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"),
                                         index=True)
    title: Mapped[str] = mapped_column(String(200))
    size: Mapped[int]
    # [{"name": "age", "values": ["16-29", ...]}, ...]: the categories volunteers declare.
    categories: Mapped[list] = mapped_column(JSON, default=list)
    # [{"category": "age", "value": "16-29", "min": 2, "max": 4}, ...]
    quotas: Mapped[list] = mapped_column(JSON, default=list)
    rating_scale: Mapped[RatingScale] = mapped_column(enum_column_type(RatingScale),
                                                      default=RatingScale.THREE)
    recruiting: Mapped[bool] = mapped_column(default=True)  # volunteers may sign up
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan = relationship("ActionPlan")
    organisation = relationship("Organisation")
    volunteers: Mapped[list[Volunteer]] = relationship(back_populates="assembly",
                                                       order_by="Volunteer.id")
    draws: Mapped[list[Draw]] = relationship(back_populates="assembly", order_by="Draw.id")
    rounds: Mapped[list[Round]] = relationship(back_populates="assembly", order_by="Round.number")

    @property
    def category_names(self) -> list[str]:
        return [category["name"] for category in self.categories]


class Volunteer(OrganisationScoped, Base):
    """A resident in the pool. Contact details are private to facilitators."""

    __tablename__ = "volunteer"
    __table_args__ = (UniqueConstraint("assembly_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assembly.id", ondelete="CASCADE"),
                                             index=True)
    reference: Mapped[str] = mapped_column(String(40))  # the public, pseudonymous pool id
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)  # category -> value
    language: Mapped[str] = mapped_column(String(8), default="en")
    imported: Mapped[bool] = mapped_column(default=False)
    probability: Mapped[float | None]  # chance of selection in the panel draw
    selected_by_id: Mapped[int | None] = mapped_column(ForeignKey("draw.id"))
    dropped_out_at: Mapped[datetime | None]
    token_nonce: Mapped[str] = mapped_column(String(32), default=new_nonce)  # revokes links
    joined_at: Mapped[datetime | None]  # first used the invitation link
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    assembly: Mapped[Assembly] = relationship(back_populates="volunteers")
    selected_by = relationship("Draw", foreign_keys=[selected_by_id])

    @property
    def is_member(self) -> bool:
        return self.selected_by_id is not None and self.dropped_out_at is None


class DrawKind(StrEnum):
    PANEL = "panel"
    REPLACEMENT = "replacement"


class DrawStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Draw(OrganisationScoped, Base):
    """One lottery, with everything needed to run it again and get the same result."""

    __tablename__ = "draw"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assembly.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[DrawKind] = mapped_column(enum_column_type(DrawKind))
    status: Mapped[DrawStatus] = mapped_column(enum_column_type(DrawStatus),
                                               default=DrawStatus.RUNNING)
    error: Mapped[str] = mapped_column(Text, default="")  # why a failed draw failed
    seed: Mapped[int]
    size: Mapped[int]
    quotas: Mapped[list] = mapped_column(JSON)
    pool_size: Mapped[int]
    pool_sha256: Mapped[str] = mapped_column(String(64))
    pool_csv: Mapped[str] = mapped_column(Text)  # the anonymised snapshot that was hashed
    algorithm: Mapped[str] = mapped_column(String(80))  # name and library version
    selected: Mapped[list] = mapped_column(JSON, default=list)  # pool references
    min_probability: Mapped[float | None]
    max_probability: Mapped[float | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]

    assembly: Mapped[Assembly] = relationship(back_populates="draws")


class RoundStage(StrEnum):
    DELIBERATE = "deliberate"
    VOTE = "vote"
    RESULTS = "results"


class Round(OrganisationScoped, Base):
    __tablename__ = "assembly_round"
    __table_args__ = (UniqueConstraint("assembly_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assembly.id", ondelete="CASCADE"),
                                             index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    stage: Mapped[RoundStage] = mapped_column(enum_column_type(RoundStage),
                                              default=RoundStage.DELIBERATE)
    closed_at: Mapped[datetime | None]  # set when the facilitator closes it early
    summary: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None]
    # The agenda also shows the ideas every opinion group agrees with (consult.opinions).
    common_ground: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    assembly: Mapped[Assembly] = relationship(back_populates="rounds")
    items: Mapped[list[AgendaItem]] = relationship(back_populates="round",
                                                   order_by="AgendaItem.position")


class AgendaItem(OrganisationScoped, Base):
    """A theme or a draft commitment the round deliberates on."""

    __tablename__ = "agenda_item"
    __table_args__ = (
        CheckConstraint("(theme_id IS NULL) <> (commitment_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("assembly_round.id", ondelete="CASCADE"),
                                          index=True)
    position: Mapped[int]
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"))
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitment.id",
                                                                 ondelete="CASCADE"))

    round: Mapped[Round] = relationship(back_populates="items")
    theme = relationship("Theme")
    commitment = relationship("Commitment")

    @property
    def title(self) -> str:
        return self.commitment.title if self.commitment else self.theme.label


class Comment(OrganisationScoped, Base):
    __tablename__ = "assembly_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"),
                                         index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("assembly_comment.id",
                                                             ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[AgendaItem] = relationship()
    member = relationship("Volunteer")
    replies: Mapped[list[Comment]] = relationship(order_by="Comment.id")


class AmendmentStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Amendment(OrganisationScoped, Base):
    """A member's proposed new text for one field of a commitment on the agenda."""

    __tablename__ = "amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"),
                                         index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(40))
    original: Mapped[str] = mapped_column(Text)  # the field's text when it was proposed
    proposed: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[AmendmentStatus] = mapped_column(enum_column_type(AmendmentStatus),
                                                    default=AmendmentStatus.PROPOSED)
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("commitment_revision.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[AgendaItem] = relationship()
    member = relationship("Volunteer")
    supports: Mapped[list[AmendmentSupport]] = relationship(back_populates="amendment")


class AmendmentSupport(OrganisationScoped, Base):
    __tablename__ = "amendment_support"
    __table_args__ = (UniqueConstraint("amendment_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendment.id", ondelete="CASCADE"),
                                              index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    amendment: Mapped[Amendment] = relationship(back_populates="supports")


class Rating(OrganisationScoped, Base):
    """One member's rating of one agenda item; a second rating replaces the first."""

    __tablename__ = "assembly_rating"
    __table_args__ = (UniqueConstraint("item_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"),
                                         index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    value: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Ranking(OrganisationScoped, Base):
    """One member's order of the round's commitments, most preferred first."""

    __tablename__ = "assembly_ranking"
    __table_args__ = (UniqueConstraint("round_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("assembly_round.id", ondelete="CASCADE"),
                                          index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    item_ids: Mapped[list] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


labels.register({
    DrawKind.PANEL: _l("Panel"),
    DrawKind.REPLACEMENT: _l("Replacements"),
    DrawStatus.RUNNING: _l("Drawing…"),
    DrawStatus.DONE: _l("Drawn"),
    DrawStatus.FAILED: _l("Failed"),
    RoundStage.DELIBERATE: _l("Deliberation"),
    RoundStage.VOTE: _l("Voting"),
    RoundStage.RESULTS: _l("Closed: results"),
    AmendmentStatus.PROPOSED: _l("Proposed"),
    AmendmentStatus.ACCEPTED: _l("Accepted"),
    AmendmentStatus.DECLINED: _l("Declined"),
    RatingScale.THREE: _l("Support / neutral / oppose"),
    RatingScale.FIVE: _l("1 to 5"),
})
