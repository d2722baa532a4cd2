"""The models of stapteam, one noun per module."""

from stapteam.models.accounts import Organisation, User, UserManager, UserQuerySet
from stapteam.models.clients import (
    Assignment,
    CaseloadSettings,
    Client,
    ClientAccessGrant,
    ClientQuerySet,
    Handover,
    PeerLink,
)
from stapteam.models.contacts import Contact, NetworkPartner
from stapteam.models.escalations import Escalation, EscalationAction
from stapteam.models.plans import DomainSet, Goal, LifeDomain, Trajectory, ZrmAssessment, ZrmScore

__all__ = [
    "Assignment",
    "CaseloadSettings",
    "Client",
    "ClientAccessGrant",
    "ClientQuerySet",
    "Contact",
    "DomainSet",
    "Escalation",
    "EscalationAction",
    "Goal",
    "Handover",
    "LifeDomain",
    "NetworkPartner",
    "Organisation",
    "PeerLink",
    "Trajectory",
    "User",
    "UserManager",
    "UserQuerySet",
    "ZrmAssessment",
    "ZrmScore",
]
