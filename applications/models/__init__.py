from .application import (
    Application,
    ApplicationAttachment,
    ApplicationStatusChange,
    DeadlineExtension,
    JointOrganisation,
    ProposedAttendee,
)
from .calls import (
    Call,
    FaqEntry,
    InfoSessionRegistration,
    KeyTopic,
    Priority,
    TimelineStep,
    call_timeline,
)
from .review import Criterion, ReviewAssignment, Score, ScoringReopening, Stage

__all__ = [
    "Application",
    "ApplicationAttachment",
    "ApplicationStatusChange",
    "Call",
    "Criterion",
    "DeadlineExtension",
    "FaqEntry",
    "InfoSessionRegistration",
    "JointOrganisation",
    "KeyTopic",
    "Priority",
    "ProposedAttendee",
    "ReviewAssignment",
    "Score",
    "ScoringReopening",
    "Stage",
    "TimelineStep",
    "call_timeline",
]
