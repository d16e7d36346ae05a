"""Database models, one module per aggregate."""

from consult.models.base import Base
from consult.models.consultation import Consultation, Phase, Question
from consult.models.embedding import Embedding
from consult.models.event import Event
from consult.models.organisation import Organisation
from consult.models.plan import (
    ActionPlan,
    Commitment,
    CommitmentRevision,
    CommitmentStatus,
    Milestone,
    MilestoneStatus,
    PlanStatus,
    ProvenanceLink,
)
from consult.models.submission import (
    Channel,
    Flag,
    FlagReason,
    Submission,
    SubmissionStatus,
    Support,
)
from consult.models.theme import (
    ClusteringRun,
    CurationAction,
    CurationKind,
    IdeaCuration,
    MembershipSource,
    RunStatus,
    Theme,
    ThemeMembership,
)
from consult.models.user import Role, RoleName, User

__all__ = [
    "ActionPlan",
    "Commitment",
    "CommitmentRevision",
    "CommitmentStatus",
    "Milestone",
    "MilestoneStatus",
    "PlanStatus",
    "ProvenanceLink",
    "Base",
    "Channel",
    "ClusteringRun",
    "Consultation",
    "CurationAction",
    "CurationKind",
    "Embedding",
    "Event",
    "Flag",
    "FlagReason",
    "IdeaCuration",
    "MembershipSource",
    "Organisation",
    "Phase",
    "Question",
    "Role",
    "RoleName",
    "RunStatus",
    "Submission",
    "SubmissionStatus",
    "Support",
    "Theme",
    "ThemeMembership",
    "User",
]
