"""The models of registrations, one noun per module."""

from registrations.models.daypasses import DayPass
from registrations.models.letters import LetterTemplate
from registrations.models.mail import InboundMail, MailAttachment, MailboxFetch
from registrations.models.register import Objection, Registration
from registrations.models.requests import (
    Advice,
    Decision,
    Person,
    RefusalGround,
    RegistrationRequest,
)
from registrations.models.settings import RegistrationSettings
from registrations.models.subject_access import SubjectAccessRedaction, SubjectAccessRequest

__all__ = [
    "Advice",
    "DayPass",
    "Decision",
    "InboundMail",
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
]
