"""Text a person types or a mail brings: invisible direction and control characters, and how
long a text may be.

A right-to-left override in a pass number reversed a woman's name in the register and in the
official letter. Forms refuse such characters (`refuse_hidden_characters`), mail import and
letter filling, which cannot refuse, remove them (`without_hidden_characters`).

Lengths per kind (`NAME_LENGTH`, `SHORT_TEXT_LENGTH`, `LONG_TEXT_LENGTH`) are ceilings: a field
may be tighter (a phone number, a short note), never longer. A CharField's `max_length` is its
column width; a TextField has `max_length` for its form and `length_at_most` in the database.
Every form field without a bound gets `LONG_TEXT_LENGTH` (`stapteam/forms/fields.py`).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

# A person's or a thing's name.
NAME_LENGTH = 200
# One line of text: a reason, a motivation, a description.
SHORT_TEXT_LENGTH = 500
# Notes, summaries, decision texts and other free text (a decision letter's motivation fits).
LONG_TEXT_LENGTH = 10_000
# The text of one inbound mail; the whole message is kept as its .eml file beside it.
MAIL_BODY_LENGTH = 1_000_000
# What a text cut to its bound ends with (data migrations, mail import).
SHORTENED = " [ingekort]"

# Marks and embeddings that change the direction of the text around them.
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 and C1 control characters, except tab, line feed and carriage return.
CONTROL = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if c not in (9, 10, 13))
_HIDDEN = re.compile("[" + re.escape(BIDI + CONTROL) + "]")

HIDDEN_CHARACTER = _(
    "Deze tekst bevat een onzichtbaar stuurteken (bijvoorbeeld voor de leesrichting). "
    "Typ de tekst opnieuw of plak hem zonder opmaak."
)


def has_hidden_characters(text: str) -> bool:
    return bool(_HIDDEN.search(text))


def without_hidden_characters(text: str) -> str:
    return _HIDDEN.sub("", text)


def refuse_hidden_characters(text: str) -> None:
    """A validator: a Dutch refusal of text with a direction or control character."""
    if has_hidden_characters(text):
        raise ValidationError(HIDDEN_CHARACTER, code="hidden_character")


def length_at_most(field: str, limit: int, *, name: str) -> models.CheckConstraint:
    """The database's bound on a TextField (PostgreSQL `text` has none of its own)."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


def shortened(text: str, limit: int) -> str:
    """Text cut to `limit` characters, ending with the marker that says so."""
    return text if len(text) <= limit else text[: limit - len(SHORTENED)] + SHORTENED
