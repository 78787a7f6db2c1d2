from .application import (
    Application,
    ApplicationAttachment,
    ApplicationStatusChange,
    DeadlineExtension,
    JointOrganisation,
    ProposedAttendee,
)

__all__ = [
    "Application",
    "ApplicationAttachment",
    "ApplicationStatusChange",
    "DeadlineExtension",
    "JointOrganisation",
    "ProposedAttendee",
]
