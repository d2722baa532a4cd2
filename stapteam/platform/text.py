"""Text a person types or a mail brings: invisible direction and control characters.

A right-to-left override in a pass number reversed a woman's name in the register and in the
official letter. Forms refuse such characters (`refuse_hidden_characters`), mail import and
letter filling, which cannot refuse, remove them (`without_hidden_characters`).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
