"""Every table, from the feature that owns it: Alembic and the tests read the whole schema
here; features import their tables from the features themselves."""

from consult.accounts.models import AccountSession
from consult.accounts.token_model import ApiToken, TokenScope
from consult.assemblies.models import (
    AgendaItem,
    Amendment,
    AmendmentStatus,
    AmendmentSupport,
    Assembly,
    Comment,
    Draw,
    DrawKind,
    DrawStatus,
    Ranking,
    Rating,
    RatingScale,
    Round,
    RoundStage,
    Volunteer,
)
from consult.consultations.models import Consultation, Phase, Question
from consult.core.base import Base
from consult.core.event import Event
from consult.core.job import FailedJob, OutboxJob, WorkerHeartbeat
from consult.core.organisation import Organisation, OrganisationHost
from consult.core.user import STAFF_ROLES, Role, RoleName, User
from consult.ideas.channels.models import (
    ChannelContact,
    ChannelMessage,
    ChannelNews,
    ChannelRoute,
    Gateway,
    GatewayKind,
    HeldReason,
    MessageKind,
)
from consult.ideas.models import (
    Channel,
    Flag,
    FlagReason,
    Submission,
    SubmissionRevision,
    SubmissionStatus,
    Support,
)
from consult.opinions.models import (
    Classification,
    OpinionGroup,
    OpinionMember,
    OpinionRun,
    OpinionStatement,
    OpinionVote,
    Stance,
)
from consult.pairwise.models import PairwiseItem, PairwiseRound, PairwiseShown, PairwiseVote
from consult.plans.models import (
    ActionPlan,
    Assessment,
    Commitment,
    CommitmentRevision,
    CommitmentStatus,
    Completion,
    Milestone,
    MilestoneStatus,
    OpenedGovernment,
    PlanStatus,
    ProgressUpdate,
    ProvenanceLink,
)
from consult.responses.follow_model import Follow
from consult.responses.models import (
    MailOptOut,
    Notice,
    NoticeKind,
    Response,
    ResponseState,
    ResponseStatus,
)
from consult.themes.embedding_model import Embedding
from consult.themes.models import (
    ClusteringRun,
    CurationAction,
    CurationKind,
    IdeaCuration,
    MembershipSource,
    RunStatus,
    Theme,
    ThemeMembership,
)
from consult.themes.subtheme_model import Subtheme
from consult.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery

# Indexes that migrations alone make, on expressions Alembic's comparison cannot read back:
# PostgreSQL's full-text index of ideas (migration 0014, `consult.ideas.listing.searched`).
MIGRATION_ONLY_INDEXES = frozenset({"ix_submission_search"})


def compared(_object, name, type_, _reflected, _compare_to) -> bool:
    """Alembic's `include_object`: what a comparison of the models with a database covers."""
    return not (type_ == "index" and name in MIGRATION_ONLY_INDEXES)


__all__ = [
    "MIGRATION_ONLY_INDEXES",
    "compared",
    "AccountSession",
    "ApiToken",
    "AgendaItem",
    "Amendment",
    "AmendmentStatus",
    "AmendmentSupport",
    "Assembly",
    "Comment",
    "DeliveryStatus",
    "Draw",
    "DrawKind",
    "DrawStatus",
    "Ranking",
    "Rating",
    "RatingScale",
    "Round",
    "RoundStage",
    "Volunteer",
    "ActionPlan",
    "Commitment",
    "CommitmentRevision",
    "CommitmentStatus",
    "Milestone",
    "MilestoneStatus",
    "PlanStatus",
    "ProvenanceLink",
    "Assessment",
    "Completion",
    "MailOptOut",
    "Notice",
    "NoticeKind",
    "OpenedGovernment",
    "ProgressUpdate",
    "Response",
    "ResponseState",
    "ResponseStatus",
    "Base",
    "Channel",
    "ChannelContact",
    "ChannelMessage",
    "ChannelNews",
    "ChannelRoute",
    "Gateway",
    "GatewayKind",
    "HeldReason",
    "MessageKind",
    "ClusteringRun",
    "Consultation",
    "CurationAction",
    "CurationKind",
    "Embedding",
    "Subtheme",
    "Event",
    "Follow",
    "Classification",
    "OpinionGroup",
    "OpinionMember",
    "OpinionRun",
    "OpinionStatement",
    "OpinionVote",
    "Stance",
    "PairwiseItem",
    "PairwiseRound",
    "PairwiseShown",
    "PairwiseVote",
    "FailedJob",
    "OutboxJob",
    "Flag",
    "FlagReason",
    "IdeaCuration",
    "MembershipSource",
    "Organisation",
    "OrganisationHost",
    "Phase",
    "Question",
    "Role",
    "RoleName",
    "STAFF_ROLES",
    "RunStatus",
    "Submission",
    "SubmissionRevision",
    "SubmissionStatus",
    "Support",
    "Theme",
    "TokenScope",
    "ThemeMembership",
    "User",
    "Webhook",
    "WebhookDelivery",
    "WorkerHeartbeat",
]
