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

__all__ = [
    "Application",
    "ApplicationAttachment",
    "ApplicationStatusChange",
    "Call",
    "DeadlineExtension",
    "FaqEntry",
    "InfoSessionRegistration",
    "JointOrganisation",
    "KeyTopic",
    "Priority",
    "ProposedAttendee",
    "TimelineStep",
    "call_timeline",
]
