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
)
from .review import Criterion, ReviewAssignment, Score, ScoringReopening, Stage
from .timeline import TimelineStep, call_timeline

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
