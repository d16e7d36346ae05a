"""Database models, one module per aggregate."""

from consult.models.base import Base
from consult.models.consultation import Consultation, Phase, Question
from consult.models.embedding import Embedding
from consult.models.event import Event
from consult.models.organisation import Organisation
from consult.models.submission import (
    Channel,
    Flag,
    FlagReason,
    Submission,
    SubmissionStatus,
    Support,
)
from consult.models.user import Role, RoleName, User

__all__ = [
    "Base",
    "Channel",
    "Consultation",
    "Embedding",
    "Event",
    "Flag",
    "FlagReason",
    "Organisation",
    "Phase",
    "Question",
    "Role",
    "RoleName",
    "Submission",
    "SubmissionStatus",
    "Support",
    "User",
]
