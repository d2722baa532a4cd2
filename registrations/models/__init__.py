"""The models of registrations, one noun per module."""

from registrations.models.daypasses import DayPass
from registrations.models.letters import DECISION_KINDS, Letter, LetterKind, LetterTemplate
from registrations.models.mail import InboundMail, MailAttachment, MailboxFetch
from registrations.models.register import Objection, Registration
from registrations.models.requests import (
    Advice,
    Decision,
    Person,
    RefusalGround,
    RegistrationRequest,
    TermSuspension,
)
from registrations.models.settings import RegistrationSettings
from registrations.models.subject_access import SubjectAccessRedaction, SubjectAccessRequest

__all__ = [
    "DECISION_KINDS",
    "Advice",
    "DayPass",
    "Decision",
    "InboundMail",
    "Letter",
    "LetterKind",
    "LetterTemplate",
    "MailAttachment",
    "MailboxFetch",
    "Objection",
    "Person",
    "RefusalGround",
    "Registration",
    "RegistrationRequest",
    "RegistrationSettings",
    "SubjectAccessRedaction",
    "SubjectAccessRequest",
    "TermSuspension",
]
