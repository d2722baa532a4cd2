"""The models of stapteam, one noun per module."""

from stapteam.models.accounts import Organisation, User, UserManager, UserQuerySet
from stapteam.models.audit import AccessLogEntry
from stapteam.models.clients import (
    Assignment,
    CaseloadSettings,
    Client,
    ClientAccessGrant,
    ClientQuerySet,
    Handover,
    PeerLink,
)
from stapteam.models.closures import Closure
from stapteam.models.contacts import Contact, NetworkPartner
from stapteam.models.escalations import Escalation, EscalationAction
from stapteam.models.notifications import Notification, NotificationSettings
from stapteam.models.plans import DomainSet, Goal, LifeDomain, Trajectory, ZrmAssessment, ZrmScore
from stapteam.models.reports import ReportSnapshot
from stapteam.models.retention import DestructionRecord, RetentionCategory
from stapteam.models.subject_access import SubjectAccessRedaction, SubjectAccessRequest
from stapteam.models.submissions import SubmissionKey

__all__ = [
    "AccessLogEntry",
    "Assignment",
    "CaseloadSettings",
    "Client",
    "ClientAccessGrant",
    "ClientQuerySet",
    "Closure",
    "Contact",
    "DestructionRecord",
    "DomainSet",
    "Escalation",
    "EscalationAction",
    "Goal",
    "Handover",
    "LifeDomain",
    "NetworkPartner",
    "Notification",
    "NotificationSettings",
    "Organisation",
    "PeerLink",
    "ReportSnapshot",
    "RetentionCategory",
    "SubjectAccessRedaction",
    "SubjectAccessRequest",
    "SubmissionKey",
    "Trajectory",
    "User",
    "UserManager",
    "UserQuerySet",
    "ZrmAssessment",
    "ZrmScore",
]
