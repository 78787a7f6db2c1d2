from .coalition import (
    EDIT_ROLES,
    Coalition,
    CoalitionQuerySet,
    HistoricalCoalition,
    HistoricalMembership,
    Interest,
    MemberOrganisation,
    Membership,
    Region,
    name_key,
)
from .joining import CoalitionInvitation, JoinRequest
from .pairs import Partnership, PartnershipStatusChange

__all__ = [
    "EDIT_ROLES",
    "Coalition",
    "CoalitionInvitation",
    "CoalitionQuerySet",
    "HistoricalCoalition",
    "HistoricalMembership",
    "Interest",
    "JoinRequest",
    "MemberOrganisation",
    "Membership",
    "Partnership",
    "PartnershipStatusChange",
    "Region",
    "name_key",
]
